// What the Gateway API says should answer one request sent inside the mesh (GAMMA, GEP-1426) to
// a Service: which routes bound to that Service port apply to the client, which rule wins and
// where the traffic goes. Pure, over the Graph and the Snapshot; `kubectl gw curl --mesh --dry-run`
// prints it. The rules, from GEP-1426 ("xRoutes Mesh Binding"):
// - Route presence: "When no xRoute resources are defined, all traffic should implicitly work ...
//   When you create an xRoute targeting a service as a parentRef you are replacing that implicit
//   logic - not adding to it." No route: the request goes to the Service itself; routes: only
//   their rules answer, and a request no rule matches gets a 4xx (404, as HTTPRoute's own rule).
// - Ports: "If port is set, the implementation MUST associate the route only with that port. If
//   port is not set, the implementation MUST associate the route with all ports defined in the
//   Service." (the binding, with sectionName, is computed by src/spec/mesh.ts)
// - Multiple routes for a Service: "Requests from a namespace with consumer routes will utilize the
//   (possibly merged) set of routes in the consumer namespace; Requests from other namespaces will
//   utilize the (possibly merged) set of routes in the producer namespace." Decision: "a namespace
//   with consumer routes" is read per Service port, the pair a route binds to.
// - Route types: "If multiple routes with different types both bind to the same Service and Port
//   pair, only a single route type should be applied": GRPCRoute, HTTPRoute, TLSRoute, TCPRoute
//   (first one wins); UDPRoute is its own protocol.
// - hostnames: "GAMMA implementations SHOULD NOT infer any functionality from the hostnames field",
//   so every route serves every host and rules are ranked by their matches alone.
// - backendRefs: "Routes of either type can send traffic to backendRefs in any namespace ...
//   without a ReferenceGrant."
import type { BackendEdge, Graph, GraphRoute, GraphRule, ParentEvaluation } from '../model/graph.js';
import type { Route, RouteKind, Service } from '../model/objects.js';
import { coverageGap, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { indexSnapshot, type SnapshotIndex } from '../graph/indexes.js';
import { evaluateBackendRef } from '../spec/backend-refs.js';
import { absenceUnknown } from '../spec/lookups.js';
import { compareRuleCandidates, explainPrecedence, rankRuleCandidates, requestFacts, type RequestFacts, type RuleMatchResult } from '../spec/matching.js';
import { describePort, winningMeshKind } from '../spec/mesh.js';
import {
  ANY_HOST,
  answerOf,
  connectionAnswer,
  decisionAssumptions,
  evaluate,
  isGrpcRequest,
  nearest,
  predictedBackends,
  routeLabel,
  type Frontend,
  type Hit,
  type Prediction,
  type ProbeRequest,
} from './predict.js';

export interface MeshTarget {
  /** The Service the client sends to (the parent Service of mesh routes). */
  service: { namespace: string; name: string };
  /** The namespace the client runs in: consumer routes apply only to their own namespace. */
  client: string;
}

type Expected = NonNullable<Prediction['expected']>;

/** As a gateway prediction's, except that without routes the Service itself answers (route null). */
export interface MeshExpected extends Omit<Expected, 'route' | 'rule'> {
  route: Expected['route'] | null;
  rule: number | null;
}

export interface MeshPrediction {
  request: Prediction['request'];
  /** "ns/name" of the Service the request is sent to. */
  service: string;
  /** The Service port; null when it could not be told. */
  port: number | null;
  /** The client's namespace. */
  client: string;
  /** Which routes apply: the client namespace's consumer routes, the producer routes, or none
   *  (the Service itself answers). null when the Service or its port is not there. */
  routes: 'consumer' | 'producer' | 'none' | null;
  /** "Kind/ns/name" of the routes that apply (the winning kind only). */
  applied: string[];
  expected: MeshExpected | null;
  /** With no expected answer: what happens instead, in a few words ("404: no rule matches"). */
  unanswered?: string;
  /** One sentence: why this route and rule, or why nothing answers. */
  reason: string;
  /** Routes that bind this Service but do not apply to this request, and why. */
  notApplied: Array<{ route: string; why: string }>;
  /**
   * Routes that could bind and were not read (RBAC, a failed list): of the client's namespace
   * (consumer routes) or the Service's (producer routes). Absent when both were read.
   */
  incomplete?: string[];
  candidates: Prediction['candidates'];
  assumptions: string[];
}

const HTTP_KINDS: ReadonlySet<RouteKind> = new Set(['HTTPRoute', 'GRPCRoute']);

/** One route's binding to the Service port asked for, through one of its parentRefs. */
interface Binding {
  route: GraphRoute;
  parent: ParentEvaluation;
}

function acceptedOf(p: ParentEvaluation) {
  return p.computed.find((c) => c.type === 'Accepted');
}

/** "80/http, 9090/grpc" */
function describePorts(service: Service): string {
  return (service.spec?.ports ?? []).map(describePort).join(', ') || 'none';
}

/**
 * The port a request goes to: the one asked for; else the Service's only port, or 80 when it
 * has that among several (what `http://NAME.NAMESPACE/` reaches). null: ambiguous.
 */
function portOf(service: Service, asked: number | undefined): number | null {
  if (asked !== undefined) return asked;
  const ports = service.spec?.ports ?? [];
  if (ports.length === 1) return ports[0].port;
  return ports.some((p) => p.port === 80) ? 80 : null;
}

function emptyMeshPrediction(facts: RequestFacts, req: ProbeRequest, target: MeshTarget): MeshPrediction {
  return {
    request: { host: facts.host, path: facts.path, method: facts.method, headers: { ...req.headers }, query: facts.query },
    service: `${target.service.namespace}/${target.service.name}`,
    port: null,
    client: target.client,
    routes: null,
    applied: [],
    expected: null,
    reason: '',
    notApplied: [],
    candidates: [],
    assumptions: [],
  };
}

/**
 * A mesh route reaches backends in any namespace without a ReferenceGrant. The graph resolved the
 * backends of a route that is also bound to a Gateway under the Gateway's rules; for the mesh
 * they are resolved again without the grant.
 */
function meshRule(route: GraphRoute, ruleIndex: number, snapshot: Snapshot, index: () => SnapshotIndex): GraphRule {
  const rule = route.rules[ruleIndex];
  if (route.parents.every((p) => p.target === 'Service')) return rule;
  const raw = snapshot.routes.find((r: Route) => r.kind === route.kind && (r.metadata.namespace ?? 'default') === route.namespace && r.metadata.name === route.name);
  const refs = raw?.spec?.rules?.[ruleIndex]?.backendRefs;
  if (!refs) return rule;
  const identity = { kind: route.kind, namespace: route.namespace, name: route.name };
  const backends = refs.map((ref, j): BackendEdge => {
    const edge = evaluateBackendRef(ref, identity, index(), { referenceGrantNeeded: false });
    const graphEdge = rule.backends[j];
    if (graphEdge?.filters) edge.filters = graphEdge.filters;
    return edge;
  });
  return { ...rule, backends };
}

const MESH_ROUTE_RESOURCES: ReadonlyArray<[ResourceName, string]> = [
  ['httproutes', 'HTTPRoutes'],
  ['grpcroutes', 'GRPCRoutes'],
  ['tlsroutes', 'TLSRoutes'],
  ['tcproutes', 'TCPRoutes'],
];

/**
 * Route kinds the read could not cover in these namespaces (the Service's, where producer routes
 * live, and the client's, where its consumer routes do). A kind the -f files never mention is
 * not a gap: with files alone, what they hold is the input.
 */
function unreadRoutes(snapshot: Snapshot, namespaces: readonly string[]): string[] {
  const out: string[] = [];
  for (const [resource, kinds] of MESH_ROUTE_RESOURCES) {
    const coverage = snapshot.coverage[resource];
    if (coverage.state === 'files') continue;
    for (const namespace of new Set(namespaces)) {
      const gap = coverageGap(coverage, resource, { namespace });
      if (gap) out.push(`${kinds} in namespace ${namespace}: ${gap}`);
    }
  }
  return out;
}

/** The Service itself, as the backend of a request no route takes. */
function serviceItself(service: Service, port: number, index: SnapshotIndex): BackendEdge {
  const namespace = service.metadata.namespace ?? 'default';
  // Any protocol the port carries: the request is plain traffic to the Service, no route's.
  const udp = service.spec?.ports?.find((p) => p.port === port)?.protocol === 'UDP';
  return evaluateBackendRef({ name: service.metadata.name, namespace, port }, { kind: udp ? 'UDPRoute' : 'TCPRoute', namespace, name: '' }, index, { referenceGrantNeeded: false });
}

/**
 * Predicts the answer to `req` sent by a client in namespace `target.client` to Service
 * `target.service` on port `req.port` (or the Service's only port, or 80).
 */
export function predictMesh(graph: Graph, snapshot: Snapshot, target: MeshTarget, req: ProbeRequest): MeshPrediction {
  const facts = requestFacts(req);
  const p = emptyMeshPrediction(facts, req, target);
  let cachedIndex: SnapshotIndex | undefined;
  const index = () => (cachedIndex ??= indexSnapshot(snapshot));
  const { namespace, name } = target.service;
  const unread = unreadRoutes(snapshot, [namespace, target.client]);
  if (unread.length > 0) {
    p.incomplete = unread;
    p.assumptions.push(`Not every route that could apply was read (${unread.join('; ')}): the prediction holds for the routes that were.`);
  }
  const service = index().service(namespace, name);
  if (!service) {
    const unknown = absenceUnknown(snapshot.coverage.services, 'services', { namespace, name });
    p.unanswered = unknown ? 'unknown' : 'no such Service';
    p.reason = unknown
      ? `Service ${p.service}: ${unknown}, so which routes apply cannot be told.`
      : `Service ${p.service} does not exist, so its name does not resolve for the client and no mesh route can apply.`;
    return p;
  }
  const port = portOf(service, req.port);
  if (port === null) {
    p.unanswered = 'which port?';
    p.reason = `Service ${p.service} exposes several ports (${describePorts(service)}) and none is 80: say which with --port or in the URL.`;
    return p;
  }
  p.port = port;
  if (!(service.spec?.ports ?? []).some((sp) => sp.port === port)) {
    p.unanswered = 'connection refused';
    p.reason = `Service ${p.service} exposes no port ${port} (ports: ${describePorts(service)}): nothing listens there, so the connection is refused.`;
    return p;
  }
  if (service.spec?.clusterIP === 'None' || service.spec?.type === 'ExternalName') {
    p.assumptions.push(
      `Service ${p.service} is ${service.spec?.type === 'ExternalName' ? 'of type ExternalName' : 'headless (clusterIP: None)'}: GEP-1426 says meshes SHOULD NOT accept it as a parent, so a mesh may ignore its routes.`,
    );
  }

  // Every binding of a route to this Service port, then the set GEP-1426 applies to this client.
  const consumer: Binding[] = [];
  const producer: Binding[] = [];
  for (const route of graph.routes) {
    for (const parent of route.parents) {
      const mesh = parent.mesh;
      if (!mesh || mesh.service !== p.service) continue;
      const accepted = acceptedOf(parent);
      if (accepted?.status !== 'True') {
        p.notApplied.push({ route: routeLabel(route), why: `parentRef ${parent.index} is not accepted (${accepted?.reason ?? 'Unknown'}): ${accepted?.message ?? 'could not be evaluated'}` });
        continue;
      }
      if (!mesh.ports.includes(port)) {
        p.notApplied.push({ route: routeLabel(route), why: `parentRef ${parent.index} binds port ${mesh.ports.join(', ')}, not ${port}` });
        continue;
      }
      if (mesh.role === 'producer') producer.push({ route, parent });
      else if (mesh.clients === target.client) consumer.push({ route, parent });
      else p.notApplied.push({ route: routeLabel(route), why: `a consumer route: it applies only to clients in namespace ${mesh.clients}` });
    }
  }
  const chosen = consumer.length > 0 ? consumer : producer;
  p.routes = consumer.length > 0 ? 'consumer' : producer.length > 0 ? 'producer' : 'none';
  if (consumer.length > 0) {
    for (const b of producer) p.notApplied.push({ route: routeLabel(b.route), why: `a producer route: namespace ${target.client} has consumer routes for this Service port, and its clients use those instead` });
  }
  const routes = [...new Map(chosen.map((b) => [b.route.id, b.route])).values()];

  // One route kind per Service port: the most specific present wins; UDPRoute is its own protocol.
  const winningKind = winningMeshKind(routes.map((r) => r.kind));
  for (const r of routes) {
    if (r.kind === winningKind) continue;
    p.notApplied.push({
      route: routeLabel(r),
      why: winningMeshKind([r.kind]) === null ? `${r.kind} carries another protocol` : `ignored on this port (Conflicted): ${winningKind} binds here too and takes precedence (GEP-1426 route types)`,
    });
  }
  const applied = routes.filter((r) => r.kind === winningKind);
  p.applied = applied.map(routeLabel);
  const scope = p.routes === 'consumer' ? `the consumer routes of namespace ${target.client}` : 'the producer routes';
  const on = `Service ${p.service} port ${port}`;

  if (applied.length === 0) {
    const edge = serviceItself(service, port, index());
    p.routes = 'none';
    p.expected = { route: null, rule: null, backends: predictedBackends({ index: 0, summary: '', matches: [], filters: [], backends: [edge] }) };
    const empty = edge.endpoints !== null && edge.endpoints.ready === 0;
    if (empty) p.expected.status = 503;
    p.reason = `No mesh route binds ${on} for clients in namespace ${target.client}, so the request goes to the Service itself, as it does without the Gateway API${empty ? '; 503 likely: it has no ready endpoints' : ''}.`;
    return p;
  }

  const frontend: Frontend = { service: p.service, port };
  if (!HTTP_KINDS.has(winningKind as RouteKind)) return predictMeshL4(p, applied, frontend, on, scope, snapshot, index);

  if (winningKind === 'GRPCRoute' && !isGrpcRequest(facts)) {
    p.assumptions.push(`A GRPCRoute binds ${on}, so its rules take every request there (HTTPRoutes are ignored): the request is matched as gRPC, its path read as /service/method.`);
  }
  const { hits, misses } = evaluate(applied, frontend, facts);
  const ranked = rankRuleCandidates(hits);
  const winner = ranked[0];
  p.candidates = nearest(ranked, misses, winner, []);
  if (!winner) {
    const grpc = winningKind === 'GRPCRoute';
    p.unanswered = grpc ? 'gRPC Unimplemented: no rule matches' : '404: no rule matches';
    p.reason = `No rule of ${scope} for ${on} (${p.applied.join(', ')}) matches. Routes replace the Service's own behaviour, so the request gets ${grpc ? 'gRPC Unimplemented' : '404'}.`;
    return p;
  }
  const rule = meshRule(winner.route, winner.rule, snapshot, index);
  const hit: Hit = { ...winner, route: { ...winner.route, rules: winner.route.rules.map((r, i) => (i === winner.rule ? rule : r)) } };
  p.assumptions.push(...decisionAssumptions(winner, ranked));
  const answer = answerOf(hit, ranked[1], facts, req.path, req.scheme ?? 'http');
  p.expected = answer.expected;
  p.reason = `${answer.rule} matches on ${on}, one of ${scope}${answer.over}; ${answer.note}.`;
  return p;
}

/** TLSRoute and TCPRoute on a mesh Service port: no request matching, hostnames ignored. */
function predictMeshL4(p: MeshPrediction, routes: GraphRoute[], frontend: Frontend, on: string, scope: string, snapshot: Snapshot, index: () => SnapshotIndex): MeshPrediction {
  const matched: RuleMatchResult = { match: 0, matched: true, verdict: { matched: true, failures: [], pathMatched: true, usesRegex: false, invalidRegex: [] } };
  const hits: Hit[] = routes
    .filter((r) => r.rules.length > 0)
    .map((route) => ({ routeId: route.id, kind: route.kind, namespace: route.namespace, name: route.name, creationTimestamp: route.creationTimestamp, rule: 0, match: 0, hostname: ANY_HOST, route, frontend, result: matched }));
  const ranked = rankRuleCandidates(hits);
  const winner = ranked[0];
  p.candidates = nearest(ranked, [], winner, []);
  if (!winner) {
    p.unanswered = 'connection rejected';
    p.reason = `The ${routes[0].kind}s of ${scope} for ${on} have no rules: the connection is rejected.`;
    return p;
  }
  const runnerUp = ranked[1];
  const over = runnerUp ? `, over ${routeLabel(runnerUp.route)} because ${explainPrecedence(winner, runnerUp, compareRuleCandidates(winner, runnerUp).decidedBy)}` : '';
  Object.assign(p, connectionAnswer(winner, meshRule(winner.route, 0, snapshot, index), `${routeLabel(winner.route)} takes the connections to ${on}${over}`));
  return p;
}
