// Route backend references: each backendRef (and each RequestMirror filter's backendRef) resolved
// against Services, ReferenceGrants and EndpointSlices, and the route's ResolvedRefs condition.
//
// httproute_types.go, HTTPBackendRef.BackendRef: "A BackendRef can be invalid for the following
// reasons. In all cases, the implementation MUST ensure the `ResolvedRefs` Condition on the Route
// is set to `status: False`, with a Reason and Message that indicate what is the cause of the
// error. A BackendRef is invalid if:
//  * It refers to an unknown or unsupported kind of resource. In this case, the Reason must be set
//    to `InvalidKind` ...
//  * It refers to a resource that does not exist. In this case, the Reason must be set to
//    `BackendNotFound` ...
//  * It refers a resource in another namespace when the reference has not been explicitly allowed
//    by a ReferenceGrant (or equivalent concept). In this case, the Reason must be set to
//    `RefNotPermitted` ..."
// shared_types.go, BackendRef: "If a Route is not able to send traffic to the backend using the
// specified protocol then the backend is considered invalid. Implementations MUST set the
// "ResolvedRefs" condition to "False" with the "UnsupportedProtocol" reason."
// BackendObjectReference.Port: "Port is required when the referent is a Kubernetes Service."
//
// The checks run in the order most implementations use (and conformance observes): kind, then
// the ReferenceGrant, then existence, then port and protocol. The spec defines no reason for a
// Service port that does not exist; the object the reference names (that port of that Service)
// does not exist, so it is BackendNotFound.
//
// Kinds of other API groups: an "unknown ... kind of resource" when the cluster serves no such API
// group (conformance HTTPRouteInvalidBackendRefUnknownKind: group unknownkind.example.com, kind
// NonExistent -> ResolvedRefs False InvalidKind). A group the cluster serves (Envoy Gateway
// Backend, InferencePool, ServiceImport ...) holds implementation-specific kinds: resolved null,
// reason NotChecked, never "missing"; so is any group when the snapshot does not say which groups
// are served (-f files). Which appProtocol values an implementation can speak is its own business
// beyond the clear mismatches below (a UDPRoute to a TCP port, a TCP-based route to a UDP port, a
// GRPCRoute to a WebSocket port).
import type { BackendEdge, ComputedCondition, EndpointCounts } from '../model/graph.js';
import type { BackendRef, Endpoint, EndpointSlice, RouteKind, Service, ServicePort } from '../model/objects.js';
import { condition } from './conditions.js';
import { CORE_GROUP, GATEWAY_GROUP, backendRefWithDefaults } from './defaults.js';
import { absenceUnknown, type SpecLookups } from './lookups.js';
import { referenceAllowed } from './reference-grants.js';

export interface RouteIdentity {
  kind: RouteKind;
  namespace: string;
  name: string;
}

function describePort(p: ServicePort): string {
  return p.name ? `${p.port}/${p.name}` : String(p.port);
}

/**
 * discovery/v1 EndpointConditions.ready: "ready indicates that this endpoint is ready to receive
 * traffic, according to whatever system is managing the endpoint. A nil value should be
 * interpreted as "true". In general, an endpoint should be marked ready if it is serving and not
 * terminating, though this can be overridden in some cases, such as when the associated Service
 * has set the publishNotReadyAddresses flag."
 */
export function endpointReady(e: Pick<Endpoint, 'conditions'>): boolean {
  return e.conditions?.ready ?? true;
}

/**
 * EndpointConditions.serving: "serving indicates that this endpoint is able to receive traffic,
 * according to whatever system is managing the endpoint. ... A nil value should be interpreted as
 * "true"." Earlier API versions said "If nil, consumers should defer to the ready condition",
 * which is what this does: it agrees with the newer wording whenever ready is also unset, and
 * does not call an endpoint serving that its manager marked not ready.
 */
export function endpointServing(e: Pick<Endpoint, 'conditions'>): boolean {
  return e.conditions?.serving ?? endpointReady(e);
}

/** ready/serving/terminating of the endpoints behind one Service port. */
export function endpointCounts(port: ServicePort, slices: readonly EndpointSlice[], servicePortCount: number): EndpointCounts {
  const counts: EndpointCounts = { ready: 0, serving: 0, terminating: 0, total: 0, addresses: [] };
  const seen = new Set<string>();
  const wanted = port.name ?? '';
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    // Slices list the Service's ports by name; a slice without ports can only be for a
    // single-port Service.
    const carries = ports.length === 0 ? servicePortCount <= 1 : ports.some((p) => (p.name ?? '') === wanted);
    if (!carries) continue;
    for (const ep of slice.endpoints ?? []) {
      const key = ep.addresses.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      // Terminating only when set.
      const ready = endpointReady(ep);
      const serving = endpointServing(ep);
      counts.total++;
      if (ready) counts.ready++;
      if (serving) counts.serving++;
      if (ep.conditions?.terminating === true) counts.terminating++;
      const pod = ep.targetRef?.kind === 'Pod' || ep.targetRef?.kind === undefined ? ep.targetRef?.name : undefined;
      for (const address of ep.addresses) {
        const a: EndpointCounts['addresses'][number] = { address, ready };
        if (pod) a.pod = pod;
        counts.addresses.push(a);
      }
    }
  }
  return counts;
}

/**
 * UnsupportedProtocol, for the mismatches the spec makes unambiguous. Service port protocol
 * defaults to TCP.
 */
function protocolMismatch(routeKind: RouteKind, port: ServicePort): string | null {
  const transport = port.protocol ?? 'TCP';
  if (routeKind === 'UDPRoute' && transport !== 'UDP') return `a UDPRoute cannot send to ${transport} port ${describePort(port)}`;
  if (routeKind !== 'UDPRoute' && transport === 'UDP') return `a ${routeKind} cannot send to UDP port ${describePort(port)}`;
  const app = port.appProtocol?.toLowerCase();
  if (routeKind === 'GRPCRoute' && (app === 'kubernetes.io/ws' || app === 'kubernetes.io/wss')) {
    return `a GRPCRoute cannot send gRPC to port ${describePort(port)} whose appProtocol is ${port.appProtocol}`;
  }
  return null;
}

function withEndpoints(edge: BackendEdge, service: Service, port: ServicePort, lookups: SpecLookups): BackendEdge {
  const coverage = lookups.coverage.endpointslices;
  if (service.spec?.type === 'ExternalName') {
    edge.endpoints = null;
    edge.endpointsUnknown = `ExternalName Service: traffic goes to ${service.spec.externalName ?? '(no externalName)'}, no endpoints`;
    return edge;
  }
  const namespace = service.metadata.namespace ?? 'default';
  if (coverage.state === 'forbidden') {
    edge.endpoints = null;
    edge.endpointsUnknown = 'forbidden: cannot list endpointslices';
    return edge;
  }
  if (coverage.state === 'error') {
    edge.endpoints = null;
    edge.endpointsUnknown = `error: cannot list endpointslices (${coverage.message})`;
    return edge;
  }
  // Read in parts: the slices of this Service are known when its namespace was listed or its
  // slices were listed by the kubernetes.io/service-name label.
  const gap = coverage.state === 'partial' ? absenceUnknown(coverage, 'endpointslices', { namespace, name: service.metadata.name }) : null;
  if (gap) {
    edge.endpoints = null;
    edge.endpointsUnknown = gap.replace(/^unknown \((.*)\)$/, '$1');
    return edge;
  }
  const slices = lookups.endpointSlices(namespace, service.metadata.name);
  if (slices.length === 0 && coverage.state === 'files') {
    edge.endpoints = null;
    edge.endpointsUnknown = 'no EndpointSlices in the given files';
    return edge;
  }
  edge.endpoints = endpointCounts(port, slices, service.spec?.ports?.length ?? 0);
  return edge;
}

/** One backendRef, resolved. */
export function evaluateBackendRef(
  raw: BackendRef,
  route: RouteIdentity,
  lookups: SpecLookups,
  opts: { referenceGrantNeeded?: boolean } = {},
): BackendEdge {
  const ref = backendRefWithDefaults(raw, route.namespace);
  const target = `${ref.namespace}/${ref.name}`;
  const gk = ref.group === CORE_GROUP ? ref.kind : `${ref.group}/${ref.kind}`;
  const weightNote = ref.weight === 0 ? ' (weight 0: receives no traffic)' : '';
  const edge = (resolved: boolean | null, reason: string, message: string): BackendEdge => ({
    ref,
    resolved,
    reason,
    message: message + weightNote,
    endpoints: null,
  });

  if (ref.group === CORE_GROUP && ref.kind !== 'Service') {
    return edge(false, 'InvalidKind', `${gk} ${target}: backendRefs to the core group can only name a Service`);
  }
  if (ref.group !== CORE_GROUP && lookups.apiGroupServed(ref.group) === false) {
    return edge(false, 'InvalidKind', `${gk} ${target}: the cluster serves no API group ${ref.group}, so there is no kind ${ref.kind} to send to`);
  }
  // Mesh routes (GEP-1426) reach backends in any namespace without a ReferenceGrant.
  if (ref.namespace !== route.namespace && opts.referenceGrantNeeded !== false) {
    const from = { group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace };
    const verdict = referenceAllowed(from, ref, lookups.referenceGrants(ref.namespace));
    if (!verdict.allowed) {
      const unknown = absenceUnknown(lookups.coverage.referencegrants, 'referencegrants', { namespace: ref.namespace });
      if (unknown) return edge(null, 'Unknown', `${gk} ${target} is in another namespace and ReferenceGrants are ${unknown}`);
      return edge(
        false,
        'RefNotPermitted',
        `${gk} ${target} is in another namespace and no ReferenceGrant in ${ref.namespace} allows ${route.kind}s from ${route.namespace} to reference it`,
      );
    }
  }
  if (ref.group !== CORE_GROUP) {
    return edge(null, 'NotChecked', `${gk} ${target} is an implementation-specific backend kind: only its controller can resolve it`);
  }
  const service = lookups.service(ref.namespace, ref.name);
  if (!service) {
    const unknown = absenceUnknown(lookups.coverage.services, 'services', { namespace: ref.namespace, name: ref.name });
    if (unknown) return edge(null, 'Unknown', `Service ${target}: ${unknown}`);
    return edge(false, 'BackendNotFound', `Service ${target} does not exist`);
  }
  const ports = service.spec?.ports ?? [];
  const isExternalName = service.spec?.type === 'ExternalName';
  if (ref.port === undefined) {
    const out = edge(false, 'BackendNotFound', `Service ${target}: backendRef has no port (port is required for a Service)`);
    out.service = { exists: true, portFound: false };
    return out;
  }
  const port = ports.find((p) => p.port === ref.port);
  if (!port && !(isExternalName && ports.length === 0)) {
    const out = edge(
      false,
      'BackendNotFound',
      `Service ${target} has no port ${ref.port} (ports: ${ports.map(describePort).join(', ') || 'none'})`,
    );
    out.service = { exists: true, portFound: false };
    return out;
  }
  const servicePort: ServicePort = port ?? { port: ref.port };
  const out = edge(true, 'ResolvedRefs', `Service ${target} port ${describePort(servicePort)}`);
  out.service = { exists: true, portFound: true };
  if (servicePort.targetPort !== undefined) out.service.targetPort = servicePort.targetPort;
  if (servicePort.appProtocol !== undefined) out.service.appProtocol = servicePort.appProtocol;
  const mismatch = protocolMismatch(route.kind, servicePort);
  if (mismatch) {
    out.resolved = false;
    out.reason = 'UnsupportedProtocol';
    out.message = `Service ${target}: ${mismatch}${weightNote}`;
  }
  return withEndpoints(out, service, servicePort, lookups);
}

/** A backend edge with where it sits in the route, for messages: "rule 0 backend 1". */
export interface LabelledBackend {
  label: string;
  edge: BackendEdge;
}

/**
 * The route's ResolvedRefs condition (the same for every parent): False with the reason of the
 * first failing reference in rule order, True when every reference resolved, Unknown when some
 * could not be checked and none failed.
 */
export function routeResolvedRefs(backends: readonly LabelledBackend[]): ComputedCondition {
  const failed = backends.filter((b) => b.edge.resolved === false);
  if (failed.length > 0) {
    return condition(
      'ResolvedRefs',
      'False',
      failed[0].edge.reason,
      failed.map((b) => `${b.label}: ${b.edge.message}`).join('; '),
    );
  }
  const unknown = backends.filter((b) => b.edge.resolved === null);
  if (unknown.length > 0) {
    const reason = unknown.every((b) => b.edge.reason === 'NotChecked') ? 'NotChecked' : 'Unknown';
    return condition('ResolvedRefs', 'Unknown', reason, unknown.map((b) => `${b.label}: ${b.edge.message}`).join('; '));
  }
  return condition(
    'ResolvedRefs',
    'True',
    'ResolvedRefs',
    backends.length === 0 ? 'the route has no backend references' : 'all backend references resolved',
  );
}
