// Picks the source the flags ask for and returns one snapshot: the live cluster, -f manifests, or
// (check --against-cluster) the manifests laid over the cluster. Heavy modules load lazily here so
// that `kubectl gw --help` never pays for them.
import type { Connection } from '../kube/connection.js';
import type { Snapshot } from '../model/snapshot.js';

export interface SourceOptions {
  files?: string[];
  againstCluster?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  requestTimeoutMs: number;
  verbose?: (line: string) => void;
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
    const snapshot = await loadManifestSnapshot(files, { verbose: opts.verbose });
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
  });
  const clusterSnapshot = await loadClusterSnapshot(connection, { verbose: opts.verbose });
  const namespace = opts.allNamespaces ? null : connection.namespace;
  if (files.length === 0) return { snapshot: clusterSnapshot, namespace, from: 'cluster', connection };
  const { loadManifestSnapshot, overlaySnapshot } = await import('../manifests/index.js');
  const overlay = await loadManifestSnapshot(files, { verbose: opts.verbose });
  return {
    snapshot: overlaySnapshot(clusterSnapshot, overlay),
    clusterSnapshot,
    namespace,
    from: 'files+cluster',
    connection,
  };
}
