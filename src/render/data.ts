// Machine output: -o json and -o yaml. Plain data only, never colour; the same value gives the
// same bytes every run. The `tree` document schema is described in docs/output-schema.md.
import { stringify } from 'yaml';
import type {
  Graph,
  GraphGateway,
  GraphGatewayClass,
  GraphListenerSet,
  GraphRoute,
  RouteWithOtherParents,
  UnattachedRoute,
} from '../model/graph.js';
import { RESOURCE_NAMES, type Coverage, type ResourceName } from '../model/snapshot.js';
import { selectView, type GraphFilter } from './view.js';

export type DataFormat = 'json' | 'yaml';

/**
 * JSON with a 2-space indent, or YAML, each ending in a newline. The value goes through JSON
 * first so both formats hold exactly the same data (undefined fields dropped, no YAML anchors
 * for objects the graph happens to share).
 */
export function renderData(value: unknown, format: DataFormat): string {
  const plain: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  if (format === 'json') return JSON.stringify(plain, null, 2) + '\n';
  return stringify(plain, { aliasDuplicateObjects: false, lineWidth: 0 });
}

export const TREE_API_VERSION = 'kubectl-gw/v1';

/** What `kubectl gw tree -o json|yaml` prints. */
export interface GatewayTreeDocument {
  apiVersion: typeof TREE_API_VERSION;
  kind: 'GatewayTree';
  /** The classes of the gateways shown (a class that does not exist has `exists: false`). */
  gatewayClasses: GraphGatewayClass[];
  /** Sorted by namespace/name; each listener's `routes` lists only the routes shown. */
  gateways: GraphGateway[];
  /** Every route shown, attached or not, sorted by namespace/name/kind. */
  routes: GraphRoute[];
  /** Routes attached to no listener, with one reason per parentRef. */
  unattached: UnattachedRoute[];
  /** Routes with parentRefs that are not Gateways or ListenerSets (GAMMA Services, other routes,
   *  other kinds); absent when there are none. */
  otherParents?: RouteWithOtherParents[];
  /** The ListenerSets whose parent Gateway is shown; absent when there are none. */
  listenerSets?: GraphListenerSet[];
  /** What the run could read, by resource; "forbidden" or "error" means absence proves nothing. */
  coverage: Record<ResourceName, Coverage>;
}

/** The graph as the tree shows it: the same filter, the same order. */
export function graphDocument(graph: Graph, filter: GraphFilter = {}): GatewayTreeDocument {
  const view = selectView(graph, filter);
  return {
    apiVersion: TREE_API_VERSION,
    kind: 'GatewayTree',
    gatewayClasses: view.gatewayClasses,
    gateways: view.gateways,
    routes: view.routes,
    unattached: view.unattached,
    ...(view.otherParents.length > 0 ? { otherParents: view.otherParents } : {}),
    ...listenerSetsOf(graph, view.gateways),
    coverage: Object.fromEntries(
      RESOURCE_NAMES.filter((r) => graph.coverage[r] !== undefined).map((r) => [r, graph.coverage[r]]),
    ) as Record<ResourceName, Coverage>,
  };
}

function listenerSetsOf(graph: Graph, gateways: GraphGateway[]): { listenerSets?: GraphListenerSet[] } {
  if (!graph.listenerSets) return {};
  const shown = new Set(gateways.map((g) => `${g.namespace}/${g.name}`));
  const sets = graph.listenerSets.filter((l) => l.parentGateway !== null && shown.has(l.parentGateway));
  return sets.length ? { listenerSets: sets } : {};
}
