// The pure middle of the pipeline: snapshot -> graph -> findings.
import { collectFindings, type FindingOptions } from './findings/checks.js';
import { inputFindings } from './findings/input.js';
import { buildGraph } from './graph/build.js';
import type { Finding } from './model/finding.js';
import type { Graph } from './model/graph.js';
import type { Snapshot } from './model/snapshot.js';

export interface Analysis {
  graph: Graph;
  findings: Finding[];
}

export function analyse(snapshot: Snapshot, opts: FindingOptions = {}): Analysis {
  const graph = buildGraph(snapshot);
  return { graph, findings: [...inputFindings(snapshot), ...collectFindings(graph, snapshot, opts)] };
}
