// The part of the graph one rendering shows (tree, -o json, dot, mermaid all show the same part),
// in a stable order: gateways and routes by namespace/name, listeners in spec order.
import type { Graph, GraphGateway, GraphGatewayClass, GraphRoute, RouteWithOtherParents, UnattachedRoute } from '../model/graph.js';

export interface GraphFilter {
  /** "namespace/name" of the one Gateway to show. */
  gateway?: string;
  /**
   * Namespaces to show; null or absent means all. A Gateway is shown when it lives in one of
   * them (with every route attached to it), or when a route from one of them attaches to it
   * (with only those routes), so `-n shop` shows shop's routes under a shared gateway in infra.
   */
  namespaces?: string[] | null;
  /**
   * -l: whether an object's labels match. A Gateway that matches is shown with every route
   * attached to it; one that does not is shown only for the matching routes attached to it.
   */
  selected?: (kind: string, namespace: string, name: string) => boolean;
}

export interface GraphView {
  gatewayClasses: GraphGatewayClass[];
  /** Copies whose listeners list only the routes shown. */
  gateways: GraphGateway[];
  /** Every route the view mentions (attached or not), sorted. */
  routes: GraphRoute[];
  unattached: UnattachedRoute[];
  /** Routes with parents that are not Gateways (GAMMA Services, other routes, other kinds). */
  otherParents: RouteWithOtherParents[];
  route(id: string): GraphRoute | undefined;
  gatewayClass(id: string): GraphGatewayClass | undefined;
}

export function byNamespaceName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compare(a.namespace, b.namespace) || compare(a.name, b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRoutes(a: GraphRoute, b: GraphRoute): number {
  return byNamespaceName(a, b) || compare(a.kind, b.kind);
}

export function selectView(graph: Graph, filter: GraphFilter = {}): GraphView {
  const routesById = new Map(graph.routes.map((r) => [r.id, r]));
  const classesById = new Map(graph.gatewayClasses.map((c) => [c.id, c]));
  const namespaces = filter.namespaces ?? null;
  const inScope = (ns: string) => namespaces === null || namespaces.includes(ns);
  const gatewayKey = (g: GraphGateway) => `${g.namespace}/${g.name}`;
  const selected = (o: { kind: string; namespace: string; name: string }) => filter.selected?.(o.kind, o.namespace, o.name) ?? true;

  const gateways: GraphGateway[] = [];
  for (const gw of [...graph.gateways].sort(byNamespaceName)) {
    if (filter.gateway !== undefined && gatewayKey(gw) !== filter.gateway) continue;
    const whole = inScope(gw.namespace) && selected({ kind: 'Gateway', ...gw });
    const keep = (id: string) => {
      const route = routesById.get(id);
      return route !== undefined && (whole || (inScope(route.namespace) && selected(route)));
    };
    const listeners = gw.listeners.map((l) => ({
      ...l,
      routes: [...new Set(l.routes)]
        .filter(keep)
        .sort((a, b) => compareRoutes(routesById.get(a)!, routesById.get(b)!)),
    }));
    if (!whole && listeners.every((l) => l.routes.length === 0)) continue;
    gateways.push({ ...gw, listeners });
  }

  const unattached = graph.unattached
    .filter((u) => {
      const route = routesById.get(u.route);
      if (route === undefined) return false;
      const targets = route.parents.map((p) => `${p.parentRef.namespace}/${p.parentRef.name}`);
      if (filter.gateway !== undefined && !targets.includes(filter.gateway)) return false;
      if (!selected(route)) return false;
      return inScope(route.namespace) || route.parents.some((p) => inScope(p.parentRef.namespace));
    })
    .sort((a, b) => compareRoutes(routesById.get(a.route)!, routesById.get(b.route)!));

  // No Gateway holds these parents, so a Gateway filter leaves them out; a namespace filter keeps
  // the route when it, or one of those parents, is in scope.
  const otherParents =
    filter.gateway !== undefined
      ? []
      : (graph.otherParents ?? [])
          .filter((o) => {
            const route = routesById.get(o.route);
            if (route === undefined || !selected(route)) return false;
            return inScope(route.namespace) || o.parents.some((i) => inScope(route.parents[i]?.parentRef.namespace ?? ''));
          })
          .sort((a, b) => compareRoutes(routesById.get(a.route)!, routesById.get(b.route)!));

  const routeIds = new Set<string>();
  for (const gw of gateways) for (const l of gw.listeners) for (const id of l.routes) routeIds.add(id);
  for (const u of unattached) routeIds.add(u.route);
  for (const o of otherParents) routeIds.add(o.route);
  const routes = [...routeIds].map((id) => routesById.get(id)!).sort(compareRoutes);

  const classIds = new Set(gateways.map((g) => g.gatewayClass));
  const gatewayClasses = graph.gatewayClasses
    .filter((c) => classIds.has(c.id))
    .sort((a, b) => compare(a.name, b.name));

  return {
    gatewayClasses,
    gateways,
    routes,
    unattached,
    otherParents,
    route: (id) => routesById.get(id),
    gatewayClass: (id) => classesById.get(id),
  };
}
