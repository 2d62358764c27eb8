// Picks the source the flags ask for and returns one snapshot: the live cluster, -f manifests, or
// (check --against-cluster) the manifests laid over the cluster. Heavy modules load lazily here so
// that `kubectl gw --help` never pays for them.
import type { Connection } from '../kube/connection.js';
import type { ReadFocus } from '../snapshot/needs.js';
import { routeResource, type ResourceName, type Snapshot } from '../model/snapshot.js';

export interface SourceOptions {
  files?: string[];
  againstCluster?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  requestTimeoutMs: number;
  verbose?: (line: string) => void;
  /** The one route or gateway the question is about: the cluster is read narrowly for it. An
   *  empty namespace is the connection's (-n, else the context's). */
  focus?: ReadFocus;
  /** Told after each answer from the cluster (src/cli/progress.ts). */
  onRead?: (path: string, objects: number) => void;
}

export interface LoadedSource {
  snapshot: Snapshot;
  /** The namespaces to show: one, or null for all. */
  namespace: string | null;
  from: 'cluster' | 'files' | 'files+cluster';
  connection?: Connection;
  /** The cluster alone, before the files were laid over it (check --against-cluster). */
  clusterSnapshot?: Snapshot;
}

export async function loadSource(opts: SourceOptions): Promise<LoadedSource> {
  const files = opts.files ?? [];
  if (files.length > 0 && !opts.againstCluster) {
    const { loadManifestSnapshot } = await import('../manifests/index.js');
    const snapshot = await loadManifestSnapshot(files, { verbose: opts.verbose, urlTimeoutMs: opts.requestTimeoutMs });
    treatGivenKindsAsComplete(snapshot);
    // Files hold what the user chose to show: all of it, unless -n narrows it.
    return { snapshot, namespace: opts.allNamespaces ? null : (opts.namespace ?? null), from: 'files' };
  }
  const { connect } = await import('../kube/connection.js');
  const { loadClusterSnapshot } = await import('../kube/source.js');
  const connection = await connect({
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    namespace: opts.namespace,
    requestTimeoutMs: opts.requestTimeoutMs,
    verbose: opts.verbose,
    onRead: opts.onRead,
  });
  // A focus narrows the read only when the cluster is the whole source.
  const focus = files.length === 0 && opts.focus ? { ...opts.focus, namespace: opts.focus.namespace || connection.namespace } : undefined;
  const clusterSnapshot = await loadClusterSnapshot(connection, { verbose: opts.verbose, focus });
  const namespace = opts.allNamespaces ? null : connection.namespace;
  if (files.length === 0) return { snapshot: clusterSnapshot, namespace, from: 'cluster', connection };
  const { loadManifestSnapshot, overlaySnapshot } = await import('../manifests/index.js');
  const overlay = await loadManifestSnapshot(files, { verbose: opts.verbose, urlTimeoutMs: opts.requestTimeoutMs });
  return {
    snapshot: overlaySnapshot(clusterSnapshot, overlay),
    clusterSnapshot,
    namespace,
    from: 'files+cluster',
    connection,
  };
}

/**
 * With -f alone, the files are the world for every kind they hold: a kind the user gave (Gateways,
 * ReferenceGrants...) is taken as complete, so a missing Gateway is reported as missing. A kind
 * the files never mention stays "files" (unknown): vetting one team's routes without the shared
 * Gateway must not claim the Gateway is missing (use --against-cluster for that).
 */
function treatGivenKindsAsComplete(snapshot: Snapshot): void {
  const present = new Set<ResourceName>();
  const mark = (resource: ResourceName, n: number) => n > 0 && present.add(resource);
  mark('gatewayclasses', snapshot.gatewayClasses.length);
  mark('gateways', snapshot.gateways.length);
  mark('listenersets', snapshot.listenerSets.length);
  for (const r of snapshot.routes) present.add(routeResource(r.kind));
  mark('referencegrants', snapshot.referenceGrants.length);
  mark('backendtlspolicies', snapshot.backendTLSPolicies.length);
  mark('services', snapshot.services.length);
  mark('endpointslices', snapshot.endpointSlices.length);
  mark('namespaces', snapshot.namespaces.length);
  mark('secrets', snapshot.secrets.length);
  // Routes of one kind stand for all: a route kind absent from files that hold routes has none.
  if ([...present].some((r) => r.endsWith('routes'))) {
    for (const r of ['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes'] as const) present.add(r);
  }
  // What could not be read may be the very object a reference names: a kind with a skipped object
  // is not complete, and a skipped file or document of unknown kind leaves no kind complete.
  const skipped = (snapshot.inputProblems ?? []).filter((p) => p.skipped);
  if (skipped.some((p) => !p.object)) return;
  for (const p of skipped) {
    if (p.resource?.endsWith('routes')) for (const r of ['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes'] as const) present.delete(r);
    else if (p.resource) present.delete(p.resource);
  }
  for (const resource of present) snapshot.coverage[resource] = { state: 'complete' };
}
