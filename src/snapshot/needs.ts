// What an answer needs to read, from what has been read so far: the objects a set of routes and
// gateways name (parent Gateways, ListenerSets, GatewayClasses, backend Services and their
// EndpointSlices, the Namespaces whose labels a listener selector looks at) and the namespaces
// whose ReferenceGrants decide their cross-namespace references. Pure: the reader in
// src/kube/source.ts asks again after each round of reads until nothing new is needed, so the
// answer to a question about one route costs a handful of requests, and a user who may not list
// a kind cluster-wide still gets every object the question names, one by one.
import type { Gateway, ListenerSet, Route, RouteKind } from '../model/objects.js';
import { routeResource, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { selectorNeedsNamespaceLabels } from '../spec/allowed-routes.js';
import {
  allowedRoutesWithDefaults,
  backendRefWithDefaults,
  certificateRefWithDefaults,
  CORE_GROUP,
  GATEWAY_GROUP,
  GATEWAY_X_GROUP,
  nsName,
  parentRefWithDefaults,
  tlsModeOf,
} from '../spec/defaults.js';
import { listenerSetTargets } from '../spec/listeners.js';

/** What one question is about; undefined means the whole cluster (tree -A, check). */
export type ReadFocus =
  | { kind: 'route'; namespace: string; name: string; routeKind?: RouteKind }
  | { kind: 'gateway'; namespace: string; name: string };

export interface Needs {
  /** Objects to read by name, by resource: "namespace/name", or "name" when cluster-scoped. For
   *  endpointslices, "namespace/service": the slices labelled with that Service. */
  byName: Map<ResourceName, Set<string>>;
  /** Namespaces to list in full, by resource (ReferenceGrants: every grant there may matter). */
  byNamespace: Map<ResourceName, Set<string>>;
}

function add(map: Map<ResourceName, Set<string>>, resource: ResourceName, key: string): void {
  let set = map.get(resource);
  if (!set) map.set(resource, (set = new Set()));
  set.add(key);
}

const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? 'default';

function isListenerSetRef(group: string, kind: string): boolean {
  return (group === GATEWAY_GROUP && kind === 'ListenerSet') || (group === GATEWAY_X_GROUP && kind === 'XListenerSet');
}

/** The Gateways ("ns/name") a route's parentRefs lead to, directly or through a ListenerSet. */
function parentGateways(route: Route, listenerSets: Map<string, ListenerSet>, needs: Needs): string[] {
  const out: string[] = [];
  for (const raw of route.spec?.parentRefs ?? []) {
    const ref = parentRefWithDefaults(raw, ns(route));
    if (ref.group === GATEWAY_GROUP && ref.kind === 'Gateway') {
      out.push(nsName(ref.namespace, ref.name));
    } else if (isListenerSetRef(ref.group, ref.kind)) {
      add(needs.byName, 'listenersets', nsName(ref.namespace, ref.name));
      const ls = listenerSets.get(nsName(ref.namespace, ref.name));
      const target = ls ? listenerSetTargets(ls) : null;
      if (target) out.push(nsName(target.namespace, target.name));
    }
  }
  return out;
}

/** Does any listener the route may use (a Gateway's own, or its ListenerSets') select by namespace labels? */
function listenersSelectByLabels(gateway: Gateway, listenerSets: readonly ListenerSet[]): boolean {
  const listeners = [...(gateway.spec?.listeners ?? []), ...listenerSets.flatMap((ls) => ls.spec?.listeners ?? [])];
  return listeners.some((l) => {
    const { from, selector } = allowedRoutesWithDefaults(l);
    return from === 'Selector' && selectorNeedsNamespaceLabels(selector);
  });
}

function routeMatchesFocus(route: Route, focus: Extract<ReadFocus, { kind: 'route' }>): boolean {
  return ns(route) === focus.namespace && route.metadata.name === focus.name && (!focus.routeKind || route.kind === focus.routeKind);
}

/**
 * The reads the question still needs, given what the snapshot holds now. Whether each is already
 * covered (read, refused, or listed with its namespace) is for the reader to decide.
 */
export function neededReads(snapshot: Snapshot, focus?: ReadFocus, routeKinds: readonly RouteKind[] = []): Needs {
  const needs: Needs = { byName: new Map(), byNamespace: new Map() };
  const listenerSets = new Map(snapshot.listenerSets.map((ls) => [nsName(ns(ls), ls.metadata.name), ls]));
  const listenerSetsOf = new Map<string, ListenerSet[]>();
  for (const ls of snapshot.listenerSets) {
    const target = listenerSetTargets(ls);
    if (!target) continue;
    const key = nsName(target.namespace, target.name);
    listenerSetsOf.set(key, [...(listenerSetsOf.get(key) ?? []), ls]);
  }
  const gatewaysByKey = new Map(snapshot.gateways.map((g) => [nsName(ns(g), g.metadata.name), g]));

  // The routes the answer is about, and the Gateways it shows.
  let routes: Route[];
  const gatewayKeys = new Set<string>();
  if (!focus) {
    routes = snapshot.routes;
    for (const key of gatewaysByKey.keys()) gatewayKeys.add(key);
  } else if (focus.kind === 'route') {
    // The route itself, in every kind that may hold the name (explain says when several do).
    for (const kind of focus.routeKind ? [focus.routeKind] : routeKinds) add(needs.byName, routeResource(kind), nsName(focus.namespace, focus.name));
    routes = snapshot.routes.filter((r) => routeMatchesFocus(r, focus));
  } else {
    const key = nsName(focus.namespace, focus.name);
    gatewayKeys.add(key);
    const viaListenerSets = new Set((listenerSetsOf.get(key) ?? []).map((ls) => nsName(ns(ls), ls.metadata.name)));
    routes = snapshot.routes.filter((r) =>
      (r.spec?.parentRefs ?? []).some((raw) => {
        const ref = parentRefWithDefaults(raw, ns(r));
        if (ref.group === GATEWAY_GROUP && ref.kind === 'Gateway') return nsName(ref.namespace, ref.name) === key;
        return isListenerSetRef(ref.group, ref.kind) && viaListenerSets.has(nsName(ref.namespace, ref.name));
      }),
    );
  }

  // Which route namespaces each Gateway may need the labels of.
  const routeNamespacesByGateway = new Map<string, Set<string>>();
  for (const route of routes) {
    for (const key of parentGateways(route, listenerSets, needs)) {
      gatewayKeys.add(key);
      const set = routeNamespacesByGateway.get(key) ?? new Set<string>();
      set.add(ns(route));
      routeNamespacesByGateway.set(key, set);
    }
    for (const rule of route.spec?.rules ?? []) {
      const refs = [
        ...(rule.backendRefs ?? []),
        ...[...(rule.filters ?? []), ...(rule.backendRefs ?? []).flatMap((b) => b.filters ?? [])]
          .filter((f) => f.type === 'RequestMirror' && f.requestMirror?.backendRef)
          .map((f) => f.requestMirror!.backendRef),
      ];
      for (const raw of refs) {
        const ref = backendRefWithDefaults(raw, ns(route));
        if (ref.namespace !== ns(route)) add(needs.byNamespace, 'referencegrants', ref.namespace);
        if (ref.group !== CORE_GROUP || ref.kind !== 'Service') continue;
        add(needs.byName, 'services', nsName(ref.namespace, ref.name));
        add(needs.byName, 'endpointslices', nsName(ref.namespace, ref.name));
      }
    }
  }

  for (const key of gatewayKeys) {
    add(needs.byName, 'gateways', key);
    const gateway = gatewaysByKey.get(key);
    if (!gateway) continue; // asked for above; what it names is needed once it is read
    const own = listenerSetsOf.get(key) ?? [];
    if (gateway.spec?.gatewayClassName) add(needs.byName, 'gatewayclasses', gateway.spec.gatewayClassName);
    // Route namespaces: only when a listener selects on labels other than kubernetes.io/metadata.name.
    if (listenersSelectByLabels(gateway, own)) {
      for (const n of routeNamespacesByGateway.get(key) ?? []) add(needs.byName, 'namespaces', n);
    }
    const allowedListeners = (gateway.spec as { allowedListeners?: { namespaces?: { from?: string; selector?: never } } } | undefined)
      ?.allowedListeners?.namespaces;
    if (allowedListeners?.from === 'Selector' && selectorNeedsNamespaceLabels(allowedListeners.selector)) {
      for (const ls of own) add(needs.byName, 'namespaces', ns(ls));
    }
    // Cross-namespace certificateRefs: the grants in the Secret's namespace decide.
    for (const owner of [gateway, ...own]) {
      for (const listener of owner.spec?.listeners ?? []) {
        if (tlsModeOf(listener) === 'Passthrough') continue;
        for (const raw of listener.tls?.certificateRefs ?? []) {
          const ref = certificateRefWithDefaults(raw, ns(owner));
          if (ref.namespace !== ns(owner)) add(needs.byNamespace, 'referencegrants', ref.namespace);
        }
      }
    }
  }
  return needs;
}

/** The Gateways ("ns/name") whose listener Secrets the answer needs: all, or the focus's. */
export function gatewaysInFocus(snapshot: Snapshot, focus?: ReadFocus): Set<string> | null {
  if (!focus) return null;
  if (focus.kind === 'gateway') return new Set([nsName(focus.namespace, focus.name)]);
  const listenerSets = new Map(snapshot.listenerSets.map((ls) => [nsName(ns(ls), ls.metadata.name), ls]));
  const scratch: Needs = { byName: new Map(), byNamespace: new Map() };
  const keys = snapshot.routes.filter((r) => routeMatchesFocus(r, focus)).flatMap((r) => parentGateways(r, listenerSets, scratch));
  return new Set(keys);
}
