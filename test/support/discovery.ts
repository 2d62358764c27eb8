// Discovery documents derived from the served resources: the legacy per-group-version documents
// (/api, /api/v1, /apis, /apis/G/V) that @kubernetes/client-node reads, and the aggregated
// apidiscovery.k8s.io/v2 documents that kubectl >= 1.30 asks for first on /api and /apis.
import { apiVersionOf, DEFAULT_VERBS, servedGroups, type ServedResource } from './resources.js';

/** Kinds whose objects have a status subresource (every Gateway API kind, and these built-ins). */
const STATUS_SUBRESOURCE_BUILT_INS = new Set(['Namespace', 'Service', 'Pod', 'CustomResourceDefinition']);

function hasStatus(r: ServedResource, builtIn: boolean): boolean {
  return builtIn ? STATUS_SUBRESOURCE_BUILT_INS.has(r.kind) : true;
}

function singular(r: ServedResource): string {
  return r.singular ?? r.kind.toLowerCase();
}

interface Subresource {
  name: string;
  kind: string;
  verbs: string[];
}

function subresources(r: ServedResource, builtIn: boolean): Subresource[] {
  const subs: Subresource[] = [];
  if (hasStatus(r, builtIn)) subs.push({ name: 'status', kind: r.kind, verbs: ['get', 'patch', 'update'] });
  if (r.group === '' && r.kind === 'Pod') {
    subs.push({ name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
  }
  return subs;
}

/** `/api` (APIVersions). */
export function apiVersionsDoc(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(group: string, versions: string[]): object {
  const entries = versions.map((version) => ({ groupVersion: apiVersionOf(group, version), version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

/** `/apis` (APIGroupList) for the non-core groups. */
export function apiGroupListDoc(served: ServedResource[]): object {
  const groups = servedGroups(served).filter((g) => g.group !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupDoc(g.group, g.versions)) };
}

/** `/apis/GROUP` (APIGroup). */
export function apiGroupDoc(served: ServedResource[], group: string): object | undefined {
  const found = servedGroups(served).find((g) => g.group === group && group !== '');
  return found && { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(found.group, found.versions) };
}

/** `/api/v1` or `/apis/GROUP/VERSION` (APIResourceList). */
export function apiResourceListDoc(
  served: ServedResource[],
  group: string,
  version: string,
  isBuiltIn: (group: string) => boolean,
): object | undefined {
  const inVersion = served.filter((r) => r.group === group && r.version === version);
  if (inVersion.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of inVersion) {
    resources.push({
      name: r.plural,
      singularName: singular(r),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs ?? DEFAULT_VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    });
    for (const sub of subresources(r, isBuiltIn(r.group))) {
      resources.push({ name: `${r.plural}/${sub.name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: sub.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/**
 * `/api` or `/apis` as an APIGroupDiscoveryList: `core` selects the legacy group only (for /api),
 * otherwise every named group.
 */
export function aggregatedDiscoveryDoc(
  served: ServedResource[],
  core: boolean,
  apiVersion: AggregatedVersion,
  isBuiltIn: (group: string) => boolean,
): object {
  const groups = servedGroups(served).filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group === '' ? {} : { name: g.group },
      versions: g.versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: served
          .filter((r) => r.group === g.group && r.version === version)
          .map((r) => ({
            resource: r.plural,
            responseKind: { group: r.group, version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: singular(r),
            verbs: r.verbs ?? DEFAULT_VERBS,
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
            ...(r.categories ? { categories: r.categories } : {}),
            subresources: subresources(r, isBuiltIn(r.group)).map((s) => ({
              subresource: s.name,
              responseKind: { group: s.kind === r.kind ? r.group : '', version, kind: s.kind },
              verbs: s.verbs,
            })),
          })),
      })),
    })),
  };
}

/**
 * Which aggregated discovery version the Accept header asks for first, if any. Clients list
 * media types in preference order; the first one the server can produce wins.
 */
export function aggregatedVersionAccepted(accept: string | undefined): AggregatedVersion | undefined {
  for (const mediaType of (accept ?? '').split(',')) {
    const [type, ...params] = mediaType.split(';').map((p) => p.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim())));
    if (p.as === 'APIGroupDiscoveryList' && p.g === 'apidiscovery.k8s.io' && (p.v === 'v2' || p.v === 'v2beta1')) {
      return p.v;
    }
    if (type === 'application/json' && params.length === 0) return undefined;
    if (type === '*/*' || type === 'application/*') return undefined;
  }
  return undefined;
}
