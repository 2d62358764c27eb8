// What the Gateway API says should answer one request: which listener takes it, which route rule
// wins, where the traffic goes and what status to expect. Pure, over the Graph and the Snapshot;
// `kubectl gw curl` holds the real response against it.
import type { BackendEdge, Graph, GraphGateway, GraphListener, GraphRoute, GraphRule } from '../model/graph.js';
import type { GRPCRouteMatch, HTTPRouteFilter, HTTPRouteMatch, RouteKind } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { hostnameMatchesPattern } from '../spec/hostnames.js';
import { selectListener, type ListenerSelection } from '../spec/listener-selection.js';
import {
  compareRuleCandidates,
  describeGRPCMatch,
  describeHTTPMatch,
  explainPrecedence,
  grpcRuleMatches,
  httpRuleMatches,
  missDistance,
  pathMatchOrDefault,
  rankRuleCandidates,
  regexDecided,
  requestFacts,
  routeHostnamePrecedence,
  servedHostnames,
  ruleMatchSpecificity,
  type RequestFacts,
  type RuleCandidate,
  type HostnamePrecedence,
  type RuleMatchResult,
} from '../spec/matching.js';

export interface ProbeRequest {
  host: string;
  /** May carry a query string. */
  path: string;
  method: string;
  headers: Record<string, string>;
  port?: number;
  listener?: string;
  scheme?: 'http' | 'https';
}

export interface PredictedBackend {
  namespace: string;
  name: string;
  port?: number;
  weight: number;
  kind?: string;
  readyEndpoints: number | null;
  resolved: boolean | null;
  /** A RequestRedirect on this backendRef: its share of requests gets this answer, nothing is forwarded. */
  redirect?: { location: string; statusCode: number };
}

export interface Prediction {
  request: { host: string; path: string; method: string; headers: Record<string, string>; query: Record<string, string> };
  /** "ns/name" */
  gateway: string;
  /** Listener name, null when none takes the host. */
  listener: string | null;
  expected: null | {
    route: { kind: string; namespace: string; name: string };
    rule: number;
    backends: PredictedBackend[];
    /** Known status: the redirect code, 500 when no backend can take it, 503 likely when no
     *  backend has a ready endpoint. Absent when the backend answers. */
    status?: number;
    redirect?: { location: string; statusCode: number };
    /** TLS/TCP/UDP: no backend can take the connection, so it is rejected. */
    rejected?: true;
  };
  /** One sentence: why this route and rule, or why nothing matches (404). */
  reason: string;
  /** With no answer (404, refused): routes that claim the host but are attached to nothing, and why. */
  unattached?: Array<{ route: string; why: string }>;
  /** The nearest other rules: those that matched but lost, then near misses. At most 5. */
  candidates: Array<{ route: string; rule: number; why: string }>;
  assumptions: string[];
}

const MAX_CANDIDATES = 5;
const MAX_PROBE_TARGETS = 100;
const LISTENER_ISOLATION = 'GatewayHTTPListenerIsolation';
const HOSTNAME_INTERSECTION_PRECEDENCE = 'GatewayRouteHostnameIntersectionPrecedence';
const HTTP_KINDS: ReadonlySet<RouteKind> = new Set(['HTTPRoute', 'GRPCRoute']);
const L4_KINDS: ReadonlySet<RouteKind> = new Set(['TLSRoute', 'TCPRoute', 'UDPRoute']);

// ---- graph look-ups ----

function findGateway(graph: Graph, gateway: string): GraphGateway | undefined {
  return graph.gateways.find((g) => `${g.namespace}/${g.name}` === gateway || g.id === gateway);
}

// Routes by id, built once per graph: routesOf runs per listener and per request of `--all`.
const routesById = new WeakMap<Graph, Map<string, GraphRoute>>();

function routeIndex(graph: Graph): Map<string, GraphRoute> {
  const cached = routesById.get(graph);
  if (cached) return cached;
  const byId = new Map(graph.routes.map((r) => [r.id, r]));
  routesById.set(graph, byId);
  return byId;
}

function routesOf(graph: Graph, listener: GraphListener): GraphRoute[] {
  const byId = routeIndex(graph);
  return listener.routes.map((id) => byId.get(id)).filter((r): r is GraphRoute => r !== undefined);
}

function supportedFeatures(snapshot: Snapshot, gw: GraphGateway): Set<string> | null {
  const cls = snapshot.gatewayClasses.find((c) => c.metadata.name === gw.className);
  const features = cls?.status?.supportedFeatures;
  if (!features) return null;
  return new Set(features.map((f) => (typeof f === 'string' ? f : f.name)));
}

export function isGrpcRequest(facts: RequestFacts): boolean {
  return (facts.headers['content-type'] ?? '').toLowerCase().startsWith('application/grpc');
}

function isHttpListener(l: GraphListener): boolean {
  const p = l.protocol.toUpperCase();
  return p === 'HTTP' || p === 'HTTPS';
}

// ---- evaluating the rules of one listener ----

/**
 * Where a request arrives: a Gateway listener, or a Service port in the mesh (GAMMA, GEP-1426;
 * src/probe/mesh-prediction.ts). A mesh Service port matches no hostnames: "GAMMA implementations
 * SHOULD NOT infer any functionality from the hostnames field on xRoutes".
 */
export type Frontend = { listener: GraphListener; port: number } | { service: string; port: number; listener?: undefined };

export interface Hit extends RuleCandidate {
  route: GraphRoute;
  frontend: Frontend;
  result: RuleMatchResult;
}

export interface Miss {
  route: GraphRoute;
  rule: number;
  why: string;
  /** How far the request was: failed conditions, with a hostname miss counting most. */
  distance: number;
}

export function routeLabel(route: GraphRoute): string {
  return `${route.kind}/${route.namespace}/${route.name}`;
}

function describeMatch(route: GraphRoute, rule: GraphRule, match: number): string {
  if (route.kind === 'GRPCRoute') return describeGRPCMatch(grpcRuleMatches(rule.matches as GRPCRouteMatch[])[match]);
  return describeHTTPMatch(httpRuleMatches(rule.matches as HTTPRouteMatch[])[match]);
}

/** A route on a mesh Service port serves every host: every rule ties on the hostname criteria. */
export const ANY_HOST: HostnamePrecedence = Object.freeze({ nonWildcard: 0, chars: 0, hostname: '*', originalNonWildcard: 0, originalChars: 0 });

/** Every rule of the given routes, matched against the request: hits (ranked later) and misses. */
export function evaluate(routes: readonly GraphRoute[], frontend: Frontend, facts: RequestFacts): { hits: Hit[]; misses: Miss[] } {
  const hits: Hit[] = [];
  const misses: Miss[] = [];
  const listener = frontend.listener;
  for (const route of routes) {
    const served = listener ? servedHostnames(route, listener) : [];
    const hostname = listener ? routeHostnamePrecedence(facts.host, served, route.hostnames) : ANY_HOST;
    route.rules.forEach((rule, i) => {
      const result = ruleMatchSpecificity(route.kind, rule.matches, facts);
      if (!hostname) {
        const ruleMiss = result.matched ? '' : `; and ${result.verdict.failures.join('; ')}`;
        misses.push({ route, rule: i, why: `serves ${served.join(', ')} on listener ${listener?.name}, not host ${facts.host}${ruleMiss}`, distance: 10 + missDistance(result.verdict) });
        return;
      }
      if (!result.matched) {
        misses.push({ route, rule: i, why: `${describeMatch(route, rule, result.match)}: ${result.verdict.failures.join('; ')}`, distance: missDistance(result.verdict) });
        return;
      }
      hits.push({
        routeId: route.id,
        kind: route.kind,
        namespace: route.namespace,
        name: route.name,
        creationTimestamp: route.creationTimestamp,
        rule: i,
        match: result.match,
        hostname,
        http: result.http,
        grpc: result.grpc,
        route,
        frontend,
        result,
      });
    });
  }
  return { hits, misses };
}

/**
 * HTTPRoutes and GRPCRoutes are never merged (GRPCRouteRule.Matches: "Merging MUST not be done
 * between GRPCRoutes and HTTPRoutes"): a gRPC request (content-type application/grpc) is matched
 * against the GRPCRoutes serving its host, anything else against the HTTPRoutes, each falling
 * back to the other kind when only that kind serves the host.
 */
function routesForRequest(routes: readonly GraphRoute[], listener: GraphListener, facts: RequestFacts, assumptions: string[]): GraphRoute[] {
  const http = routes.filter((r) => HTTP_KINDS.has(r.kind));
  const serving = (kind: RouteKind) => http.filter((r) => r.kind === kind && routeHostnamePrecedence(facts.host, servedHostnames(r, listener), r.hostnames));
  const preferred: RouteKind = isGrpcRequest(facts) ? 'GRPCRoute' : 'HTTPRoute';
  const other: RouteKind = preferred === 'GRPCRoute' ? 'HTTPRoute' : 'GRPCRoute';
  if (serving(preferred).length > 0) return http.filter((r) => r.kind === preferred);
  if (serving(other).length > 0) {
    if (other === 'GRPCRoute') assumptions.push('Only GRPCRoutes serve this host: the request is matched as gRPC, its path read as /service/method.');
    return http.filter((r) => r.kind === other);
  }
  return http.filter((r) => r.kind === preferred);
}

// ---- what the winning rule does with the request ----

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

function backendLabel(b: BackendEdge): string {
  return `${b.ref.namespace}/${b.ref.name}${b.ref.port !== undefined ? `:${b.ref.port}` : ''}`;
}

/** HTTPPathModifier.ReplacePrefixMatch, as its table in httproute_types.go spells out. */
function replacePrefix(path: string, prefix: string, replacement: string): string {
  const p = prefix.replace(/\/+$/, '');
  const rest = path.slice(p.length);
  const out = replacement.replace(/\/+$/, '') + rest;
  return out === '' ? '/' : out;
}

/**
 * The Location of a RequestRedirect (HTTPRequestRedirectFilter): scheme, hostname and path default
 * to the request's; "If no port is specified, the redirect port MUST be derived using the following
 * rules: If redirect scheme is not-empty, the redirect port MUST be the well-known port associated
 * with the redirect scheme ... If redirect scheme is empty, the redirect port MUST be the Gateway
 * Listener port", and the port is left out for http:80 and https:443. The query string is kept.
 */
function redirectLocation(f: NonNullable<HTTPRouteFilter['requestRedirect']>, facts: RequestFacts, rawPath: string, frontendPort: number, scheme: 'http' | 'https', matchedPrefix: string | null): string {
  const outScheme = f.scheme ?? scheme;
  const host = f.hostname ?? facts.host;
  // On a mesh Service port the port the request was sent to plays the listener port's part.
  const port = f.port ?? (f.scheme ? (f.scheme === 'http' ? 80 : f.scheme === 'https' ? 443 : frontendPort) : frontendPort);
  const showPort = !((outScheme === 'http' && port === 80) || (outScheme === 'https' && port === 443));
  let path = facts.path;
  if (f.path?.type === 'ReplaceFullPath') path = f.path.replaceFullPath ?? '/';
  else if (f.path?.type === 'ReplacePrefixMatch' && matchedPrefix !== null) path = replacePrefix(facts.path, matchedPrefix, f.path.replacePrefixMatch ?? '');
  const q = rawPath.indexOf('?');
  const query = q >= 0 ? rawPath.slice(q).split('#')[0] : '';
  return `${outScheme}://${host}${showPort ? `:${port}` : ''}${path}${query}`;
}

interface Outcome {
  status?: number;
  redirect?: { location: string; statusCode: number };
  /** Clause for the reason sentence, e.g. "-> 500: no backendRef resolves". */
  note: string;
  /** The answers of backendRefs that carry a RequestRedirect. */
  backendRedirects?: Map<BackendEdge, { statusCode: number; location: string }>;
}

/** The RequestRedirect a backendRef carries itself (HTTPBackendRef.Filters; Extended). */
function backendRedirect(b: BackendEdge): HTTPRouteFilter['requestRedirect'] | undefined {
  return b.filters?.find((f) => f.type === 'RequestRedirect' && f.requestRedirect)?.requestRedirect;
}

/**
 * HTTPRouteRule.BackendRefs: "If *all* entries in BackendRefs are invalid, and there are also no
 * filters specified in this route rule, *all* traffic which matches this rule MUST receive a 500
 * status code. ... When a HTTPBackendRef is invalid, 500 status codes MUST be returned for requests
 * that would have otherwise been routed to an invalid backend ... When a HTTPBackendRef refers to
 * a Service that has no ready endpoints, implementations SHOULD return a 503".
 * HTTPBackendRef.Filters: "Filters defined at this level should be executed if and only if the
 * request is being forwarded to the backend defined here": a RequestRedirect there answers the
 * requests of that backend's share itself, and nothing is forwarded for them.
 */
function outcomeOf(hit: Hit, facts: RequestFacts, rawPath: string, scheme: 'http' | 'https'): Outcome {
  const rule = hit.route.rules[hit.rule];
  const grpc = hit.route.kind === 'GRPCRoute';
  const failStatus = (code: number, words: string): Outcome => (grpc ? { note: `gRPC UNAVAILABLE: ${words}` } : { status: code, note: `${code}: ${words}` });
  const match = grpc ? null : httpRuleMatches(rule.matches as HTTPRouteMatch[])[hit.result.match];
  const matchedPrefix = match && pathMatchOrDefault(match.path).type === 'PathPrefix' ? pathMatchOrDefault(match.path).value : null;
  const redirectTo = (f: NonNullable<HTTPRouteFilter['requestRedirect']>) => ({
    statusCode: f.statusCode ?? 302,
    location: redirectLocation(f, facts, rawPath, hit.frontend.port, scheme, matchedPrefix),
  });

  const redirect = rule.filters.find((f) => f.type === 'RequestRedirect' && f.requestRedirect)?.requestRedirect;
  if (redirect && !grpc) {
    const to = redirectTo(redirect);
    return { status: to.statusCode, redirect: to, note: `redirect ${to.statusCode} to ${to.location}` };
  }
  if (rule.backends.length === 0) return failStatus(500, 'the rule has no backendRefs');
  const total = rule.backends.reduce((s, b) => s + b.ref.weight, 0);
  if (total === 0) return failStatus(500, 'every backendRef has weight 0');

  const redirecting = grpc ? [] : rule.backends.filter((b) => b.ref.weight > 0 && backendRedirect(b));
  const notes: string[] = [];
  let backendRedirects: Outcome['backendRedirects'];
  if (redirecting.length > 0) {
    const answers = redirecting.map((b) => ({ b, ...redirectTo(backendRedirect(b)!) }));
    backendRedirects = new Map(answers.map((a) => [a.b, { statusCode: a.statusCode, location: a.location }]));
    const redirectWeight = redirecting.reduce((s, b) => s + b.ref.weight, 0);
    const same = answers.every((a) => a.statusCode === answers[0].statusCode && a.location === answers[0].location);
    const words = answers.map((a) => `${answers.length > 1 || redirectWeight < total ? `${percent(a.b.ref.weight, total)} ` : ''}${a.statusCode} to ${a.location} (RequestRedirect on backendRef ${backendLabel(a.b)})`);
    if (redirectWeight === total) {
      if (same) return { status: answers[0].statusCode, redirect: { statusCode: answers[0].statusCode, location: answers[0].location }, note: `redirect ${words[0]}; nothing is forwarded`, backendRedirects };
      return { note: `redirect ${words.join(', ')}; nothing is forwarded`, backendRedirects };
    }
    notes.push(`redirect ${words.join(', ')}`);
  }
  const withRedirects = (o: Outcome): Outcome => (backendRedirects ? { ...o, backendRedirects } : o);
  const forwarding = rule.backends.filter((b) => !redirecting.includes(b));
  const invalid = forwarding.filter((b) => b.resolved === false && b.ref.weight > 0);
  const invalidWeight = invalid.reduce((s, b) => s + b.ref.weight, 0);
  if (invalidWeight === total) return withRedirects(failStatus(500, `no backendRef resolves (${invalid.map((b) => `${backendLabel(b)} ${b.reason}`).join(', ')})`));
  const live = forwarding.filter((b) => b.resolved !== false && b.ref.weight > 0);
  const empty = live.filter((b) => b.endpoints !== null && b.endpoints.ready === 0);
  const emptyWeight = empty.reduce((s, b) => s + b.ref.weight, 0);
  const liveWeight = total - invalidWeight - redirecting.reduce((sum, b) => sum + b.ref.weight, 0);
  if (invalidWeight > 0) notes.push(`${percent(invalidWeight, total)} of requests get ${grpc ? 'UNAVAILABLE' : '500'} (${invalid.map((b) => `${backendLabel(b)} ${b.reason}`).join(', ')})`);
  if (emptyWeight > 0 && emptyWeight === liveWeight && invalidWeight === 0 && !backendRedirects) {
    return withRedirects(grpc ? { note: `gRPC UNAVAILABLE likely: no ready endpoints behind ${empty.map(backendLabel).join(', ')}` } : { status: 503, note: `503 likely: no ready endpoints behind ${empty.map(backendLabel).join(', ')}` });
  }
  if (emptyWeight > 0) notes.push(`${percent(emptyWeight, total)} likely get ${grpc ? 'UNAVAILABLE' : '503'} (no ready endpoints behind ${empty.map(backendLabel).join(', ')})`);
  const unknown = live.filter((b) => b.resolved === null);
  if (unknown.length > 0) notes.push(`could not check ${unknown.map(backendLabel).join(', ')}`);
  const targets = live.filter((b) => !empty.includes(b)).map(backendLabel);
  const forwarded = targets.join(', ') || live.map(backendLabel).join(', ');
  if (!forwarded) return withRedirects({ note: notes.join('; ') });
  return withRedirects({ note: `forwarded to ${forwarded}${notes.length ? `; ${notes.join('; ')}` : ''}` });
}

export function predictedBackends(rule: GraphRule, redirects: Map<BackendEdge, { statusCode: number; location: string }> = new Map()): PredictedBackend[] {
  return rule.backends.map((b) => ({
    namespace: b.ref.namespace,
    name: b.ref.name,
    ...(b.ref.port !== undefined ? { port: b.ref.port } : {}),
    weight: b.ref.weight,
    kind: b.ref.kind,
    readyEndpoints: b.endpoints ? b.endpoints.ready : null,
    resolved: b.resolved,
    ...(redirects.has(b) ? { redirect: redirects.get(b) } : {}),
  }));
}

// ---- assumptions ----

function isolationAssumption(features: Set<string> | null, gw: GraphGateway, listener: GraphListener): string {
  const words = `only routes attached to listener ${listener.name} are considered`;
  if (features?.has(LISTENER_ISOLATION)) return `Listener isolation: GatewayClass ${gw.className} claims ${LISTENER_ISOLATION}, so ${words}.`;
  const why = features ? `GatewayClass ${gw.className} does not claim ${LISTENER_ISOLATION}` : `GatewayClass ${gw.className} publishes no supportedFeatures`;
  return `Listener isolation assumed (GEP-1713, Extended feature ${LISTENER_ISOLATION}; ${why}): ${words}; an implementation without it may also use routes of other listeners whose hostname takes the host.`;
}

/**
 * What an implementation may do differently in deciding between the winner and the rules closest
 * to it: the runner-up, and the best rule of any other route (the tie-breaks between routes).
 */
export function decisionAssumptions(winner: Hit, ranked: readonly Hit[]): string[] {
  const out: string[] = [];
  if (winner.result.verdict.usesRegex) {
    out.push('Regular expressions are evaluated as JavaScript RegExp against the whole value; the data plane uses its own dialect (RE2, PCRE, ...).');
  }
  const rivals = [ranked[1], ranked.find((h) => h.routeId !== winner.routeId)].filter((h, i, all): h is Hit => h !== undefined && all.indexOf(h) === i);
  for (const rival of rivals) {
    const { decidedBy } = compareRuleCandidates(winner, rival);
    if (regexDecided(winner, rival, decidedBy)) {
      out.push(
        'A RegularExpression path decided the precedence, which is implementation-specific; predicted with the order of Envoy Gateway, Contour and NGINX Gateway Fabric: Exact > RegularExpression > PathPrefix, longer first.',
      );
    }
    if ((decidedBy === 'namespace-name' || decidedBy === 'creation-timestamp') && (!winner.creationTimestamp || !rival.creationTimestamp)) {
      out.push('A route has no creationTimestamp (read from a file?): it counts as the newest, so the tie-break between routes may differ once it is created.');
    }
  }
  return [...new Set(out)];
}

// ---- the prediction ----

function emptyPrediction(facts: RequestFacts, req: ProbeRequest, gateway: string): Prediction {
  return {
    request: { host: facts.host, path: facts.path, method: facts.method, headers: { ...req.headers }, query: facts.query },
    gateway,
    listener: null,
    expected: null,
    reason: '',
    candidates: [],
    assumptions: [],
  };
}

/**
 * Routes that name `host` in spec.hostnames (or name no hostname and have a parentRef to
 * `gateway`) but are attached to no listener at all, with why: the usual reason a host gets 404.
 */
export function unattachedClaims(graph: Graph, host: string, opts: { gateway?: string; kinds?: ReadonlySet<RouteKind> } = {}): Array<{ route: string; why: string }> {
  const why = new Map(graph.unattached.map((u) => [u.route, u.reasons]));
  const out: Array<{ route: string; why: string }> = [];
  for (const route of graph.routes) {
    if (route.attached || (opts.kinds && !opts.kinds.has(route.kind))) continue;
    const claims =
      route.hostnames.length > 0
        ? route.hostnames.some((h) => hostnameMatchesPattern(host, h))
        : opts.gateway !== undefined && route.parents.some((p) => `${p.parentRef.namespace}/${p.parentRef.name}` === opts.gateway);
    if (!claims) continue;
    const reasons = why.get(route.id) ?? why.get(routeLabel(route)) ?? [];
    out.push({ route: routeLabel(route), why: `claims ${host} but is attached to nothing${reasons.length ? `: ${reasons.join('; ')}` : ''}` });
  }
  return out;
}

/** Names, in the reason, the routes that claim the host but are attached to nothing. */
function withUnattached(graph: Graph, p: Prediction, host: string, kinds?: ReadonlySet<RouteKind>): Prediction {
  const claims = unattachedClaims(graph, host, { gateway: p.gateway, kinds });
  if (claims.length === 0) return p;
  p.unattached = claims;
  p.reason += ` ${claims.map((c) => `${c.route} ${c.why}`).join('. ')}.`;
  return p;
}

export function nearest(hits: Hit[], misses: Miss[], winner: Hit | undefined, extra: Prediction['candidates']): Prediction['candidates'] {
  const out: Prediction['candidates'] = [];
  for (const h of hits) {
    if (h === winner) continue;
    const { decidedBy } = compareRuleCandidates(winner ?? h, h);
    out.push({ route: routeLabel(h.route), rule: h.rule, why: winner ? `matches too, but ${routeLabel(winner.route)} rule ${winner.rule} wins: ${explainPrecedence(winner, h, decidedBy)}` : 'matches' });
  }
  out.push(...extra);
  const sorted = [...misses].sort((a, b) => a.distance - b.distance);
  for (const m of sorted) out.push({ route: routeLabel(m.route), rule: m.rule, why: m.why });
  return out.slice(0, MAX_CANDIDATES);
}

/** TLS passthrough, TCP and UDP listeners: no request matching, the route is chosen by SNI or port. */
function predictL4(graph: Graph, listener: GraphListener, facts: RequestFacts, p: Prediction): Prediction {
  const routes = routesOf(graph, listener).filter((r) => L4_KINDS.has(r.kind));
  const hits: Hit[] = [];
  const misses: Miss[] = [];
  for (const route of routes) {
    const served = route.kind === 'TLSRoute' ? servedHostnames(route, listener) : [];
    const hostname = routeHostnamePrecedence(facts.host, served, route.kind === 'TLSRoute' ? route.hostnames : []);
    if (!hostname || route.rules.length === 0) {
      misses.push({ route, rule: 0, why: hostname ? 'has no rules' : `serves SNI ${served.join(', ')}, not ${facts.host}`, distance: 1 });
      continue;
    }
    const result: RuleMatchResult = { match: 0, matched: true, verdict: { matched: true, failures: [], pathMatched: true, usesRegex: false, invalidRegex: [] } };
    hits.push({ routeId: route.id, kind: route.kind, namespace: route.namespace, name: route.name, creationTimestamp: route.creationTimestamp, rule: 0, match: 0, hostname, route, frontend: { listener, port: listener.port }, result });
  }
  const ranked = rankRuleCandidates(hits);
  const winner = ranked[0];
  p.candidates = nearest(ranked, misses, winner, []);
  if (!winner) {
    p.reason = `No ${listener.protocol} route attached to listener ${listener.name} takes ${facts.host}: the connection is refused or reset.`;
    return withUnattached(graph, p, facts.host, L4_KINDS);
  }
  const takes = `${routeLabel(winner.route)} takes ${listener.protocol} traffic on listener ${listener.name}${listener.protocol.toUpperCase() === 'TCP' || listener.protocol.toUpperCase() === 'UDP' ? '' : ` for SNI ${facts.host}`}`;
  Object.assign(p, connectionAnswer(winner, winner.route.rules[0], takes));
  return p;
}

/**
 * What a TLS, TCP or UDP route's rule does with a connection, and the sentence for it: `takes`
 * says which route takes it; shared with the mesh prediction.
 */
export function connectionAnswer(winner: Hit, rule: GraphRule, takes: string): { expected: NonNullable<Prediction['expected']>; reason: string } {
  const rejected = rejectedShare(rule);
  const expected = {
    route: { kind: winner.kind, namespace: winner.namespace, name: winner.name },
    rule: 0,
    backends: predictedBackends(rule),
    ...(rejected.share === 1 ? { rejected: true as const } : {}),
  };
  if (rejected.share === 1) return { expected, reason: `${takes}, but the connection is rejected: ${rejected.why}.` };
  if (rejected.share > 0) return { expected, reason: `${takes}; ${Math.round(rejected.share * 100)}% of connections are rejected: ${rejected.why}.` };
  return { expected, reason: `${takes}.` };
}

/**
 * TLSRouteRule.BackendRefs (TCPRouteRule likewise): "If unspecified or invalid (refers to a
 * nonexistent resource or a Service with no endpoints), the rule performs no forwarding; ... the
 * underlying implementation must actively reject request attempts to this backend, by rejecting
 * the connection. Request rejections must respect weight".
 */
function rejectedShare(rule: GraphRule): { share: number; why: string } {
  if (rule.backends.length === 0) return { share: 1, why: 'the rule has no backendRefs' };
  const total = rule.backends.reduce((s, b) => s + b.ref.weight, 0);
  if (total === 0) return { share: 1, why: 'every backendRef has weight 0' };
  const bad = rule.backends.filter((b) => b.ref.weight > 0 && (b.resolved === false || (b.endpoints !== null && b.endpoints.ready === 0)));
  const why = bad.map((b) => `${backendLabel(b)} ${b.resolved === false ? b.reason : 'has no ready endpoints'}`).join(', ');
  return { share: bad.reduce((s, b) => s + b.ref.weight, 0) / total, why: why ? `no forwarding to ${why}` : '' };
}

/**
 * Predicts the answer to `req` sent to `gateway` ("ns/name"): the listener its port and Host pick,
 * then the most specific matching rule across all routes attached to that listener.
 */
export function predict(graph: Graph, snapshot: Snapshot, gateway: string, req: ProbeRequest): Prediction {
  const facts = requestFacts(req);
  const p = emptyPrediction(facts, req, gateway);
  const gw = findGateway(graph, gateway);
  if (!gw) {
    p.reason = `Gateway ${gateway} is not in the snapshot, so nothing can answer.`;
    return p;
  }
  p.gateway = `${gw.namespace}/${gw.name}`;
  const sel: ListenerSelection = selectListener(gw.listeners, { host: facts.host, port: req.port, listener: req.listener, scheme: req.scheme });
  for (const s of sel.skipped) p.assumptions.push(`Listener ${s.listener.name} would take host ${facts.host} but is not accepted (${s.why}); it is skipped.`);
  if (!sel.listener) {
    p.reason = `Nothing answers: ${sel.reason}, so the request gets 404 (gRPC: Unimplemented).`;
    return withUnattached(graph, p, facts.host);
  }
  const listener = sel.listener;
  p.listener = listener.name;
  if (req.listener !== undefined && req.listener !== listener.name) {
    p.assumptions.push(`The request names listener ${req.listener}, but on port ${listener.port} the Host ${facts.host} picks listener ${listener.name}.`);
  }
  if (!isHttpListener(listener)) return predictL4(graph, listener, facts, p);

  const features = supportedFeatures(snapshot, gw);
  const scheme: 'http' | 'https' = req.scheme ?? (listener.protocol.toUpperCase() === 'HTTPS' ? 'https' : 'http');
  const assumptions: string[] = [isolationAssumption(features, gw, listener)];
  const routes = routesForRequest(routesOf(graph, listener), listener, facts, assumptions);
  const { hits, misses } = evaluate(routes, { listener, port: listener.port }, facts);
  const ranked = rankRuleCandidates(hits);
  const winner = ranked[0];

  // Routes on the other listeners that take this host: what an implementation without listener
  // isolation could also use, and what a user who attached to the wrong listener wants to see.
  const elsewhere: Prediction['candidates'] = [];
  const allHits: Hit[] = [...hits];
  for (const other of sel.matching) {
    if (other === listener) continue;
    const { hits: otherHits } = evaluate(routesForRequest(routesOf(graph, other), other, facts, []), { listener: other, port: other.port }, facts);
    allHits.push(...otherHits);
    for (const h of otherHits) {
      elsewhere.push({ route: routeLabel(h.route), rule: h.rule, why: `matches, but is attached to listener ${other.name}, while listener ${listener.name} takes host ${facts.host}` });
    }
  }
  const withoutIsolation = rankRuleCandidates(allHits)[0];
  if (withoutIsolation && withoutIsolation !== winner && !features?.has(LISTENER_ISOLATION)) {
    assumptions.push(`Without listener isolation ${routeLabel(withoutIsolation.route)} rule ${withoutIsolation.rule} (listener ${withoutIsolation.frontend.listener?.name}) would answer instead.`);
  }

  p.candidates = nearest(ranked, misses, winner, elsewhere);
  if (!winner) {
    const none = routes.length === 0 ? `no route is attached to listener ${listener.name}` : `no rule attached to listener ${listener.name} matches`;
    p.reason = `${none} (${sel.reason}), so the request gets ${isGrpcRequest(facts) ? 'gRPC Unimplemented' : '404'}.`;
    p.assumptions = [...p.assumptions, ...assumptions];
    return withUnattached(graph, p, facts.host, HTTP_KINDS);
  }

  // Offered, labelled as a proposal: what the unreleased original-hostname precedence would change.
  const byProposal = rankRuleCandidates(hits, { originalHostnames: true })[0];
  if (byProposal && byProposal !== winner) {
    assumptions.push(
      `Proposal, not in a released spec (kubernetes-sigs/gateway-api#5212, feature ${HOSTNAME_INTERSECTION_PRECEDENCE}${features?.has(HOSTNAME_INTERSECTION_PRECEDENCE) ? `, which GatewayClass ${gw.className} claims` : ''}): ranking routes with identical listener/route hostnames by their own spec.hostnames, ${routeLabel(byProposal.route)} rule ${byProposal.rule} would answer instead.`,
    );
  }
  assumptions.push(...decisionAssumptions(winner, ranked));
  p.assumptions = [...p.assumptions, ...assumptions];

  const answer = answerOf(winner, ranked[1], facts, req.path, scheme);
  p.expected = answer.expected;
  p.reason = `${answer.rule} matches on listener ${listener.name}${answer.over}; ${answer.note}.`;
  return p;
}

/** What the winning rule answers, and the words for it; shared with the mesh prediction. */
export interface Answer {
  expected: NonNullable<Prediction['expected']>;
  /** "HTTPRoute/ns/name rule 1 (PathPrefix /api)" */
  rule: string;
  /** ", over <runner-up> because <criterion>", or "" without a runner-up. */
  over: string;
  /** What happens to the request: "forwarded to ...", "redirect 301 to ...", "500: ...". */
  note: string;
}

export function answerOf(winner: Hit, runnerUp: Hit | undefined, facts: RequestFacts, rawPath: string, scheme: 'http' | 'https'): Answer {
  const rule = winner.route.rules[winner.rule];
  const outcome = outcomeOf(winner, facts, rawPath, scheme);
  const decidedBy = runnerUp ? compareRuleCandidates(winner, runnerUp).decidedBy : null;
  return {
    expected: {
      route: { kind: winner.kind, namespace: winner.namespace, name: winner.name },
      rule: winner.rule,
      backends: predictedBackends(rule, outcome.backendRedirects),
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(outcome.redirect ? { redirect: outcome.redirect } : {}),
    },
    rule: `${routeLabel(winner.route)} rule ${winner.rule} (${describeMatch(winner.route, rule, winner.match)})`,
    over: runnerUp ? `, over ${routeLabel(runnerUp.route)} rule ${runnerUp.rule} because ${explainPrecedence(winner, runnerUp, decidedBy)}` : '',
    note: outcome.note,
  };
}

// ---- which gateways take a host ----

function listenerServesHost(graph: Graph, listener: GraphListener, host: string): boolean {
  return routesOf(graph, listener).some((r) => routeHostnamePrecedence(host, servedHostnames(r, listener), r.hostnames) !== null);
}

/**
 * Gateways ("ns/name", graph order) on which host H reaches a listener that has at least one
 * attached route serving H: what `kubectl gw curl` tries when no --gateway is given.
 */
export function gatewaysForHost(graph: Graph, host: string, port?: number): string[] {
  const out: string[] = [];
  for (const gw of graph.gateways) {
    // TCP and UDP listeners see no Host or SNI: only HTTP, HTTPS and TLS listeners count.
    const byHost = gw.listeners.filter((l) => ['HTTP', 'HTTPS', 'TLS'].includes(l.protocol.toUpperCase()));
    const ports = port !== undefined ? [port] : [...new Set(byHost.map((l) => l.port))];
    const takes = ports.some((p) => {
      const sel = selectListener(byHost, { host, port: p });
      return sel.listener !== null && listenerServesHost(graph, sel.listener, host);
    });
    if (takes) out.push(`${gw.namespace}/${gw.name}`);
  }
  return out;
}

// ---- requests that exercise every rule ----

/** A regular expression that only matches one literal string, as that string; else null. */
function literalOf(pattern: string): string | null {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  if (/[\^$|?*+()[\]{}]/.test(body.replace(/\\./g, ''))) return null;
  return body.replace(/\\(.)/g, '$1');
}

function valueFor(m: { type?: string; value: string }): string | null {
  return (m.type ?? 'Exact') === 'RegularExpression' ? literalOf(m.value) : m.value;
}

/** A concrete host inside a hostname pattern: "*.example.com" -> "wildcard-test.example.com". */
function concreteHost(pattern: string): string {
  return pattern.startsWith('*.') ? `wildcard-test${pattern.slice(1)}` : pattern;
}

/** A Host that the listener takes (under isolation) when neither it nor the route names one. */
function anyHostFor(gw: GraphGateway, listener: GraphListener): string {
  const candidates = [...gw.addresses, 'example.com', `${listener.name}.kubectl-gw-probe.invalid`];
  const takes = candidates.find((h) => selectListener(gw.listeners, { host: h, port: listener.port }).listener === listener);
  return takes ?? candidates[candidates.length - 1];
}

function httpRequestFor(m: HTTPRouteMatch): { path: string; method: string; headers: Record<string, string> } | null {
  const path = pathMatchOrDefault(m.path);
  const p = path.type === 'RegularExpression' ? literalOf(path.value) : path.value;
  if (p === null) return null;
  const headers: Record<string, string> = {};
  for (const h of m.headers ?? []) {
    const v = valueFor(h);
    if (v === null) return null;
    if (!(h.name.toLowerCase() in headers)) headers[h.name.toLowerCase()] = v;
  }
  const query = new URLSearchParams();
  for (const q of m.queryParams ?? []) {
    const v = valueFor(q);
    if (v === null) return null;
    if (!query.has(q.name)) query.append(q.name, v);
  }
  const qs = query.toString();
  return { path: qs ? `${p}?${qs}` : p, method: m.method ?? 'GET', headers };
}

/** A rule `--all` leaves alone, and why. */
export interface SkippedTarget {
  /** "Kind/ns/name" */
  route: string;
  rule: number;
  /** grpc and method: --all changes nothing on the backends; unreachable: no request reaches the rule. */
  cause: 'grpc' | 'method' | 'unreachable';
  why: string;
}

export interface ProbeTargets {
  targets: ProbeRequest[];
  skipped: SkippedTarget[];
}

// `--all` runs against real backends, so it only sends methods that change nothing.
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

type RuleRequests = { requests: Array<ReturnType<typeof httpRequestFor>>; skipped?: { cause: 'grpc' | 'method'; why: string } };

/** The requests `--all` sends for one rule, or why it sends none. */
function ruleRequests(route: GraphRoute, rule: GraphRule): RuleRequests {
  if (route.kind === 'GRPCRoute') {
    const matches = grpcRuleMatches(rule.matches as GRPCRouteMatch[]);
    const described = matches.map((m) => `${m.method?.service || m.method?.method ? 'method ' : ''}${describeGRPCMatch(m)}`);
    return { requests: [], skipped: { cause: 'grpc', why: `gRPC ${described.join('; ')}` } };
  }
  const matches = httpRuleMatches(rule.matches as HTTPRouteMatch[]);
  const safe = matches.filter((m) => SAFE_METHODS.has((m.method ?? 'GET').toUpperCase()));
  if (safe.length === 0) {
    const methods = [...new Set(matches.map((m) => m.method ?? 'GET'))];
    return { requests: [], skipped: { cause: 'method', why: `method${methods.length > 1 ? 's' : ''} ${methods.join(', ')}` } };
  }
  return { requests: safe.map(httpRequestFor) };
}

/**
 * One request per (listener, hostname served, rule match) of the HTTPRoutes attached to the
 * gateway's HTTP and HTTPS listeners, carrying the headers and query params the match requires:
 * what `kubectl gw curl --all` sends. It runs against real backends, so it sends only GET and
 * HEAD and no gRPC calls: GRPCRoute rules, and rules whose matches all require another method,
 * are returned in `skipped` instead, once each. Matches whose regular expressions have no literal
 * reading are left out. De-duplicated, in graph order, at most 100 targets.
 */
export function probeTargets(graph: Graph, gateway: string): ProbeTargets {
  const gw = findGateway(graph, gateway);
  const out: ProbeTargets = { targets: [], skipped: [] };
  if (!gw) return out;
  const seen = new Set<string>();
  const seenSkipped = new Set<string>();
  for (const listener of gw.listeners.filter(isHttpListener)) {
    const scheme: 'http' | 'https' = listener.protocol.toUpperCase() === 'HTTPS' ? 'https' : 'http';
    for (const route of routesOf(graph, listener).filter((r) => HTTP_KINDS.has(r.kind))) {
      const rules = route.rules.map((rule) => ruleRequests(route, rule));
      rules.forEach((r, i) => {
        const key = `${route.id}#${i}`;
        if (r.skipped === undefined || seenSkipped.has(key)) return;
        seenSkipped.add(key);
        out.skipped.push({ route: routeLabel(route), rule: i, ...r.skipped });
      });
      if (rules.every((r) => r.requests.length === 0)) continue;
      const served = servedHostnames(route, listener);
      for (const hostname of served.length > 0 ? served : ['*']) {
        const host = hostname === '*' ? anyHostFor(gw, listener) : concreteHost(hostname);
        // Under listener isolation a more specific listener may take this host: the request goes
        // there, and is labelled with that listener.
        const taker = selectListener(gw.listeners, { host, port: listener.port }).listener ?? listener;
        for (const [i, { requests }] of rules.entries()) {
          // A rule no request reaches here would only probe the rule that takes its requests.
          const unreachable = route.rules[i].reachability?.on.find((o) => o.listener === listener.id && o.hostname === hostname && o.reachable === 'no');
          if (unreachable && requests.length > 0) {
            const key = `${route.id}#${i}#${listener.id}#${hostname}`;
            if (!seenSkipped.has(key)) {
              seenSkipped.add(key);
              out.skipped.push({ route: routeLabel(route), rule: i, cause: 'unreachable', why: `never reached: ${unreachable.reason ?? 'rules that rank first take its requests'}` });
            }
            continue;
          }
          for (const r of requests) {
            if (!r) continue;
            const key = JSON.stringify([listener.port, host, r.method, r.path, r.headers]);
            if (seen.has(key)) continue;
            seen.add(key);
            out.targets.push({ host, path: r.path, method: r.method, headers: r.headers, port: listener.port, listener: taker.name, scheme });
            if (out.targets.length >= MAX_PROBE_TARGETS) return out;
          }
        }
      }
    }
  }
  return out;
}
