// GAMMA mesh binding (GEP-1426, "xRoutes Mesh Binding"): a route whose parentRef is a Service
// configures the mesh traffic sent to that Service. The rules implemented here:
// - The parent Service must exist; ParentReference.Port "When the parent resource is a Service,
//   this targets a specific port in the Service spec", and sectionName names a port by name
//   ("Service: Port name"); a port or name the Service does not expose matches no parent
//   (Accepted=False NoMatchingParent). Without either, "the implementation MUST associate the
//   route with all ports defined in the Service".
// - "A route is a producer route when the parentRef refers to a service in the same namespace.
//   This route SHOULD apply to all incoming requests to the service, including from clients in
//   other namespaces." "A route is a consumer route when the parentRef refers to a service in
//   another namespace ... consumer routes are scoped only the same namespace."
// - "Routes of either type can send traffic to backendRefs in any namespace. Unlike Gateway bound
//   routes, this is allowed without a ReferenceGrant."
// - "Headless Services SHOULD NOT be supported as a parentRef"; "Services with type:
//   ExternalName SHOULD NOT be allowed as parentRefs" (reported as findings, not as conditions:
//   SHOULD NOT leaves it to the mesh).
// - "If multiple routes with different types both bind to the same Service and Port pair, only a
//   single route type should be applied ... GRPCRoute, HTTPRoute, TLSRoute, TCPRoute (first one
//   wins)."
// - "Requests from a namespace with consumer routes will utilize the (possibly merged) set of
//   routes in the consumer namespace; requests from other namespaces will utilize the (possibly
//   merged) set of routes in the producer namespace."
import type { ComputedCondition, MeshBinding, ParentEvaluation } from '../model/graph.js';
import type { Route, Service, ServicePort } from '../model/objects.js';
import { condition } from './conditions.js';
import { ruleMatchesEveryRequest } from './matching.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';

/** "80/http", or "80" for an unnamed port. */
export function describePort(p: ServicePort): string {
  return p.name ? `${p.port}/${p.name}` : `${p.port}`;
}

/** The role GEP-1426 gives a route by where its parent Service lives. */
export function meshRole(routeNamespace: string, serviceNamespace: string): MeshBinding['role'] {
  return routeNamespace === serviceNamespace ? 'producer' : 'consumer';
}

/**
 * Accepted for one Service parentRef, with the binding it makes. `resolvedRefs` is the route's
 * ResolvedRefs under mesh rules (meshResolvedRefs).
 */
export function evaluateMeshParent(
  route: Route,
  parentRef: ParentEvaluation['parentRef'],
  resolvedRefs: ComputedCondition,
  lookups: SpecLookups,
): { computed: ComputedCondition[]; mesh: MeshBinding } {
  const routeNs = route.metadata.namespace ?? 'default';
  const role = meshRole(routeNs, parentRef.namespace);
  const target = `${parentRef.namespace}/${parentRef.name}`;
  const mesh: MeshBinding = {
    service: `${target}`,
    role,
    clients: role === 'producer' ? null : routeNs,
    exists: null,
    ports: [],
  };
  const accepted = (status: 'True' | 'False' | 'Unknown', reason: string, message: string) => ({
    computed: [condition('Accepted', status, reason, message), resolvedRefs],
    mesh,
  });
  const service = lookups.service(parentRef.namespace, parentRef.name);
  if (!service) {
    const unknown = absenceUnknown(lookups.coverage.services, 'services');
    if (unknown) return accepted('Unknown', 'Unknown', `Service ${target}: ${unknown}`);
    mesh.exists = false;
    return accepted('False', 'NoMatchingParent', `Service ${target} does not exist`);
  }
  mesh.exists = true;
  mesh.serviceType = serviceKind(service);
  const ports = service.spec?.ports ?? [];
  mesh.servicePorts = ports.map(describePort);
  const selected = ports.filter(
    (p) => (parentRef.port === undefined || p.port === parentRef.port) && (!parentRef.sectionName || p.name === parentRef.sectionName),
  );
  if ((parentRef.port !== undefined || parentRef.sectionName) && selected.length === 0) {
    const asked = [parentRef.sectionName ? `named ${parentRef.sectionName}` : '', parentRef.port !== undefined ? `${parentRef.port}` : '']
      .filter(Boolean)
      .join(' and ');
    return accepted('False', 'NoMatchingParent', `Service ${target} exposes no port ${asked} (ports: ${ports.map(describePort).join(', ') || 'none'})`);
  }
  mesh.ports = selected.map((p) => p.port);
  const scope =
    role === 'producer'
      ? `producer route: applies to requests to Service ${target} from clients in every namespace (except those with consumer routes of their own)`
      : `consumer route: applies only to requests to Service ${target} from clients in namespace ${routeNs}`;
  const on = parentRef.port !== undefined || parentRef.sectionName ? ` on port ${selected.map(describePort).join(', ')}` : ' on every port';
  return accepted('True', 'Accepted', `${scope}${on}`);
}

/** "ClusterIP", "headless", "ExternalName", "NodePort", "LoadBalancer". */
function serviceKind(service: Service): string {
  if (service.spec?.type === 'ExternalName') return 'ExternalName';
  if (service.spec?.clusterIP === 'None') return 'headless';
  return service.spec?.type ?? 'ClusterIP';
}

/** Route kinds by GEP-1426's specificity: on one Service port, the first one present wins. */
export const MESH_KIND_PRECEDENCE = ['GRPCRoute', 'HTTPRoute', 'TLSRoute', 'TCPRoute'] as const;

/**
 * The kind that applies among the route kinds bound to one Service port in one scope; null when
 * none of them is ranked (UDPRoute is its own protocol and never conflicts with these).
 */
export function winningMeshKind(kinds: Iterable<string>): (typeof MESH_KIND_PRECEDENCE)[number] | null {
  const present = new Set(kinds);
  return MESH_KIND_PRECEDENCE.find((k) => present.has(k)) ?? null;
}

type MeshRoute = { kind: string; namespace: string; name: string; parents: ParentEvaluation[] };

/** The accepted bindings to one Service port in one scope: the producer routes (clients null), or one namespace's consumer routes. */
interface ScopePort<R> {
  service: string;
  clients: string | null;
  port: number;
  bindings: Array<{ route: R; parentIndex: number }>;
}

/** Routes of the ranked kinds bound (Accepted, to a Service that exists) by scope and port. */
function bindingsByScopePort<R extends MeshRoute>(routes: readonly R[]): ScopePort<R>[] {
  const byKey = new Map<string, ScopePort<R>>();
  for (const r of routes) {
    if (winningMeshKind([r.kind]) === null) continue;
    for (const p of r.parents) {
      if (!p.mesh || p.mesh.exists !== true) continue;
      if (p.computed.find((c) => c.type === 'Accepted')?.status !== 'True') continue;
      for (const port of p.mesh.ports) {
        const key = `${p.mesh.service}|${p.mesh.clients ?? '*'}|${port}`;
        let scope = byKey.get(key);
        if (!scope) byKey.set(key, (scope = { service: p.mesh.service, clients: p.mesh.clients, port, bindings: [] }));
        scope.bindings.push({ route: r, parentIndex: p.index });
      }
    }
  }
  return [...byKey.values()];
}

const nameOf = (r: MeshRoute) => ({ kind: r.kind, namespace: r.namespace, name: r.name });

export interface MeshKindConflict {
  /** The route that is ignored on that Service port, and the parentRef binding it. */
  route: { kind: string; namespace: string; name: string };
  parentIndex: number;
  service: string;
  port: number;
  /** The kind that wins on that port, and one route of it. */
  winner: { kind: string; namespace: string; name: string };
}

/**
 * Routes of different kinds bound to the same Service port in the same scope (the producer
 * routes; or one namespace's consumer routes): all but the most specific kind are ignored.
 */
export function meshKindConflicts(routes: readonly MeshRoute[]): MeshKindConflict[] {
  const out: MeshKindConflict[] = [];
  for (const { service, port, bindings } of bindingsByScopePort(routes)) {
    const kind = winningMeshKind(bindings.map((b) => b.route.kind));
    const winner = nameOf(bindings.find((b) => b.route.kind === kind)!.route);
    for (const b of bindings) {
      if (b.route.kind !== kind) out.push({ route: nameOf(b.route), parentIndex: b.parentIndex, service, port, winner });
    }
  }
  return out;
}

export interface ConsumerGap {
  /** "ns/name" of the Service, and the namespace whose clients the consumer routes serve. */
  service: string;
  clients: string;
  /** The Service ports on which no consumer rule of that namespace takes every request. */
  ports: number[];
  /** The consumer routes that apply there (of the winning kind), oldest binding first as given. */
  routes: Array<{ kind: string; namespace: string; name: string; parentIndex: number }>;
}

/**
 * Namespaces whose consumer routes for a Service port take only some requests. GEP-1426: "Requests
 * from a namespace with consumer routes will utilize the (possibly merged) set of routes in the
 * consumer namespace", and a route "is replacing that implicit logic - not adding to it": the
 * producer routes and the Service itself no longer answer that namespace's clients, so every
 * request no consumer rule matches gets a 404 (or gRPC Unimplemented), usually by surprise when
 * the consumer meant to override one path.
 */
export function consumerGaps(
  routes: ReadonlyArray<MeshRoute & { rules: ReadonlyArray<{ matches: Parameters<typeof ruleMatchesEveryRequest>[1] }> }>,
): ConsumerGap[] {
  const gaps = new Map<string, ConsumerGap>();
  for (const { service, clients, port, bindings } of bindingsByScopePort(routes)) {
    if (clients === null) continue;
    // Only the winning kind applies on the port; a TLSRoute or TCPRoute matches no requests.
    const kind = winningMeshKind(bindings.map((b) => b.route.kind));
    if (kind !== 'HTTPRoute' && kind !== 'GRPCRoute') continue;
    const applied = bindings.filter((b) => b.route.kind === kind);
    if (applied.some((b) => b.route.rules.some((rule) => ruleMatchesEveryRequest(kind, rule.matches)))) continue;
    const gap = gaps.get(`${service}|${clients}`) ?? { service, clients, ports: [], routes: [] };
    gap.ports.push(port);
    for (const b of applied) {
      if (!gap.routes.some((r) => r.kind === b.route.kind && r.namespace === b.route.namespace && r.name === b.route.name)) {
        gap.routes.push({ ...nameOf(b.route), parentIndex: b.parentIndex });
      }
    }
    gaps.set(`${service}|${clients}`, gap);
  }
  return [...gaps.values()];
}
