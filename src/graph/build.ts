// Snapshot -> Graph: GatewayClass -> Gateway -> Listener -> Route -> rule -> backend ->
// endpoints, with what the spec computes on every edge and what the controllers reported.
//
// One pass per kind over Maps (indexes.ts): listeners are evaluated once per Gateway; each route
// evaluates its parentRefs against the listeners of the Gateways they name (looked up by key);
// attachedRoutes falls out of those evaluations. Nothing scans all routes for every listener.
import type {
  BackendEdge,
  ComputedCondition,
  Graph,
  GraphGateway,
  GraphGatewayClass,
  GraphListener,
  GraphListenerSet,
  GraphRoute,
  GraphRule,
  ParentEvaluation,
  Reported,
  RouteWithOtherParents,
  UnattachedRoute,
} from '../model/graph.js';
import type { Gateway, GatewayClass, HTTPRouteFilter, ListenerStatus, Route } from '../model/objects.js';
import { GATEWAY_GROUP, ROUTE_KINDS } from '../model/objects.js';
import { objectKey, routeResource, type Snapshot } from '../model/snapshot.js';
import { evaluateBackendRef, routeResolvedRefs, type LabelledBackend } from '../spec/backend-refs.js';
import { allowedRoutesWithDefaults, nsName, parentRefWithDefaults } from '../spec/defaults.js';
import { evaluateGatewayClass, type GatewayClassVerdict } from '../spec/gateway-class.js';
import { insecureFrontendValidationMode } from '../spec/frontend-validation.js';
import { evaluateParametersRef } from '../spec/gateway-infrastructure.js';
import { listenerSetAttached, listenerSetConditions } from '../spec/listener-sets.js';
import { evaluateGatewayListeners, gatewayConditions, listenerId, listenerSetTargets, type ListenerEntry } from '../spec/listeners.js';
import { evaluateMeshParent } from '../spec/mesh.js';
import { evaluateParentRef, parentTarget, unattachedReason } from '../spec/parent-refs.js';
import { gatewayProgrammed, listenerProgrammed, listenerSetProgrammed } from '../spec/programmed.js';
import { ruleReachability } from '../spec/reachability.js';
import { compareGateway, compareListener, compareListenerSet, compareRouteParent, reportedFrom } from '../spec/status-comparison.js';
import { indexSnapshot, type SnapshotIndex } from './indexes.js';
import { ruleSummary } from './rule-summary.js';

export interface BuildOptions {
  /** The time certificate expiry is judged against (tests pin it). */
  now?: Date;
}

interface GatewayState {
  gateway: Gateway;
  key: string;
  entries: ListenerEntry[];
  classVerdict: GatewayClassVerdict;
  /** The Gateway's own conditions (gatewayConditions). */
  computed: ComputedCondition[];
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function mirrorsOf(filters: readonly HTTPRouteFilter[] | undefined) {
  return (filters ?? []).filter((f) => f.type === 'RequestMirror' && f.requestMirror?.backendRef).map((f) => f.requestMirror!.backendRef);
}

function buildRules(
  route: Route,
  index: SnapshotIndex,
  labelled: LabelledBackend[],
  opts: { referenceGrantNeeded?: boolean } = {},
): GraphRule[] {
  const identity = { kind: route.kind, namespace: route.metadata.namespace ?? 'default', name: route.metadata.name };
  const withPolicies = (edge: BackendEdge): BackendEdge => {
    if (edge.ref.group === '' && edge.ref.kind === 'Service') {
      const policies = index.policiesFor('', 'Service', edge.ref.namespace, edge.ref.name);
      if (policies.length > 0) edge.policies = policies;
    }
    return edge;
  };
  return (route.spec?.rules ?? []).map((rule, i) => {
    const backends = (rule.backendRefs ?? []).map((ref, j) => {
      const edge = withPolicies(evaluateBackendRef(ref, identity, index, opts));
      if (ref.filters?.length) edge.filters = [...ref.filters];
      labelled.push({ label: `rule ${i} backend ${j}`, edge });
      return edge;
    });
    const mirrorRefs = [...mirrorsOf(rule.filters), ...(rule.backendRefs ?? []).flatMap((b) => mirrorsOf(b.filters))];
    const mirrors = mirrorRefs.map((ref) => {
      const edge = withPolicies(evaluateBackendRef(ref, identity, index, opts));
      labelled.push({ label: `rule ${i} mirror`, edge });
      return edge;
    });
    const out: GraphRule = {
      index: i,
      summary: ruleSummary(route.kind, rule),
      matches: [...(rule.matches ?? [])],
      filters: [...(rule.filters ?? [])],
      backends,
    };
    if (rule.name) out.name = rule.name;
    if (mirrors.length > 0) out.mirrors = mirrors;
    return out;
  });
}

function listenerStatusOf(entry: ListenerEntry, gateway: Gateway, index: SnapshotIndex): ListenerStatus | undefined {
  if (entry.owner.kind === 'Gateway') return gateway.status?.listeners?.find((s) => s.name === entry.name);
  const ls = index.listenerSet(entry.owner.namespace, entry.owner.name);
  return ls?.status?.listeners?.find((s) => s.name === entry.name);
}

function ownerGeneration(entry: ListenerEntry, gateway: Gateway, index: SnapshotIndex): number | undefined {
  if (entry.owner.kind === 'Gateway') return gateway.metadata.generation;
  return index.listenerSet(entry.owner.namespace, entry.owner.name)?.metadata.generation;
}

function classNode(name: string, cls: GatewayClass | undefined, verdict: GatewayClassVerdict): GraphGatewayClass {
  const conditions = cls?.status?.conditions;
  return {
    id: `GatewayClass//${name}`,
    name,
    controllerName: verdict.controllerName,
    exists: verdict.exists,
    reported: conditions && conditions.length > 0 ? reportedFrom(conditions, cls?.metadata.generation) : null,
    computed: verdict.computed,
    gateways: [],
  };
}

export function buildGraph(snapshot: Snapshot, options: BuildOptions = {}): Graph {
  const now = options.now ?? new Date();
  const index = indexSnapshot(snapshot);

  // GatewayClasses, including dangling ones named by a Gateway but absent.
  const classVerdicts = new Map<string, GatewayClassVerdict>();
  const classNodes = new Map<string, GraphGatewayClass>();
  const classFor = (name: string): GatewayClassVerdict => {
    let verdict = classVerdicts.get(name);
    if (!verdict) {
      const cls = index.gatewayClass(name);
      verdict = evaluateGatewayClass(name, cls, snapshot.coverage.gatewayclasses);
      classVerdicts.set(name, verdict);
      classNodes.set(name, classNode(name, cls, verdict));
    }
    return verdict;
  };
  for (const cls of snapshot.gatewayClasses) classFor(cls.metadata.name);

  // Listeners, once per Gateway.
  const gatewayStates = new Map<string, GatewayState>();
  for (const gateway of snapshot.gateways) {
    const key = nsName(gateway.metadata.namespace ?? 'default', gateway.metadata.name);
    const entries = evaluateGatewayListeners(gateway, index.listenerSetsOf(key), index, now);
    const classVerdict = classFor(gateway.spec?.gatewayClassName ?? '');
    const computed = gatewayConditions(entries, classVerdict, evaluateParametersRef(gateway, index));
    const gatewayAccepted = computed.find((c) => c.type === 'Accepted');
    for (const e of entries) e.computed.push(listenerProgrammed(e, gatewayAccepted));
    computed.push(gatewayProgrammed(computed, entries.filter((e) => e.owner.kind === 'Gateway').map((e) => e.computed)));
    const insecure = insecureFrontendValidationMode(gateway);
    if (insecure) computed.push(insecure);
    gatewayStates.set(key, { gateway, key, entries, classVerdict, computed });
  }

  // ListenerSets: their own conditions, from their parent Gateway's verdict and their listeners'.
  const listenerSets: GraphListenerSet[] = [];
  const attachedCount = new Map<string, number>();
  for (const ls of snapshot.listenerSets) {
    const ns = ls.metadata.namespace ?? 'default';
    const id = `ListenerSet/${ns}/${ls.metadata.name}`;
    const target = listenerSetTargets(ls);
    const parentGateway = target ? nsName(target.namespace, target.name) : null;
    const state = parentGateway ? gatewayStates.get(parentGateway) : undefined;
    const entries = state ? state.entries.filter((e) => e.listenerSet === id) : [];
    const own = listenerSetConditions(ls, { gateway: state?.gateway, computed: state?.computed }, entries, index);
    const computed = [...own, listenerSetProgrammed(own, state?.computed.find((c) => c.type === 'Programmed'))];
    if (parentGateway && listenerSetAttached(computed)) attachedCount.set(parentGateway, (attachedCount.get(parentGateway) ?? 0) + 1);
    const conditions = ls.status?.conditions;
    const reported = conditions && conditions.length > 0 ? reportedFrom(conditions, ls.metadata.generation) : null;
    listenerSets.push({
      id,
      namespace: ns,
      name: ls.metadata.name,
      parentGateway,
      computed,
      reported,
      disagreements: reported ? compareListenerSet(computed, reported) : [],
      listeners: (ls.spec?.listeners ?? []).map((l) => listenerId('ListenerSet', ns, ls.metadata.name, l.name)),
    });
  }
  const listenerSetsComplete = ['complete', 'not-served'].includes(snapshot.coverage.listenersets?.state ?? '');
  const parentCtx = { lookups: index, listenersOf: (key: string) => gatewayStates.get(key)?.entries };

  // Routes: backends, then each parentRef against its Gateway's listeners.
  const attachedTo = new Map<string, Set<string>>();
  const routes: GraphRoute[] = [];
  const unattached: UnattachedRoute[] = [];
  const otherParents: RouteWithOtherParents[] = [];
  for (const route of snapshot.routes) {
    const ns = route.metadata.namespace ?? 'default';
    const id = `${route.kind}/${ns}/${route.metadata.name}`;
    const labelled: LabelledBackend[] = [];
    // GEP-1426: mesh routes reach backends in any namespace without a ReferenceGrant. A route
    // whose parents are all Services is evaluated that way; one with Gateway parents too keeps
    // the Gateway rules for its edges, and its Service parents get their own ResolvedRefs.
    const targets = (route.spec?.parentRefs ?? []).map((ref) => parentTarget(parentRefWithDefaults(ref, ns)));
    const meshOnly = targets.length > 0 && targets.every((t) => t === 'Service');
    const rules = buildRules(route, index, labelled, { referenceGrantNeeded: !meshOnly });
    const resolvedRefs = routeResolvedRefs(labelled);
    let meshRefs = resolvedRefs;
    if (!meshOnly && targets.includes('Service')) {
      const meshLabelled: LabelledBackend[] = [];
      buildRules(route, index, meshLabelled, { referenceGrantNeeded: false });
      meshRefs = routeResolvedRefs(meshLabelled);
    }
    // A route read from -f files (even laid over a cluster) has no controller status to expect.
    const routeState = snapshot.coverage[routeResource(route.kind)]?.state;
    const fromCluster =
      (routeState === 'complete' || routeState === 'partial') && !snapshot.origins[objectKey(route.kind, ns, route.metadata.name)];
    const parents: ParentEvaluation[] = (route.spec?.parentRefs ?? []).map((ref, i) => {
      const p = evaluateParentRef(route, ref, i, resolvedRefs, parentCtx);
      if (p.target === 'Service') Object.assign(p, evaluateMeshParent(route, p.parentRef, meshRefs, index));
      const state = p.gateway ? gatewayStates.get(p.gateway) : undefined;
      const verdict = state?.classVerdict;
      compareRouteParent(p, route, verdict?.controllerName, fromCluster && !!verdict && verdict.exists && verdict.claimed);
      for (const listenerId of p.attachedListeners) {
        const set = attachedTo.get(listenerId) ?? new Set<string>();
        set.add(id);
        attachedTo.set(listenerId, set);
      }
      return p;
    });
    const attached = parents.some((p) => p.attachedListeners.length > 0);
    const graphRoute: GraphRoute = {
      id,
      kind: route.kind,
      namespace: ns,
      name: route.metadata.name,
      hostnames: [...(route.spec?.hostnames ?? [])],
      parents,
      rules,
      policies: index.policiesFor(GATEWAY_GROUP, route.kind, ns, route.metadata.name),
      attached,
    };
    if (route.metadata.generation !== undefined) graphRoute.generation = route.metadata.generation;
    if (route.metadata.creationTimestamp) graphRoute.creationTimestamp = route.metadata.creationTimestamp;
    routes.push(graphRoute);
    const checkable = parents.some((p) => p.target === 'Gateway' || p.target === 'ListenerSet');
    const others = parents.filter((p) => p.target === 'Service' || p.target === 'Other').map((p) => p.index);
    if (others.length > 0) otherParents.push({ route: id, parents: others });
    if (!attached && (checkable || parents.length === 0)) {
      unattached.push({
        route: id,
        reasons: parents.length === 0 ? ['the route has no parentRefs: it names no Gateway to attach to'] : parents.map(unattachedReason),
      });
    }
  }

  // attachedRoutes can only be compared when every route kind was fully read.
  const countIsComplete = ROUTE_KINDS.every((k) => {
    const state = snapshot.coverage[routeResource(k)]?.state;
    return state === 'complete' || state === 'not-served';
  });

  const gateways: GraphGateway[] = [];
  for (const state of gatewayStates.values()) {
    const { gateway, key, entries, computed } = state;
    const gwId = `Gateway/${key}`;
    const listeners: GraphListener[] = entries.map((e) => {
      const status = listenerStatusOf(e, gateway, index);
      let reported: GraphListener['reported'] = null;
      if (status) {
        const r: Reported & { attachedRoutes?: number; supportedKinds?: ListenerStatus['supportedKinds'] } = reportedFrom(
          status.conditions,
          ownerGeneration(e, gateway, index),
        );
        r.attachedRoutes = status.attachedRoutes;
        if (status.supportedKinds) r.supportedKinds = status.supportedKinds;
        reported = r;
      }
      const routeIds = [...(attachedTo.get(e.id) ?? [])].sort();
      const attachedRoutes = { computed: routeIds.length, reported: status ? status.attachedRoutes ?? 0 : null };
      const node: GraphListener = {
        id: e.id,
        gateway: gwId,
        name: e.name,
        protocol: e.protocol,
        port: e.port,
        allowedNamespaces: allowedRoutesWithDefaults(e.listener).from,
        supportedKinds: e.supported,
        certificates: e.certificates,
        computed: e.computed,
        reported,
        attachedRoutes,
        routes: routeIds,
        disagreements: reported ? compareListener(e.computed, reported, attachedRoutes, countIsComplete) : [],
      };
      if (e.listenerSet) node.listenerSet = e.listenerSet;
      if (e.hostname) node.hostname = e.hostname;
      if (e.tlsMode) node.tlsMode = e.tlsMode;
      if (e.clientValidation) node.clientValidation = e.clientValidation;
      return node;
    });
    const conditions = gateway.status?.conditions;
    const reported = conditions && conditions.length > 0 ? reportedFrom(conditions, gateway.metadata.generation) : null;
    const addresses = [...(gateway.status?.addresses ?? []), ...(gateway.spec?.addresses ?? [])]
      .map((a) => a.value)
      .filter((v, i, all) => v && all.indexOf(v) === i);
    const className = gateway.spec?.gatewayClassName ?? '';
    const node: GraphGateway = {
      id: gwId,
      namespace: gateway.metadata.namespace ?? 'default',
      name: gateway.metadata.name,
      className,
      gatewayClass: `GatewayClass//${className}`,
      addresses,
      computed,
      reported,
      listeners,
      policies: index.policiesFor(GATEWAY_GROUP, 'Gateway', gateway.metadata.namespace ?? 'default', gateway.metadata.name),
      disagreements: [],
    };
    const reportedAttached = (gateway.status as { attachedListenerSets?: number } | undefined)?.attachedListenerSets;
    if (index.listenerSetsOf(key).length > 0 || typeof reportedAttached === 'number') {
      node.attachedListenerSets = {
        computed: listenerSetsComplete ? attachedCount.get(key) ?? 0 : null,
        reported: typeof reportedAttached === 'number' ? reportedAttached : null,
      };
    }
    if (reported) node.disagreements = compareGateway(computed, reported, node.attachedListenerSets);
    gateways.push(node);
    classNodes.get(className)?.gateways.push(gwId);
  }

  const gatewayClasses = [...classNodes.values()].sort(byId);
  for (const c of gatewayClasses) c.gateways.sort();
  const graph: Graph = {
    gatewayClasses,
    gateways: gateways.sort(byId),
    routes: routes.sort(byId),
    unattached: unattached.sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0)),
    otherParents: otherParents.sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0)),
    coverage: snapshot.coverage,
  };
  if (listenerSets.length > 0) graph.listenerSets = listenerSets.sort(byId);
  // Needs every listener's attached routes, so it runs on the finished graph.
  const reachability = ruleReachability(graph);
  for (const route of graph.routes) {
    const perRule = reachability.get(route.id);
    if (perRule) route.rules.forEach((rule, i) => (rule.reachability = perRule[i]));
  }
  return graph;
}
