// The live cluster as a Snapshot. A route in any namespace may attach to a Gateway and a backend
// may live anywhere, so the command layer filters what it shows by -n/-A, never what it reads:
// without a focus everything is listed cluster-wide; with one (explain route, tree GATEWAY) the
// route kinds are listed and the rest read by need. Each resource records how completely it was
// read (Coverage), so a read the user may not make never turns into "does not exist".
import type { KubeObject } from '../model/objects.js';
import { ApiError, UserError } from '../model/errors.js';
import type { RouteKind } from '../model/objects.js';
import { coverageGap, emptyPartial, emptySnapshot, type Coverage, type PartialCoverage, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { SERVICE_NAME_LABEL } from '../graph/indexes.js';
import { addObject, GATEWAY_GROUP } from '../snapshot/collect.js';
import { gatewaysInFocus, neededReads, type Needs, type ReadFocus } from '../snapshot/needs.js';
import type { Connection } from './connection.js';
import { discoverGatewayApi, discoverKnownPolicyKinds, discoverPolicyKinds, GATEWAY_KINDS, type ServedKind } from './discovery.js';
import { addReferencedConfigMaps } from './configmaps.js';
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
  /** One route or one gateway: read what its answer needs instead of the whole cluster. */
  focus?: ReadFocus;
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

/**
 * What a narrow read (one route, one gateway) reads by need instead of listing cluster-wide: the
 * kinds with one object per app. Gateways stay listed: they are few, and a parentRef naming one
 * that does not exist is answered with the ones that do ("did you mean").
 */
const BY_NEED: ReadonlySet<ResourceName> = new Set(['services', 'endpointslices', 'namespaces', 'referencegrants']);

/** Kinds whose absence is answered with their neighbours (RT205 "did you mean"): a 404 by name lists the namespace. */
const LIST_ON_MISS: ReadonlySet<ResourceName> = new Set(['services']);

const INSTALL_HINT =
  'Install them with: kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml';

const NOT_READ: Coverage = { state: 'error', message: 'not read from the cluster' };

/** Up to this many objects of one kind in one namespace are read by name; more, the namespace is listed. */
const GET_LIMIT = 4;

/** Needs spread over more namespaces (or cluster-scoped names) than this: one cluster-wide list instead. */
const SPREAD_LIMIT = 8;

function apiVersionOf(t: ServedKind): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

function basePath(t: ServedKind): string {
  return t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
}

function collectionPath(t: ServedKind, namespace?: string): string {
  return namespace === undefined ? `${basePath(t)}/${t.plural}` : `${basePath(t)}/namespaces/${encodeURIComponent(namespace)}/${t.plural}`;
}

function objectPath(t: ServedKind, namespace: string | undefined, name: string): string {
  return t.namespaced ? `${collectionPath(t, namespace)}/${encodeURIComponent(name)}` : `${collectionPath(t)}/${encodeURIComponent(name)}`;
}

/** Errors that say nothing about one resource but about the whole connection stop the run. */
function isFatal(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 401;
}

/** The words for a refused or failed read, kept in coverage and shown as "unknown (...)". */
function refusal(e: ApiError, verb: 'get' | 'list', t: ServedKind, where: string): string {
  return e.status === 403 ? `forbidden: cannot ${verb} ${t.plural}${where}` : `cannot ${verb} ${t.plural}${where}: ${e.message}`;
}

function withTypeMeta(t: ServedKind, o: KubeObject): KubeObject {
  return { ...o, apiVersion: o.apiVersion ?? apiVersionOf(t), kind: o.kind ?? t.kind };
}

/**
 * Lists one kind cluster-wide. On 403 it lists in the connection's namespace instead (a
 * namespaced kind), and the coverage becomes partial: that namespace is known, the rest is
 * unknown until the objects the answer needs are read by name (readNeeds).
 */
async function readList(conn: Connection, t: ServedKind): Promise<ReadResult> {
  const apiVersion = apiVersionOf(t);
  try {
    const items = await conn.listAll<KubeObject>(collectionPath(t));
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
  const coverage = emptyPartial(apiVersionOf(t));
  coverage.denied['*'] = refusal(clusterWide, 'list', t, ' cluster-wide');
  if (!t.namespaced) {
    return { target: t, items: [], coverage, note: `cannot list ${t.plural}: ${clusterWide.message}; reading the ones needed by name` };
  }
  try {
    const items = await conn.listAll<KubeObject>(collectionPath(t, ns));
    coverage.namespaces.push(ns);
    return {
      target: t,
      items: items.map((o) => withTypeMeta(t, o)),
      coverage,
      note: `cannot list ${t.plural} cluster-wide (forbidden): read namespace "${ns}" and the ones needed by name`,
    };
  } catch (e) {
    if (isFatal(e)) throw e;
    coverage.denied[ns] = refusal(e as ApiError, 'list', t, ` in namespace ${ns}`);
    return { target: t, items: [], coverage, note: `cannot list ${t.plural} cluster-wide or in namespace "${ns}": ${clusterWide.message}` };
  }
}

/** The coverage of a resource as one that can take more reads: partial, or null when complete. */
function partialOf(snapshot: Snapshot, resource: ResourceName, t: ServedKind): PartialCoverage | null {
  const c = snapshot.coverage[resource];
  if (c.state === 'partial') return c;
  if (c.state === 'complete' || c.state === 'not-served') return null;
  // Nothing read yet (a narrow read's by-need kinds) or a failed list: start from nothing known.
  const fresh = emptyPartial(apiVersionOf(t));
  if (c.state === 'forbidden' || c.state === 'error') fresh.denied['*'] = c.message;
  snapshot.coverage[resource] = fresh;
  return fresh;
}

/**
 * Reads what `needs` asks for and the snapshot cannot yet answer, all in parallel: objects by
 * name (a namespace with many of them is listed instead; a list that is refused falls back to
 * GETs), EndpointSlices by the kubernetes.io/service-name label, ReferenceGrants by namespace.
 * Each read widens the partial coverage or records what was refused. Returns how many reads were
 * made, so the caller knows when nothing new is left to read.
 */
async function readNeeds(
  conn: Connection,
  snapshot: Snapshot,
  kinds: Map<ResourceName, ServedKind>,
  needs: Needs,
  tried: Set<string>,
  seen: Set<string>,
): Promise<number> {
  const jobs: Array<Promise<void>> = [];
  const once = (key: string) => (tried.has(key) ? false : (tried.add(key), true));
  // An object read by name and again with its namespace is kept once.
  const keep = (t: ServedKind, obj: KubeObject) => {
    const key = `${t.resource}|${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    addObject(snapshot, withTypeMeta(t, obj), undefined, t.resource);
  };

  const getOne = async (t: ServedKind, cov: PartialCoverage, namespace: string | undefined, name: string) => {
    const key = namespace === undefined ? name : `${namespace}/${name}`;
    try {
      keep(t, await conn.getJson<KubeObject>(objectPath(t, namespace, name)));
      cov.names.push(key);
    } catch (e) {
      if (isFatal(e)) throw e;
      const err = e as ApiError;
      if (err.status === 404) {
        cov.names.push(key);
        if (namespace !== undefined && LIST_ON_MISS.has(t.resource) && once(`${t.resource}|${namespace}/`)) {
          if (!(await listNamespace(t, cov, namespace))) cov.namespaces.push(namespace);
        }
      } else if (namespace === undefined) cov.denied[name] = refusal(err, 'get', t, ` ${name}`);
      else cov.denied[namespace] = refusal(err, 'get', t, ` in namespace ${namespace}`);
    }
  };
  const listNamespace = async (t: ServedKind, cov: PartialCoverage, namespace: string, query?: Record<string, string>): Promise<ApiError | null> => {
    try {
      const items = await conn.listAll<KubeObject>(collectionPath(t, namespace), query);
      for (const o of items) keep(t, o);
      return null;
    } catch (e) {
      if (isFatal(e)) throw e;
      return e as ApiError;
    }
  };

  for (const [resource, keys] of needs.byName) {
    const t = kinds.get(resource);
    if (!t) continue;
    const cov = partialOf(snapshot, resource, t);
    if (!cov) continue;
    const open = [...keys].filter((k) => {
      const [namespace, name] = t.namespaced ? k.split('/', 2) : [undefined, k];
      return coverageGap(cov, resource, { namespace, name }) !== null && !tried.has(`${resource}|${k}`);
    });
    // Spread over many namespaces (a gateway with routes from every team): one cluster-wide list
    // costs less than a read per namespace. Refused, the next round reads namespace by namespace.
    const spread = t.namespaced ? new Set(open.map((k) => k.split('/', 1)[0])).size : open.length;
    if (spread > SPREAD_LIMIT && cov.denied['*'] === undefined && once(`${resource}|*`)) {
      jobs.push(
        (async () => {
          try {
            const items = await conn.listAll<KubeObject>(collectionPath(t));
            for (const o of items) keep(t, o);
            snapshot.coverage[resource] = { state: 'complete', apiVersion: apiVersionOf(t) };
          } catch (e) {
            if (isFatal(e)) throw e;
            cov.denied['*'] = refusal(e as ApiError, 'list', t, ' cluster-wide');
          }
        })(),
      );
      continue;
    }
    const wanted = open.filter((k) => once(`${resource}|${k}`));
    if (wanted.length === 0) continue;
    if (!t.namespaced) {
      for (const name of wanted) jobs.push(getOne(t, cov, undefined, name));
      continue;
    }
    const byNamespace = new Map<string, string[]>();
    for (const k of wanted) {
      const [namespace, name] = k.split('/', 2);
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), name]);
    }
    for (const [namespace, names] of byNamespace) {
      if (resource === 'endpointslices') {
        // The slices of each Service, by label: one request per namespace, whatever the count.
        jobs.push(
          (async () => {
            const err = await listNamespace(t, cov, namespace, { labelSelector: `${SERVICE_NAME_LABEL} in (${names.join(',')})` });
            if (err) cov.denied[namespace] = refusal(err, 'list', t, ` in namespace ${namespace}`);
            else cov.names.push(...names.map((n) => `${namespace}/${n}`));
          })(),
        );
      } else if (names.length > GET_LIMIT && once(`${resource}|${namespace}/`)) {
        jobs.push(
          (async () => {
            const err = await listNamespace(t, cov, namespace);
            if (!err) cov.namespaces.push(namespace);
            else if (err.status === 403) await Promise.all(names.map((n) => getOne(t, cov, namespace, n)));
            else cov.denied[namespace] = refusal(err, 'list', t, ` in namespace ${namespace}`);
          })(),
        );
      } else {
        for (const name of names) jobs.push(getOne(t, cov, namespace, name));
      }
    }
  }

  for (const [resource, namespaces] of needs.byNamespace) {
    const t = kinds.get(resource);
    if (!t) continue;
    const cov = partialOf(snapshot, resource, t);
    if (!cov) continue;
    for (const namespace of namespaces) {
      if (coverageGap(cov, resource, { namespace }) === null || !once(`${resource}|${namespace}/`)) continue;
      jobs.push(
        (async () => {
          const err = await listNamespace(t, cov, namespace);
          if (err) cov.denied[namespace] = refusal(err, 'list', t, ` in namespace ${namespace}`);
          else cov.namespaces.push(namespace);
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return jobs.length;
}

/** Several lists feeding one resource (policies): complete only when all are. */
function combine(results: ReadResult[], whenNone: Coverage): Coverage {
  if (results.length === 0) return whenNone;
  const bad = results.find((r) => r.coverage.state === 'forbidden') ?? results.find((r) => r.coverage.state === 'error');
  if (bad) return bad.coverage;
  if (results.length === 1) return results[0].coverage;
  const partial = results.find((r) => r.coverage.state === 'partial');
  return partial ? partial.coverage : { state: 'complete' };
}

/**
 * Reads the cluster into a Snapshot. Without a focus: every served Gateway API kind, GEP-713
 * policies, Services, EndpointSlices and Namespaces, listed cluster-wide in parallel and
 * paginated. With a focus (one route, one gateway): the route kinds, ListenerSets, classes and
 * policies are listed (precedence and attachment counts need every route), and the rest is read
 * by need: the parent Gateways, backend Services and their EndpointSlices, the Namespaces a
 * listener selector looks at, the ReferenceGrants of the namespaces referenced. Either way, a
 * kind that may not be listed cluster-wide is read in the current namespace and then by need, so
 * what the user may read is used and what they may not is "unknown", never "missing". Then the
 * Secrets the listeners reference, by name. Throws UserError when the cluster has no Gateway API
 * CRDs, and for failures of the whole connection (401, unreachable, timeout).
 */
export async function loadClusterSnapshot(conn: Connection, opts: LoadOptions = {}): Promise<Snapshot> {
  const started = Date.now();
  const snapshot = emptySnapshot(NOT_READ);
  const focus = opts.focus;
  const broad = (t: ServedKind) => !focus || !BY_NEED.has(t.resource);

  const core = Promise.all(CORE.filter(broad).map((t) => readList(conn, t)));
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
    const results = await Promise.all(Object.values(found.served).filter(broad).map((t) => readList(conn, t)));
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

  const seen = new Set<string>();
  for (const r of [...coreResults, ...gatewayRead.results]) {
    for (const obj of r.items) {
      seen.add(`${r.target.resource}|${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
      addObject(snapshot, obj, undefined, r.target.resource);
    }
    snapshot.coverage[r.target.resource] = r.coverage;
    if (r.note) snapshot.notes.push(r.note);
  }

  const served = Object.values(gatewayRead.found.served);
  const readResources = new Set(served.map((t) => t.resource));
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

  // What the answer names and the lists could not give: read by need, round after round (a
  // Gateway read by name names its class, its certificate namespaces...), until nothing is new.
  const kinds = new Map<ResourceName, ServedKind>([...CORE, ...served].map((t) => [t.resource, t]));
  for (const t of [...CORE, ...served]) if (!broad(t)) snapshot.coverage[t.resource] = emptyPartial(apiVersionOf(t));
  const routeKinds = served.filter((t) => t.resource.endsWith('routes')).map((t) => t.kind as RouteKind);
  const tried = new Set<string>();
  for (let round = 0; round < 8; round++) {
    const reads = await readNeeds(conn, snapshot, kinds, neededReads(snapshot, focus, routeKinds), tried, seen);
    if (reads === 0) break;
    opts.verbose?.(`read ${reads} more by name or namespace (round ${round + 1})`);
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

  // Both read by name, in parallel; each fills its own list and coverage of the snapshot.
  await Promise.all([
    (opts.secretsFor ?? 'listeners') === 'listeners' ? addListenerSecrets(conn, snapshot, gatewaysInFocus(snapshot, focus)) : undefined,
    addReferencedConfigMaps(conn, snapshot),
  ]);

  opts.verbose?.(`read the cluster in ${Date.now() - started} ms`);
  return snapshot;
}

// The core kinds every read lists, for watch mode (src/kube/watch.ts) to follow the same ones.
export { CORE as CORE_KINDS };
