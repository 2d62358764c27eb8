// The resources the test API server serves: its discovery documents and routing table in one
// list. A kind left out of `served` behaves like a CRD that is not installed.
import type { KubeObject } from '../../src/model/objects.js';

/** A CRD additionalPrinterColumn (or a built-in printer column), shown by `kubectl get`. */
export interface PrinterColumn {
  name: string;
  /** JSONPath subset: `.a.b`, `[*]`, `[N]`, `[?(@.k=="v")]`. */
  jsonPath: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  priority?: number;
}

export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  singular?: string;
  verbs?: string[];
  categories?: string[];
  /** Columns of the server-side Table after NAME (default: AGE only). */
  columns?: PrinterColumn[];
  /**
   * Labels of the CustomResourceDefinition the server lists for a CRD resource, e.g.
   * `{"gateway.networking.k8s.io/policy": "Direct"}` for a GEP-713 policy kind.
   */
  crdLabels?: Record<string, string>;
}

/** What a real apiserver advertises; only get/list are implemented (writes answer 405). */
export const DEFAULT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** The annotations every Gateway API CRD of the release carries (config/crd/standard). */
export const GATEWAY_CRD_ANNOTATIONS = {
  'gateway.networking.k8s.io/bundle-version': 'v1.6.1',
  'gateway.networking.k8s.io/channel': 'standard',
};

const AGE: PrinterColumn = { name: 'Age', jsonPath: '.metadata.creationTimestamp', type: 'date' };
const HOSTNAMES: PrinterColumn = { name: 'Hostnames', jsonPath: '.spec.hostnames', type: 'string' };

function condition(type: string): PrinterColumn {
  return { name: type, jsonPath: `.status.conditions[?(@.type=="${type}")].status`, type: 'string' };
}

function gatewayApi(
  kind: string,
  plural: string,
  versions: string[],
  extra: Partial<ServedResource> = {},
): ServedResource[] {
  return versions.map((version) => ({
    group: GATEWAY_GROUP,
    version,
    kind,
    plural,
    namespaced: true,
    categories: ['gateway-api'],
    columns: [AGE],
    ...extra,
  }));
}

// Printer columns and short names as in the Gateway API CRDs (config/crd/standard, v1.6).
export const DEFAULT_SERVED: ServedResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
    columns: [{ name: 'Status', jsonPath: '.status.phase', type: 'string' }, AGE] },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'],
    categories: ['all'],
    columns: [
      { name: 'Type', jsonPath: '.spec.type', type: 'string' },
      { name: 'Cluster-IP', jsonPath: '.spec.clusterIP', type: 'string' },
      AGE,
    ] },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true,
    columns: [{ name: 'Type', jsonPath: '.type', type: 'string' }, AGE] },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'],
    columns: [{ name: 'Data', jsonPath: '.data', type: 'string' }, AGE] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
    columns: [{ name: 'Status', jsonPath: '.status.phase', type: 'string' }, AGE] },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
    columns: [
      { name: 'Type', jsonPath: '.type', type: 'string' },
      { name: 'Reason', jsonPath: '.reason', type: 'string' },
      { name: 'Message', jsonPath: '.message', type: 'string' },
    ] },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true,
    columns: [{ name: 'AddressType', jsonPath: '.addressType', type: 'string' }, AGE] },
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'],
    columns: [
      { name: 'Type', jsonPath: '.type', type: 'string' },
      { name: 'Reason', jsonPath: '.reason', type: 'string' },
      { name: 'Note', jsonPath: '.note', type: 'string' },
    ] },
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'],
    categories: ['api-extensions'], columns: [{ name: 'Created At', jsonPath: '.metadata.creationTimestamp', type: 'string' }] },
  ...gatewayApi('GatewayClass', 'gatewayclasses', ['v1'], {
    namespaced: false,
    shortNames: ['gc'],
    columns: [
      { name: 'Controller', jsonPath: '.spec.controllerName', type: 'string' },
      condition('Accepted'),
      AGE,
      { name: 'Description', jsonPath: '.spec.description', type: 'string', priority: 1 },
    ],
  }),
  ...gatewayApi('Gateway', 'gateways', ['v1'], {
    shortNames: ['gtw'],
    columns: [
      { name: 'Class', jsonPath: '.spec.gatewayClassName', type: 'string' },
      { name: 'Address', jsonPath: '.status.addresses[*].value', type: 'string' },
      condition('Programmed'),
      AGE,
    ],
  }),
  ...gatewayApi('HTTPRoute', 'httproutes', ['v1'], { columns: [HOSTNAMES, AGE] }),
  ...gatewayApi('GRPCRoute', 'grpcroutes', ['v1'], { columns: [HOSTNAMES, AGE] }),
  ...gatewayApi('ReferenceGrant', 'referencegrants', ['v1', 'v1beta1'], { shortNames: ['refgrant'] }),
  ...gatewayApi('BackendTLSPolicy', 'backendtlspolicies', ['v1'], { shortNames: ['btlspolicy'] }),
  ...gatewayApi('ListenerSet', 'listenersets', ['v1'], {
    shortNames: ['lset'],
    columns: [condition('Accepted'), condition('Programmed'), AGE],
  }),
  ...gatewayApi('TLSRoute', 'tlsroutes', ['v1', 'v1alpha2'], { columns: [HOSTNAMES, AGE] }),
  ...gatewayApi('TCPRoute', 'tcproutes', ['v1', 'v1alpha2']),
  ...gatewayApi('UDPRoute', 'udproutes', ['v1', 'v1alpha2']),
];

/** Groups served by kube-apiserver itself; every other served group is a CRD group. */
export const BUILT_IN_GROUPS = new Set(['', 'discovery.k8s.io', 'events.k8s.io', 'apiextensions.k8s.io']);

/** apiVersion string of a group/version ("v1" for the core group). */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `plural.group` as Kubernetes names a resource in messages ("services" for the core group). */
export function qualifiedName(r: { plural: string; group: string }): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

// Kube-apiserver's version ordering (k8s.io/apimachinery/pkg/version.CompareKubeAwareVersionStrings):
// GA before beta before alpha, higher numbers first. The first one is the preferred version.
function versionRank(v: string): [number, number, number] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return [3, 0, 0];
  const stability = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stability, -Number(m[1]), -Number(m[3] ?? 0)];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionRank(a), versionRank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a.localeCompare(b);
}

export interface GroupVersions {
  group: string;
  /** Preferred first. */
  versions: string[];
}

/** The served groups in first-seen order, each with its versions, preferred first. */
export function servedGroups(served: ServedResource[]): GroupVersions[] {
  const groups = new Map<string, Set<string>>();
  for (const r of served) {
    if (!groups.has(r.group)) groups.set(r.group, new Set());
    groups.get(r.group)!.add(r.version);
  }
  return [...groups].map(([group, versions]) => ({ group, versions: [...versions].sort(compareVersions) }));
}

/**
 * The CustomResourceDefinition objects for CRD resources (one per plural.group, listing its
 * versions, the preferred one as storage version). Tools read them: the Gateway API
 * bundle-version annotation, the GEP-713 policy label.
 */
export function crdObjects(crdResources: ServedResource[]): KubeObject[] {
  const byName = new Map<string, ServedResource[]>();
  for (const r of crdResources) {
    const name = `${r.plural}.${r.group}`;
    byName.set(name, [...(byName.get(name) ?? []), r]);
  }
  return [...byName].map(([name, entries]) => {
    const [r] = entries;
    const versions = entries.map((e) => e.version).sort(compareVersions);
    const labels = entries.find((e) => e.crdLabels)?.crdLabels;
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name,
        ...(labels ? { labels } : {}),
        ...(r.group === GATEWAY_GROUP ? { annotations: { ...GATEWAY_CRD_ANNOTATIONS } } : {}),
      },
      spec: {
        group: r.group,
        names: {
          kind: r.kind,
          listKind: `${r.kind}List`,
          plural: r.plural,
          singular: r.singular ?? r.kind.toLowerCase(),
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          ...(r.categories ? { categories: r.categories } : {}),
        },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        versions: versions.map((version, i) => ({ name: version, served: true, storage: i === 0 })),
      },
      status: { acceptedNames: { kind: r.kind, plural: r.plural }, storedVersions: [versions[0]] },
    };
  });
}
