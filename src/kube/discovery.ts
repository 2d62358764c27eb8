// Which Gateway API kinds, at which version, this cluster serves; and which GEP-713 policy kinds
// exist. Asked of the server every run, never hard-coded: v1.0 clusters serve ReferenceGrant as
// v1beta1 and TLSRoute as v1alpha2, v1.6 clusters serve both as v1.
import { ApiError } from '../model/errors.js';
import type { ResourceName } from '../model/snapshot.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP, resourceOf } from '../snapshot/collect.js';
import type { Connection } from './connection.js';
import { KNOWN_POLICY_KINDS } from '../spec/policies.js';

/** One kind the cluster serves, with what a list request needs. */
export interface ServedKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  resource: ResourceName;
}

/** The Gateway API kinds kubectl-gw reads, by the snapshot resource that holds them. */
export const GATEWAY_KINDS: ReadonlyArray<{ kind: string; resource: ResourceName; group: string }> = [
  { kind: 'GatewayClass', resource: 'gatewayclasses', group: GATEWAY_GROUP },
  { kind: 'Gateway', resource: 'gateways', group: GATEWAY_GROUP },
  { kind: 'HTTPRoute', resource: 'httproutes', group: GATEWAY_GROUP },
  { kind: 'GRPCRoute', resource: 'grpcroutes', group: GATEWAY_GROUP },
  { kind: 'TLSRoute', resource: 'tlsroutes', group: GATEWAY_GROUP },
  { kind: 'TCPRoute', resource: 'tcproutes', group: GATEWAY_GROUP },
  { kind: 'UDPRoute', resource: 'udproutes', group: GATEWAY_GROUP },
  { kind: 'ReferenceGrant', resource: 'referencegrants', group: GATEWAY_GROUP },
  { kind: 'BackendTLSPolicy', resource: 'backendtlspolicies', group: GATEWAY_GROUP },
  { kind: 'ListenerSet', resource: 'listenersets', group: GATEWAY_GROUP },
  // Before v1.6 ListenerSet was experimental, under another name and group; the standard one wins.
  { kind: 'XListenerSet', resource: 'listenersets', group: GATEWAY_X_GROUP },
];

export interface GatewayApiDiscovery {
  /** The chosen version of each served resource. */
  served: Partial<Record<ResourceName, ServedKind>>;
  /** Group versions whose resource list could not be read: a kind missing there is unknown, not absent. */
  unreadable: Array<{ groupVersion: string; message: string }>;
  /** Every API group the cluster serves (from /apis), to tell an unknown backend kind from an
   *  implementation-specific one (InvalidKind versus not checked). */
  apiGroups: string[];
  /** Each served group's versions, preferred first (from /apis), for kinds looked up later. */
  groupVersions?: Record<string, string[]>;
}

interface APIGroupList {
  groups?: Array<{
    name: string;
    versions?: Array<{ groupVersion: string; version: string }>;
    preferredVersion?: { groupVersion: string; version: string };
  }>;
}

interface APIResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

/**
 * Kubernetes version priority (apimachinery version.CompareKubeAwareVersionStrings): GA before
 * beta before alpha, higher numbers first; anything else after, alphabetically.
 */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | null => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return null;
    const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (ra && rb) {
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
    return 0;
  }
  if (ra) return -1;
  if (rb) return 1;
  return a.localeCompare(b);
}

/** What each version of a group serves: kind -> resource entry. */
type GroupServes = Map<string, Map<string, { plural: string; namespaced: boolean }>>;

/**
 * Picks the version for each kind: the group's preferredVersion when it serves the kind, else the
 * newest version that does. Pure, so the rule is testable without a server.
 */
export function chooseServedKinds(
  groups: APIGroupList,
  serves: Map<string, GroupServes>,
): Partial<Record<ResourceName, ServedKind>> {
  const served: Partial<Record<ResourceName, ServedKind>> = {};
  for (const { kind, resource, group } of GATEWAY_KINDS) {
    if (served[resource]) continue;
    const byVersion = serves.get(group);
    if (!byVersion) continue;
    const versions = [...byVersion.keys()].filter((v) => byVersion.get(v)!.has(kind));
    if (versions.length === 0) continue;
    const preferred = groups.groups?.find((g) => g.name === group)?.preferredVersion?.version;
    const version = preferred && versions.includes(preferred) ? preferred : versions.sort(compareKubeVersions)[0];
    const entry = byVersion.get(version)!.get(kind)!;
    served[resource] = { group, version, kind, plural: entry.plural, namespaced: entry.namespaced, resource };
  }
  return served;
}

/** Reads /apis and, in parallel, /apis/G/V of every version of the two Gateway API groups. */
export async function discoverGatewayApi(conn: Connection): Promise<GatewayApiDiscovery> {
  const groups = await conn.getJson<APIGroupList>('/apis');
  const wanted = (groups.groups ?? []).filter((g) => g.name === GATEWAY_GROUP || g.name === GATEWAY_X_GROUP);
  const serves = new Map<string, GroupServes>();
  const unreadable: GatewayApiDiscovery['unreadable'] = [];
  const reads = wanted.flatMap((g) =>
    (g.versions ?? []).map(async ({ groupVersion, version }) => {
      let list: APIResourceList;
      try {
        list = await conn.getJson<APIResourceList>(`/apis/${groupVersion}`);
      } catch (e) {
        // A version that vanished between the two requests (a CRD update) or an aggregated API
        // that is down; 401 and network failures stop the run.
        if (!(e instanceof ApiError) || e.status === 401) throw e;
        unreadable.push({ groupVersion, message: e.message });
        return;
      }
      const kinds = new Map<string, { plural: string; namespaced: boolean }>();
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue; // subresources such as httproutes/status
        if (r.verbs && !r.verbs.includes('list')) continue;
        kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
      }
      if (!serves.has(g.name)) serves.set(g.name, new Map());
      serves.get(g.name)!.set(version, kinds);
    }),
  );
  await Promise.all(reads);
  const groupVersions: Record<string, string[]> = {};
  for (const g of groups.groups ?? []) {
    const preferred = g.preferredVersion?.version;
    const versions = (g.versions ?? []).map((v) => v.version);
    groupVersions[g.name] = preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions;
  }
  return { served: chooseServedKinds(groups, serves), unreadable, apiGroups: (groups.groups ?? []).map((g) => g.name), groupVersions };
}

// ---- GEP-713 policies ----

interface CustomResourceDefinition {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; plural: string };
    scope: 'Namespaced' | 'Cluster';
    versions?: Array<{ name: string; served: boolean; storage: boolean }>;
  };
}

export type PolicyDiscovery =
  | { state: 'known'; kinds: ServedKind[] }
  | { state: 'forbidden' | 'not-served' | 'error'; message: string };

/** The label GEP-713 puts on every policy CRD (value Direct or Inherited). */
export const POLICY_LABEL = 'gateway.networking.k8s.io/policy';

/**
 * The policy kinds installed, from the CRDs labelled gateway.networking.k8s.io/policy. Kinds the
 * tool already reads as themselves (BackendTLSPolicy) are left out so they are not read twice.
 */
export async function discoverPolicyKinds(conn: Connection): Promise<PolicyDiscovery> {
  let crds: CustomResourceDefinition[];
  try {
    crds = await conn.listAll<CustomResourceDefinition>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      labelSelector: POLICY_LABEL,
    });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    if (e.status === 403) return { state: 'forbidden', message: 'cannot list customresourcedefinitions (forbidden)' };
    if (e.status === 404) return { state: 'not-served', message: 'the cluster does not serve apiextensions.k8s.io/v1' };
    return { state: 'error', message: e.message };
  }
  const kinds: ServedKind[] = [];
  for (const crd of crds) {
    const served = (crd.spec.versions ?? []).filter((v) => v.served);
    const storage = served.find((v) => v.storage);
    const version = storage?.name ?? served.map((v) => v.name).sort(compareKubeVersions)[0];
    if (!version) continue;
    const own = resourceOf(`${crd.spec.group}/${version}`, crd.spec.names.kind);
    if (own !== null && own !== 'policies') continue;
    kinds.push({
      group: crd.spec.group,
      version,
      kind: crd.spec.names.kind,
      plural: crd.spec.names.plural,
      namespaced: crd.spec.scope === 'Namespaced',
      resource: 'policies',
    });
  }
  return { state: 'known', kinds };
}

/**
 * The well-known implementations' policy kinds this cluster serves, found through discovery: for
 * users who may not list CRDs, and for kinds whose CRDs carry no GEP-713 label (Istio's). Only
 * groups /apis lists are asked, each at its preferred version first; the Gateway API groups are
 * left to discoverGatewayApi and the labelled CRDs.
 */
export async function discoverKnownPolicyKinds(conn: Connection, groupVersions: Record<string, string[]>): Promise<ServedKind[]> {
  const wanted = new Map<string, Set<string>>();
  for (const k of KNOWN_POLICY_KINDS) {
    if (k.group === GATEWAY_GROUP || k.group === GATEWAY_X_GROUP || !groupVersions[k.group]) continue;
    if (!wanted.has(k.group)) wanted.set(k.group, new Set());
    wanted.get(k.group)!.add(k.kind);
  }
  const found = await Promise.all(
    [...wanted].map(async ([group, kinds]) => {
      const out: ServedKind[] = [];
      for (const version of groupVersions[group]) {
        let list: APIResourceList;
        try {
          list = await conn.getJson<APIResourceList>(`/apis/${group}/${version}`);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 401) throw e;
          continue;
        }
        for (const r of list.resources ?? []) {
          if (r.name.includes('/') || !kinds.has(r.kind) || (r.verbs && !r.verbs.includes('list'))) continue;
          kinds.delete(r.kind);
          out.push({ group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced, resource: 'policies' });
        }
        if (kinds.size === 0) break;
      }
      return out;
    }),
  );
  return found.flat();
}
