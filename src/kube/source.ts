// The live cluster as a Snapshot. Everything is read cluster-wide and at once: a route in any
// namespace may attach to a Gateway and a backend may live anywhere, so the command layer filters
// what it shows by -n/-A, never what it reads. Each resource records how completely it was read
// (Coverage), so a list the user may not read never turns into "does not exist".
import type { KubeObject } from '../model/objects.js';
import { ApiError, UserError } from '../model/errors.js';
import { emptySnapshot, type Coverage, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { addObject, GATEWAY_GROUP } from '../snapshot/collect.js';
import type { Connection } from './connection.js';
import { discoverGatewayApi, discoverKnownPolicyKinds, discoverPolicyKinds, GATEWAY_KINDS, type ServedKind } from './discovery.js';
import { addListenerSecrets } from './secrets.js';

export { getService, listEvents } from './lookups.js';

export interface LoadOptions {
  /** Progress lines for -v (what was read, from where, how long it took). */
  verbose?: (line: string) => void;
  /**
   * Which Secrets to read: 'listeners' (the default) fetches those named by listener
   * tls.certificateRefs; 'none' reads no Secret and leaves coverage.secrets as not read.
   */
  secretsFor?: 'listeners' | 'none';
}

/** One list request's outcome. Fatal failures (401, unreachable, timeout) are thrown instead. */
interface ReadResult {
  target: ServedKind;
  items: KubeObject[];
  coverage: Coverage;
  note?: string;
}

const CORE: ServedKind[] = [
  { group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, resource: 'services' },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, resource: 'endpointslices' },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, resource: 'namespaces' },
];

const INSTALL_HINT =
  'Install them with: kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml';

const NOT_READ: Coverage = { state: 'error', message: 'not read from the cluster' };

function apiVersionOf(t: ServedKind): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

function basePath(t: ServedKind): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}

/** Errors that say nothing about one resource but about the whole connection stop the run. */
function isFatal(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 401;
}

/**
 * Lists one kind cluster-wide. On 403 it retries in the connection's namespace (for a namespaced
 * kind) or gets that one Namespace (for namespaces): a user with only namespace rights still sees
 * their own namespace completely, and the coverage says which namespace that is.
 */
async function readList(conn: Connection, t: ServedKind): Promise<ReadResult> {
  const apiVersion = apiVersionOf(t);
  try {
    const items = await conn.listAll<KubeObject>(`${basePath(t)}/${t.plural}`);
    return { target: t, items, coverage: { state: 'complete', apiVersion } };
  } catch (e) {
    if (isFatal(e)) throw e;
    const err = e as ApiError;
    if (err.status === 404) return { target: t, items: [], coverage: { state: 'not-served' }, note: `${t.kind} is not served: skipped` };
    if (err.status !== 403) return { target: t, items: [], coverage: { state: 'error', message: err.message } };
    return readInNamespace(conn, t, err);
  }
}

async function readInNamespace(conn: Connection, t: ServedKind, clusterWide: ApiError): Promise<ReadResult> {
  const ns = conn.namespace;
  const forbidden: ReadResult = {
    target: t,
    items: [],
    coverage: { state: 'forbidden', message: `cannot list ${t.plural} (forbidden)` },
    note: clusterWide.message,
  };
  if (!ns || (!t.namespaced && t.resource !== 'namespaces')) return forbidden;
  try {
    const items = t.namespaced
      ? await conn.listAll<KubeObject>(`${basePath(t)}/namespaces/${encodeURIComponent(ns)}/${t.plural}`)
      : [await conn.getJson<KubeObject>(`${basePath(t)}/namespaces/${encodeURIComponent(ns)}`)];
    return {
      target: t,
      items: items.map((o) => ({ ...o, apiVersion: o.apiVersion ?? apiVersionOf(t), kind: o.kind ?? t.kind })),
      coverage: { state: 'complete', apiVersion: apiVersionOf(t), namespace: ns },
      note: `cannot list ${t.plural} cluster-wide (forbidden): read namespace "${ns}" only`,
    };
  } catch (e) {
    if (isFatal(e)) throw e;
    return { ...forbidden, coverage: { state: 'forbidden', message: `cannot list ${t.plural} cluster-wide or in namespace "${ns}" (forbidden)` } };
  }
}

/** Several lists feeding one resource (policies): complete only when all are. */
function combine(results: ReadResult[], whenNone: Coverage): Coverage {
  if (results.length === 0) return whenNone;
  const bad = results.find((r) => r.coverage.state === 'forbidden') ?? results.find((r) => r.coverage.state === 'error');
  if (bad) return bad.coverage;
  if (results.length === 1) return results[0].coverage;
  const partial = results.find((r) => r.coverage.state === 'complete' && r.coverage.namespace);
  return partial ? partial.coverage : { state: 'complete' };
}

/**
 * Reads the cluster into a Snapshot: every served Gateway API kind, GEP-713 policies, Services,
 * EndpointSlices and Namespaces, all lists in parallel and paginated; then the Secrets the
 * listeners reference, by name. Throws UserError when the cluster has no Gateway API CRDs, and
 * for failures of the whole connection (401, unreachable, timeout).
 */
export async function loadClusterSnapshot(conn: Connection, opts: LoadOptions = {}): Promise<Snapshot> {
  const started = Date.now();
  const snapshot = emptySnapshot(NOT_READ);

  const core = Promise.all(CORE.map((t) => readList(conn, t)));
  const discovered = discoverGatewayApi(conn);
  const gateway = discovered.then(async (found) => {
    const standard = (group: string) => group === GATEWAY_GROUP || group.startsWith(`${GATEWAY_GROUP}/`);
    const unknown = found.unreadable.some((u) => standard(u.groupVersion));
    if (!unknown && !Object.values(found.served).some((k) => standard(k.group))) {
      throw new UserError(`The Gateway API CRDs are not installed in this cluster (context "${conn.contextName}").`, {
        hint: INSTALL_HINT,
      });
    }
    for (const k of Object.values(found.served)) opts.verbose?.(`${k.kind}: ${k.group}/${k.version}`);
    snapshot.apiGroups = found.apiGroups;
    const results = await Promise.all(Object.values(found.served).map((t) => readList(conn, t)));
    return { found, results };
  });
  // Policy kinds: the CRDs labelled gateway.networking.k8s.io/policy, and the well-known kinds
  // discovery shows (Istio's CRDs carry no label; some users may not list CRDs).
  const policies = Promise.all([
    discoverPolicyKinds(conn),
    discovered.then((found) => discoverKnownPolicyKinds(conn, found.groupVersions ?? {})).catch(() => [] as ServedKind[]),
  ]).then(async ([p, known]) => {
    const labelled = p.state === 'known' ? p.kinds : [];
    const kinds = [...labelled, ...known.filter((k) => !labelled.some((l) => l.group === k.group && l.kind === k.kind))];
    return { discovery: p, known, results: await Promise.all(kinds.map((t) => readList(conn, t))) };
  });

  const [coreResults, gatewayRead, policyRead] = await Promise.all([core, gateway, policies]);

  for (const r of [...coreResults, ...gatewayRead.results]) {
    for (const obj of r.items) addObject(snapshot, obj, undefined, r.target.resource);
    snapshot.coverage[r.target.resource] = r.coverage;
    if (r.note) snapshot.notes.push(r.note);
  }

  const readResources = new Set(gatewayRead.results.map((r) => r.target.resource));
  const unreadable = gatewayRead.found.unreadable;
  const namedOnce = new Set<ResourceName>();
  for (const { kind, resource } of GATEWAY_KINDS) {
    if (readResources.has(resource) || namedOnce.has(resource)) continue;
    namedOnce.add(resource);
    if (unreadable.length > 0) {
      snapshot.coverage[resource] = { state: 'error', message: unreadable.map((u) => `${u.groupVersion}: ${u.message}`).join('; ') };
    } else {
      snapshot.coverage[resource] = { state: 'not-served' };
      snapshot.notes.push(`${kind} CRD not installed: skipped`);
    }
  }

  const p = policyRead.discovery;
  for (const r of policyRead.results) {
    for (const obj of r.items) addObject(snapshot, obj, undefined, 'policies');
    if (r.note) snapshot.notes.push(r.note);
  }
  const readKinds = policyRead.results.map((r) => r.target);
  if (readKinds.length) opts.verbose?.(`policy kinds: ${readKinds.map((k) => `${k.kind} (${k.group}/${k.version})`).join(', ')}`);
  if (p.state === 'known') {
    snapshot.coverage.policies = combine(policyRead.results, { state: 'complete' });
  } else {
    // Not being allowed to list CRDs (common for namespace-scoped users) is no reason to stop:
    // the run goes on with the well-known kinds discovery shows, and says so with -v.
    snapshot.coverage.policies = p.state === 'not-served' ? { state: 'not-served' } : { state: p.state, message: p.message };
    snapshot.notes.push(
      `policies: labelled policy kinds unknown (${p.message})${policyRead.known.length ? `; read the well-known kinds ${policyRead.known.map((k) => k.kind).join(', ')}` : ''}`,
    );
  }

  if ((opts.secretsFor ?? 'listeners') === 'listeners') await addListenerSecrets(conn, snapshot);

  opts.verbose?.(`read the cluster in ${Date.now() - started} ms`);
  return snapshot;
}
