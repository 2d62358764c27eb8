// The one finding no single-cluster run can give: the same route (kind, namespace, name) whose
// computed verdict differs between clusters. A verdict is what the spec engine computed for each
// parentRef (Accepted and ResolvedRefs with their reasons) and the listeners the route attached to.
import type { Finding } from '../model/finding.js';
import type { Graph, GraphRoute } from '../model/graph.js';
import { CATALOGUE } from '../findings/catalogue.js';

/** A route's verdict in one cluster: a short sentence, equal between clusters when they agree. */
export function routeVerdict(route: GraphRoute): string {
  if (route.parents.length === 0) return 'no parentRefs';
  return route.parents
    .map((p) => {
      const ref = p.parentRef;
      const parent = `${ref.kind} ${ref.namespace}/${ref.name}${ref.sectionName ? `#${ref.sectionName}` : ''}${ref.port !== undefined ? `:${ref.port}` : ''}`;
      const conditions = ['Accepted', 'ResolvedRefs']
        .map((type) => p.computed.find((c) => c.type === type))
        .filter((c) => c !== undefined)
        .map((c) => (c.status === 'True' ? c.type : `${c.type}=${c.status} ${c.reason}`));
      const listeners = p.attachedListeners.map((id) => id.split('#')[1]);
      const attached = listeners.length ? ` on ${listeners.join(', ')}` : '';
      return `${parent}: ${conditions.length ? conditions.join(', ') : 'not computed'}${attached}`;
    })
    .join('; ');
}

export interface ClusterGraph {
  context: string;
  graph: Graph;
  /** The namespaces shown in that cluster (null: all). */
  namespace: string | null;
}

/**
 * FL801 for each route present in two or more clusters whose verdicts differ; the message groups
 * the clusters by verdict, so every verdict is named once with the clusters that hold it.
 */
export function fleetFindings(clusters: readonly ClusterGraph[]): Finding[] {
  const byRoute = new Map<string, { route: GraphRoute; verdicts: Map<string, string[]> }>();
  for (const c of clusters) {
    for (const route of c.graph.routes) {
      if (c.namespace !== null && route.namespace !== c.namespace) continue;
      const key = `${route.kind}/${route.namespace}/${route.name}`;
      const entry = byRoute.get(key) ?? { route, verdicts: new Map<string, string[]>() };
      const verdict = routeVerdict(route);
      entry.verdicts.set(verdict, [...(entry.verdicts.get(verdict) ?? []), c.context]);
      byRoute.set(key, entry);
    }
  }
  const out: Finding[] = [];
  for (const [, { route, verdicts }] of [...byRoute].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (verdicts.size < 2) continue;
    const groups = [...verdicts].map(([verdict, contexts]) => `${contexts.join(', ')}: ${verdict}`);
    out.push({
      code: 'FL801',
      severity: CATALOGUE.FL801.severity,
      subject: { kind: route.kind, namespace: route.namespace, name: route.name },
      message: `the verdict differs between clusters - ${groups.join(' | ')}`,
      cause: 'the same route meets different Gateways, listeners, namespaces, ReferenceGrants or backends in these clusters',
      fix: `compare: kubectl gw explain route ${route.name} -n ${route.namespace} --context ${[...verdicts.values()].map((c) => c[0]).join(',')}`,
    });
  }
  return out;
}
