// Small clusters for the spec and graph tests: YAML documents (as a user would apply them) turned
// into a Snapshot the way every source does it (addObject), read as from a cluster by default.
import { parseAllDocuments } from 'yaml';
import type { Graph, GraphListener, GraphRoute, ParentEvaluation } from '../../src/model/graph.js';
import type { KubeObject } from '../../src/model/objects.js';
import { emptySnapshot, type Coverage, type ResourceName, type Snapshot } from '../../src/model/snapshot.js';
import { addObject } from '../../src/snapshot/collect.js';
import { buildGraph } from '../../src/graph/build.js';

export const NOW = new Date('2026-01-15T00:00:00Z');

export interface ClusterOptions {
  /** Coverage of every resource (default complete), then per-resource overrides. */
  state?: Coverage;
  coverage?: Partial<Record<ResourceName, Coverage>>;
}

export function cluster(yamlText: string, opts: ClusterOptions = {}): Snapshot {
  const snapshot = emptySnapshot(opts.state ?? { state: 'complete' });
  Object.assign(snapshot.coverage, opts.coverage ?? {});
  for (const doc of parseAllDocuments(yamlText)) {
    const obj = doc.toJS() as KubeObject | null;
    if (!obj) continue;
    if (!addObject(snapshot, obj)) throw new Error(`test cluster: ${obj.apiVersion} ${obj.kind} is not a kind the snapshot holds`);
  }
  return snapshot;
}

export function graphOf(yamlText: string, opts: ClusterOptions = {}): Graph {
  return buildGraph(cluster(yamlText, opts), { now: NOW });
}

export function route(graph: Graph, id: string): GraphRoute {
  const r = graph.routes.find((x) => x.id === id);
  if (!r) throw new Error(`no route ${id} in graph (routes: ${graph.routes.map((x) => x.id).join(', ')})`);
  return r;
}

export function parentOf(graph: Graph, routeId: string, index = 0): ParentEvaluation {
  const p = route(graph, routeId).parents[index];
  if (!p) throw new Error(`route ${routeId} has no parentRef ${index}`);
  return p;
}

export function listener(graph: Graph, id: string): GraphListener {
  for (const g of graph.gateways) {
    const l = g.listeners.find((x) => x.id === id);
    if (l) return l;
  }
  throw new Error(`no listener ${id} in graph`);
}

export function computed(list: ReadonlyArray<{ type: string; status: string; reason: string }>, type: string): string {
  const c = list.find((x) => x.type === type);
  return c ? `${c.status} ${c.reason}` : 'absent';
}

/** A GatewayClass claimed by a controller, so Gateways of it are evaluated as reconciled. */
export const CLASS = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gw-class}
spec: {controllerName: example.com/gateway-controller}
status:
  conditions:
  - {type: Accepted, status: "True", reason: Accepted}
`;
