// Several clusters in one run: `--context a,b,c` or `--all-contexts` on tree, check and explain.
// Each context is read and analysed as a single-cluster run would (loadSource per context, at
// most FLEET_CONCURRENCY at once); a context that fails is reported for itself and the others go
// on. Output is grouped by context; -o json|yaml carries `clusters: [{"context", ...}]`.
import { Flags } from '@oclif/core';
import type { Finding } from '../model/finding.js';
import type { Graph } from '../model/graph.js';
import { UserError } from '../model/errors.js';
import { EXIT } from './exit-codes.js';
import { readClusters } from '../fleet/read.js';

export const fleetFlags = {
  'all-contexts': Flags.boolean({
    description: 'Read every context of the kubeconfig, 4 at once; output grouped by context (also: --context a,b,c).',
    helpGroup: 'CLUSTER',
  }),
};

/** The contexts a fleet run reads, or null for a single-cluster run. */
export async function fleetContexts(flags: {
  context?: string;
  'all-contexts'?: boolean;
  kubeconfig?: string;
  filename?: string[];
}): Promise<string[] | null> {
  const listed = flags.context?.includes(',') ? flags.context.split(',').map((c) => c.trim()).filter(Boolean) : null;
  if (!flags['all-contexts'] && !listed) return null;
  if (flags['all-contexts'] && flags.context) {
    throw new UserError('--all-contexts and --context cannot be used together', { exitCode: EXIT.usage });
  }
  if (flags.filename?.length) {
    throw new UserError('-f reads files, not clusters: it cannot be combined with several contexts', { exitCode: EXIT.usage });
  }
  if (listed) return [...new Set(listed)];
  const { kubeconfigPaths, mergeKubeconfigFiles } = await import('../kube/kubeconfig.js');
  const names = mergeKubeconfigFiles(flags.kubeconfig ? [flags.kubeconfig] : kubeconfigPaths(process.env).paths).contexts.map((c) => c.name);
  if (names.length === 0) throw new UserError('--all-contexts: the kubeconfig defines no contexts');
  return names;
}

/** What one cluster's run produced: its text, its -o data, its exit code. */
export interface ClusterOutput {
  text: string;
  /** The single-cluster document, without apiVersion and kind. */
  data: Record<string, unknown>;
  exit: number;
  /** For findings across clusters: the graph and the namespace shown (null: all). */
  graph?: Graph;
  namespace?: string | null;
}

export interface FleetOutput {
  text: string;
  data: Record<string, unknown>;
  exit: number;
}

export interface Across {
  findings: Finding[];
  text: string;
  data: Record<string, unknown>;
  failed: boolean;
}

export interface FleetOptions {
  /** The kind of the single-cluster document ("GatewayTree", "CheckReport"...): "Fleet" is prefixed. */
  kind: string;
  /** Findings computed across the clusters' graphs; they are added to the output and the exit. */
  across?: (clusters: Array<{ context: string; graph: Graph; namespace: string | null }>) => Across | Promise<Across>;
}

/** The heading each cluster's section starts with. */
export function contextHeading(context: string): string {
  return `==> context ${context} <==`;
}

/**
 * Runs `produce` for every context and puts the results together. Exit: 1 when any cluster (or
 * the findings across them) reaches the failure threshold; else 3 (incomplete) when a cluster
 * could not be read; else 0.
 */
export async function runFleet(contexts: string[], produce: (context: string) => Promise<ClusterOutput>, opts: FleetOptions): Promise<FleetOutput> {
  const results = await readClusters(contexts, produce);
  const sections: string[] = [];
  const clusters: Array<Record<string, unknown>> = [];
  const exits: number[] = [];
  for (const r of results) {
    if (r.ok) {
      sections.push(`${contextHeading(r.context)}\n${r.value.text.trimEnd()}\n`);
      clusters.push({ context: r.context, ...r.value.data });
      exits.push(r.value.exit);
    } else {
      sections.push(`${contextHeading(r.context)}\nerror: ${r.error}\n${r.hint ? `${r.hint}\n` : ''}`);
      clusters.push({ context: r.context, error: r.error, ...(r.hint ? { hint: r.hint } : {}) });
      exits.push(EXIT.incomplete);
    }
  }
  const data: Record<string, unknown> = { apiVersion: 'kubectl-gw/v1', kind: `Fleet${opts.kind}`, clusters };
  if (opts.across) {
    const graphs = results.flatMap((r) =>
      r.ok && r.value.graph ? [{ context: r.context, graph: r.value.graph, namespace: r.value.namespace ?? null }] : [],
    );
    const across = await opts.across(graphs);
    if (across.text) sections.push(across.text);
    Object.assign(data, across.data);
    if (across.failed) exits.push(EXIT.problems);
  }
  const exit = exits.includes(EXIT.problems) ? EXIT.problems : exits.includes(EXIT.incomplete) ? EXIT.incomplete : EXIT.ok;
  data.exitCode = exit;
  return { text: sections.join('\n'), data, exit };
}

/** The single-cluster document without its apiVersion and kind, for `clusters[]`. */
export function withoutHeader(doc: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = doc;
  return rest;
}
