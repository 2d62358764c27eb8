// Request matching of HTTPRoute and GRPCRoute rules, and the precedence between rules that match
// the same request. Pure functions over plain data: src/probe/predict.ts runs them over a Graph.
//
// httproute_types.go, HTTPRouteRule.Matches:
//   "Proxy or Load Balancer routing configuration generated from HTTPRoutes MUST prioritize
//    matches based on the following criteria, continuing on ties. Across all rules specified on
//    applicable Routes, precedence must be given to the match having:
//    * "Exact" path match.
//    * "Prefix" path match with largest number of characters.
//    * Method match.
//    * Largest number of header matches.
//    * Largest number of query param matches.
//    Note: The precedence of RegularExpression path matches are implementation-specific.
//    If ties still exist across multiple Routes, matching precedence MUST be determined in order
//    of the following criteria, continuing on ties:
//    * The oldest Route based on creation timestamp.
//    * The Route appearing first in alphabetical order by "{namespace}/{name}".
//    If ties still exist within an HTTPRoute, matching precedence MUST be granted to the FIRST
//    matching rule (in list order) with a match meeting the above criteria."
// httproute_types.go, HTTPRouteSpec.Hostnames (applies before the match criteria):
//   "precedence must be given to rules from the HTTPRoute with the largest number of:
//    * Characters in a matching non-wildcard hostname.
//    * Characters in a matching hostname."
// Ranking routes whose listener/route intersections are identical by their own spec.hostnames
// (GatewayRouteHostnameIntersectionPrecedence) exists only in an open proposal
// (kubernetes-sigs/gateway-api#5212, issue #5120), not in a released spec: it is applied only
// when asked for (PrecedenceOptions.originalHostnames), and callers label it as a proposal.
// grpcroute_types.go, GRPCRouteRule.Matches:
//   "Precedence MUST be given to the rule with the largest number of:
//    * Characters in a matching non-wildcard hostname.
//    * Characters in a matching hostname.
//    * Characters in a matching service.
//    * Characters in a matching method.
//    * Header matches."
import type {
  GRPCRouteMatch,
  HTTPHeaderMatch,
  HTTPPathMatch,
  HTTPRouteMatch,
  RouteKind,
} from '../model/objects.js';
import type { GraphListener, GraphRoute } from '../model/graph.js';
import { effectiveHostnames, hostnameMatchesPattern, stripPort } from './hostnames.js';

// ---- the request, as matching sees it ----

/** What matching reads from one request, normalised once. */
export interface RequestFacts {
  /** Host without port, lower case. */
  host: string;
  /** Path without query string or fragment. */
  path: string;
  /** Upper case. */
  method: string;
  /** Header names in lower case (HTTPHeaderMatch.Name: "Name matching MUST be case-insensitive"). */
  headers: Record<string, string>;
  /** The first value of each query parameter; names as sent (query param names are case-sensitive). */
  query: Record<string, string>;
}

/** Splits "/a/b?x=1&x=2#f" into the path "/a/b" and the query {x: "1"}. */
export function parseRequestTarget(target: string): { path: string; query: Record<string, string> } {
  const noFragment = target.split('#')[0];
  const q = noFragment.indexOf('?');
  let path = q >= 0 ? noFragment.slice(0, q) : noFragment;
  if (!path.startsWith('/')) path = `/${path}`;
  const query: Record<string, string> = {};
  if (q >= 0) {
    // HTTPQueryParamMatch.Name: "it is *recommended* that implementations should match against the
    // first value of the param if the data plane supports it".
    for (const [name, value] of new URLSearchParams(noFragment.slice(q + 1))) {
      if (!(name in query)) query[name] = value;
    }
  }
  return { path, query };
}

export function requestFacts(req: { host: string; path: string; method?: string; headers?: Record<string, string> }): RequestFacts {
  const { path, query } = parseRequestTarget(req.path || '/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    const key = name.toLowerCase();
    if (!(key in headers)) headers[key] = value;
  }
  return {
    host: stripPort(req.host).toLowerCase().replace(/\.$/, ''),
    path,
    method: (req.method || 'GET').toUpperCase(),
    headers,
    query,
  };
}

// ---- single conditions ----

/**
 * A regular expression that only matches one literal string, as that string; else null
 * ("^/healthz$" -> "/healthz"). Such a pattern accepts the same requests as an Exact match.
 */
export function regexLiteral(pattern: string): string | null {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  if (/[\^$|?*+()[\]{}.]/.test(body.replace(/\\./g, ''))) return null;
  return body.replace(/\\(.)/g, '$1');
}

export type PathMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression';

/** HTTPRouteMatch.Path: "If this field is not specified, a default prefix match on the "/" path is provided." */
export function pathMatchOrDefault(match: HTTPPathMatch | undefined): { type: PathMatchType; value: string } {
  return { type: (match?.type ?? 'PathPrefix') as PathMatchType, value: match?.value ?? '/' };
}

/** A regular expression that must match the whole input, as RE2 full match does in Envoy. */
export function fullMatch(pattern: string, input: string): boolean | 'invalid' {
  try {
    return new RegExp(`^(?:${pattern})$`).test(input);
  } catch {
    return 'invalid';
  }
}

/** The PathPrefix value with its trailing "/" removed ("/" itself becomes ""). */
function prefixWithoutTrailingSlash(value: string): string {
  return value.endsWith('/') ? value.replace(/\/+$/, '') : value;
}

/**
 * PathMatchType:
 * - Exact: "Matches the URL path exactly and with case sensitivity. This means that an exact path
 *   match on `/abc` will only match requests to `/abc`, NOT `/abc/`, `/Abc`, or `/abcd`."
 * - PathPrefix: "Matches based on a URL path prefix split by `/`. Matching is case-sensitive and
 *   done on a path element by element basis. ... When specified, a trailing `/` is ignored. For
 *   example, the paths `/abc`, `/abc/`, and `/abc/def` would all match the prefix `/abc`, but the
 *   path `/abcd` would not."
 * - RegularExpression: "Matches if the URL path matches the given regular expression with case
 *   sensitivity." The dialect is the implementation's; here a JavaScript RegExp, whole path.
 * `path` carries no query string (use parseRequestTarget first).
 */
export function pathMatches(match: HTTPPathMatch | undefined, path: string): boolean {
  const { type, value } = pathMatchOrDefault(match);
  switch (type) {
    case 'Exact':
      return path === value;
    case 'PathPrefix': {
      const prefix = prefixWithoutTrailingSlash(value);
      return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
    }
    case 'RegularExpression':
      return fullMatch(value, path) === true;
    default:
      // PathMatchType: "Unknown values here must result in the implementation setting the
      // Accepted Condition for the Route to `status: False`": such a match never takes traffic.
      return false;
  }
}

/**
 * HTTPHeaderMatch.Name: "If multiple entries specify equivalent header names, only the first entry
 * with an equivalent name MUST be considered for a match. Subsequent entries with an equivalent
 * header name MUST be ignored." The same holds for query params (exact name).
 */
export function firstOfEachName(matches: readonly HTTPHeaderMatch[] | undefined, caseInsensitive: boolean): HTTPHeaderMatch[] {
  const seen = new Set<string>();
  const out: HTTPHeaderMatch[] = [];
  for (const m of matches ?? []) {
    const key = caseInsensitive ? m.name.toLowerCase() : m.name;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

function valueMatches(m: HTTPHeaderMatch, actual: string | undefined): boolean | 'invalid' {
  if (actual === undefined) return false;
  if ((m.type ?? 'Exact') === 'RegularExpression') return fullMatch(m.value, actual);
  return actual === m.value;
}

function describeValueMatch(kind: 'header' | 'query param', m: HTTPHeaderMatch): string {
  return (m.type ?? 'Exact') === 'RegularExpression' ? `${kind} ${m.name}~/${m.value}/` : `${kind} ${m.name}=${m.value}`;
}

// ---- one match (fields ANDed) ----

export interface MatchVerdict {
  matched: boolean;
  /** One phrase per condition that failed, e.g. `path /foobar is not under PathPrefix /foo`. */
  failures: string[];
  /** The path (gRPC: service and method) matched, whatever the other conditions did. */
  pathMatched: boolean;
  /** A regular expression (path, header, query, gRPC method) took part in this match. */
  usesRegex: boolean;
  /** Patterns that do not compile as a JavaScript RegExp (the data plane's dialect may accept them). */
  invalidRegex: string[];
}

function verdict(): MatchVerdict {
  return { matched: true, failures: [], pathMatched: true, usesRegex: false, invalidRegex: [] };
}

function fail(v: MatchVerdict, why: string): void {
  v.matched = false;
  v.failures.push(why);
}

function checkValues(v: MatchVerdict, kind: 'header' | 'query param', matches: HTTPHeaderMatch[], actual: Record<string, string>, lower: boolean): void {
  for (const m of matches) {
    if ((m.type ?? 'Exact') === 'RegularExpression') v.usesRegex = true;
    const got = actual[lower ? m.name.toLowerCase() : m.name];
    const ok = valueMatches(m, got);
    if (ok === 'invalid') {
      v.invalidRegex.push(m.value);
      fail(v, `${describeValueMatch(kind, m)} is not a valid regular expression here`);
    } else if (!ok) {
      fail(v, got === undefined ? `${kind} ${m.name} is missing (needs ${describeValueMatch(kind, m)})` : `${kind} ${m.name}=${got} does not match ${describeValueMatch(kind, m)}`);
    }
  }
}

/**
 * HTTPRouteMatch: "Multiple match types are ANDed together, i.e. the match will evaluate to true
 * only if all conditions are satisfied."
 */
export function evaluateHTTPMatch(match: HTTPRouteMatch, req: RequestFacts): MatchVerdict {
  const v = verdict();
  const path = pathMatchOrDefault(match.path);
  if (path.type === 'RegularExpression') {
    v.usesRegex = true;
    if (fullMatch(path.value, req.path) === 'invalid') v.invalidRegex.push(path.value);
  }
  if (!pathMatches(match.path, req.path)) {
    v.pathMatched = false;
    fail(v, `path ${req.path} does not match ${path.type} ${path.value}`);
  }
  // HTTPRouteMatch.Method: "When specified, this route will be matched only if the request has
  // the specified method."
  if (match.method && match.method.toUpperCase() !== req.method) fail(v, `method ${req.method} is not ${match.method}`);
  checkValues(v, 'header', firstOfEachName(match.headers, true), req.headers, true);
  checkValues(v, 'query param', firstOfEachName(match.queryParams, false), req.query, false);
  return v;
}

/** "/pkg.Service/Method" -> {service: "pkg.Service", method: "Method"}; null when not of that form. */
export function grpcServiceMethod(path: string): { service: string; method: string } | null {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? { service: m[1], method: m[2] } : null;
}

/**
 * GRPCRouteMatch: method (GRPCMethodMatch: "Value of the service to match against. If left empty
 * or omitted, will match any service"; likewise method) ANDed with headers. The gRPC service and
 * method travel in the HTTP/2 path as "/service/method".
 */
export function evaluateGRPCMatch(match: GRPCRouteMatch, req: RequestFacts): MatchVerdict {
  const v = verdict();
  const m = match.method;
  if (m && (m.service || m.method)) {
    const regex = (m.type ?? 'Exact') === 'RegularExpression';
    if (regex) v.usesRegex = true;
    const sm = grpcServiceMethod(req.path);
    if (!sm) {
      v.pathMatched = false;
      fail(v, `path ${req.path} is not a gRPC /service/method path`);
    } else {
      for (const [part, want, got] of [
        ['service', m.service, sm.service],
        ['method', m.method, sm.method],
      ] as const) {
        if (!want) continue;
        const ok = regex ? fullMatch(want, got) : got === want;
        if (ok !== true) v.pathMatched = false;
        if (ok === 'invalid') {
          v.invalidRegex.push(want);
          fail(v, `gRPC ${part} pattern ${want} is not a valid regular expression here`);
        } else if (!ok) {
          fail(v, `gRPC ${part} ${got} does not match ${regex ? `/${want}/` : want}`);
        }
      }
    }
  }
  checkValues(v, 'header', firstOfEachName(match.headers, true), req.headers, true);
  return v;
}

// ---- specificity of one match ----

export interface HTTPMatchSpecificity {
  pathType: PathMatchType;
  /** Characters of the path value as written. */
  pathLength: number;
  method: boolean;
  headers: number;
  queryParams: number;
}

export interface GRPCMatchSpecificity {
  service: number;
  method: number;
  headers: number;
}

export function httpMatchSpecificity(match: HTTPRouteMatch): HTTPMatchSpecificity {
  const path = pathMatchOrDefault(match.path);
  return {
    pathType: path.type,
    pathLength: path.value.length,
    method: Boolean(match.method),
    headers: firstOfEachName(match.headers, true).length,
    queryParams: firstOfEachName(match.queryParams, false).length,
  };
}

export function grpcMatchSpecificity(match: GRPCRouteMatch): GRPCMatchSpecificity {
  return {
    service: match.method?.service?.length ?? 0,
    method: match.method?.method?.length ?? 0,
    headers: firstOfEachName(match.headers, true).length,
  };
}

/**
 * The order of path types, most specific first. Exact before PathPrefix is the spec's; where
 * RegularExpression goes is implementation-specific: Envoy Gateway, Contour and NGINX Gateway
 * Fabric put it between them (Exact > RegularExpression > PathPrefix, longer patterns first),
 * because PathPrefix is the catch-all (kubernetes-sigs/gateway-api#2974).
 */
const PATH_TYPE_RANK: Record<PathMatchType, number> = { Exact: 3, RegularExpression: 2, PathPrefix: 1 };

// ---- one rule (matches ORed) ----

/** HTTPRouteRule.Matches: "If no matches are specified, the default is a prefix path match on "/"". */
export function httpRuleMatches(matches: readonly HTTPRouteMatch[] | undefined): HTTPRouteMatch[] {
  return matches && matches.length > 0 ? [...matches] : [{ path: { type: 'PathPrefix', value: '/' } }];
}

/** GRPCRouteRule.Matches: "If no matches are specified, the implementation MUST match every gRPC request." */
export function grpcRuleMatches(matches: readonly GRPCRouteMatch[] | undefined): GRPCRouteMatch[] {
  return matches && matches.length > 0 ? [...matches] : [{}];
}

export interface RuleMatchResult {
  /** Index of the match that counts: the most specific one that matched, else the nearest miss. */
  match: number;
  matched: boolean;
  verdict: MatchVerdict;
  http?: HTTPMatchSpecificity;
  grpc?: GRPCMatchSpecificity;
}

/**
 * Evaluates every match of a rule (they are ORed). When several match, the most specific one is
 * the one the rule competes with; when none matches, the one with the fewest failed conditions
 * is returned so a caller can say how near the request came.
 */
export function ruleMatchSpecificity(kind: RouteKind, matches: ReadonlyArray<HTTPRouteMatch | GRPCRouteMatch>, req: RequestFacts): RuleMatchResult {
  const results: RuleMatchResult[] =
    kind === 'GRPCRoute'
      ? grpcRuleMatches(matches as GRPCRouteMatch[]).map((m, i) => ({
          match: i,
          verdict: evaluateGRPCMatch(m, req),
          grpc: grpcMatchSpecificity(m),
          matched: false,
        }))
      : httpRuleMatches(matches as HTTPRouteMatch[]).map((m, i) => ({
          match: i,
          verdict: evaluateHTTPMatch(m, req),
          http: httpMatchSpecificity(m),
          matched: false,
        }));
  for (const r of results) r.matched = r.verdict.matched;
  const hits = results.filter((r) => r.matched);
  if (hits.length > 0) {
    // Stable: among equally specific matches the first in list order counts.
    return hits.reduce((best, r) => (compareMatchSpecificity(r, best).order < 0 ? r : best));
  }
  return results.reduce((best, r) => (missDistance(r.verdict) < missDistance(best.verdict) ? r : best));
}

/**
 * Does a rule match every request (of its protocol)? HTTPRouteRule.Matches: with no matches, "a
 * default match on PathPrefix / is provided"; a match is unconditional when its path is PathPrefix
 * "/" and it has no method, header or query param condition. GRPCRouteRule.Matches: with no
 * matches, or a match with neither a service/method nor a header condition, every call matches.
 */
export function ruleMatchesEveryRequest(kind: RouteKind, matches: ReadonlyArray<HTTPRouteMatch | GRPCRouteMatch>): boolean {
  if (matches.length === 0) return true;
  if (kind === 'GRPCRoute') {
    return (matches as GRPCRouteMatch[]).some((m) => !m.method?.service && !m.method?.method && !(m.headers ?? []).length);
  }
  return (matches as HTTPRouteMatch[]).some((m) => {
    const path = pathMatchOrDefault(m.path);
    return path.type === 'PathPrefix' && path.value.replace(/\/+$/, '') === '' && !m.method && !(m.headers ?? []).length && !(m.queryParams ?? []).length;
  });
}

/** How far a request is from a match: failed conditions, a wrong path counting double. */
export function missDistance(v: MatchVerdict): number {
  return v.failures.length + (v.pathMatched ? 0 : 1);
}

// ---- hostnames ----

export interface HostnamePrecedence {
  /** Characters in the longest matching non-wildcard hostname (0 when only wildcards match). */
  nonWildcard: number;
  /** Characters in the longest matching hostname, wildcard or not. */
  chars: number;
  /** The hostname that matched (the listener/route intersection), or "*" for a route serving any host. */
  hostname: string;
  /** The same two numbers over the route's own spec.hostnames (0 when it has none). */
  originalNonWildcard: number;
  originalChars: number;
}

function longestMatching(host: string, patterns: readonly string[]): { nonWildcard: number; chars: number; hostname: string } | null {
  const matching = patterns.filter((p) => hostnameMatchesPattern(host, p));
  if (matching.length === 0) return null;
  let nonWildcard = 0;
  let chars = 0;
  let hostname = matching[0];
  for (const p of matching) {
    if (!p.startsWith('*')) nonWildcard = Math.max(nonWildcard, p.length);
    if (p.length > chars || (p.length === chars && !p.startsWith('*'))) {
      chars = p.length;
      hostname = p;
    }
  }
  return { nonWildcard, chars, hostname };
}

/**
 * The hostnames a route serves on a listener ([] = every host the listener takes), as the graph
 * computed them for its parentRefs (the union when several parentRefs reach the listener).
 */
export function servedHostnames(route: GraphRoute, listener: GraphListener): string[] {
  const lists = route.parents.map((p) => p.effectiveHostnames?.[listener.id]).filter((h): h is string[] => Array.isArray(h));
  if (lists.length === 0) return effectiveHostnames(listener.hostname, route.hostnames) ?? [...route.hostnames];
  if (lists.some((h) => h.length === 0)) return [];
  return [...new Set(lists.flat())];
}

/**
 * How specifically a route serves `host`, or null when it does not serve it at all.
 * `effective` is the intersection of the route's hostnames with the listener's ([] = every host);
 * `original` is the route's spec.hostnames. HTTPRouteSpec.Hostnames: "When multiple HTTPRoutes
 * attach to the same Listener and yield identical Listener/Route intersected hostnames,
 * implementations SHOULD evaluate precedence using the original hostnames configured on the
 * Route" (Extended: GatewayRouteHostnameIntersectionPrecedence).
 */
export function routeHostnamePrecedence(host: string, effective: readonly string[], original: readonly string[]): HostnamePrecedence | null {
  const eff = effective.length === 0 ? { nonWildcard: 0, chars: 0, hostname: '*' } : longestMatching(host, effective);
  if (!eff) return null;
  const orig = longestMatching(host, original) ?? { nonWildcard: 0, chars: 0 };
  return { ...eff, originalNonWildcard: orig.nonWildcard, originalChars: orig.chars };
}

// ---- precedence across rules of all routes ----

export interface RuleCandidate {
  routeId: string;
  kind: RouteKind;
  namespace: string;
  name: string;
  creationTimestamp?: string;
  rule: number;
  match: number;
  hostname: HostnamePrecedence;
  http?: HTTPMatchSpecificity;
  grpc?: GRPCMatchSpecificity;
}

export type PrecedenceCriterion =
  | 'hostname-non-wildcard'
  | 'hostname-characters'
  | 'original-hostname'
  | 'path-type'
  | 'path-length'
  | 'method'
  | 'headers'
  | 'query-params'
  | 'grpc-service'
  | 'grpc-method'
  | 'creation-timestamp'
  | 'namespace-name'
  | 'rule-order';

export interface Comparison {
  /** < 0: a takes precedence; > 0: b does; 0: indistinguishable (same rule). */
  order: number;
  /** The first criterion that told them apart; null when nothing did. */
  decidedBy: PrecedenceCriterion | null;
}

/** Descending by a number: a positive result means b is bigger, so b first. */
function more(a: number, b: number): number {
  return b - a;
}

function decided(order: number, decidedBy: PrecedenceCriterion): Comparison {
  return { order, decidedBy };
}

const TIED: Comparison = Object.freeze({ order: 0, decidedBy: null }) as Comparison;

// Straight-line comparisons: they run inside sorts over every match on a listener.
function compareMatchSpecificity(a: Pick<RuleMatchResult, 'http' | 'grpc'>, b: Pick<RuleMatchResult, 'http' | 'grpc'>): Comparison {
  let o: number;
  if (a.http && b.http) {
    if ((o = more(PATH_TYPE_RANK[a.http.pathType] ?? 0, PATH_TYPE_RANK[b.http.pathType] ?? 0))) return decided(o, 'path-type');
    if (a.http.pathType === b.http.pathType && a.http.pathType !== 'Exact' && (o = more(a.http.pathLength, b.http.pathLength))) return decided(o, 'path-length');
    if ((o = more(Number(a.http.method), Number(b.http.method)))) return decided(o, 'method');
    if ((o = more(a.http.headers, b.http.headers))) return decided(o, 'headers');
    if ((o = more(a.http.queryParams, b.http.queryParams))) return decided(o, 'query-params');
  } else if (a.grpc && b.grpc) {
    if ((o = more(a.grpc.service, b.grpc.service))) return decided(o, 'grpc-service');
    if ((o = more(a.grpc.method, b.grpc.method))) return decided(o, 'grpc-method');
    if ((o = more(a.grpc.headers, b.grpc.headers))) return decided(o, 'headers');
  }
  return TIED;
}

// Parsed once per distinct string: the sort compares the same few timestamps many times.
const parsedTimestamps = new Map<string, number>();

function timestampValue(t: string | undefined): number {
  // A route without a creationTimestamp (read from a file, not yet created) counts as the newest.
  if (!t) return Number.POSITIVE_INFINITY;
  let v = parsedTimestamps.get(t);
  if (v === undefined) {
    v = Date.parse(t);
    if (parsedTimestamps.size > 10_000) parsedTimestamps.clear();
    parsedTimestamps.set(t, v);
  }
  return v;
}

function timestampOrder(a: string | undefined, b: string | undefined): number {
  const ta = timestampValue(a);
  const tb = timestampValue(b);
  if (ta === tb || (Number.isNaN(ta) && Number.isNaN(tb))) return 0;
  return ta < tb ? -1 : 1;
}

export interface PrecedenceOptions {
  /** Apply the proposal that ranks identical intersections by the routes' own spec.hostnames (see the header). */
  originalHostnames?: boolean;
}

/** The spec's precedence between two matching rules, continuing on ties (see the header). */
export function compareRuleCandidates(a: RuleCandidate, b: RuleCandidate, opts: PrecedenceOptions = {}): Comparison {
  let o: number;
  if ((o = more(a.hostname.nonWildcard, b.hostname.nonWildcard))) return decided(o, 'hostname-non-wildcard');
  if ((o = more(a.hostname.chars, b.hostname.chars))) return decided(o, 'hostname-characters');
  if (opts.originalHostnames && (o = more(a.hostname.originalNonWildcard, b.hostname.originalNonWildcard) || more(a.hostname.originalChars, b.hostname.originalChars))) {
    return decided(o, 'original-hostname');
  }
  const byMatch = compareMatchSpecificity(a, b);
  if (byMatch.order !== 0) return byMatch;
  if (a.routeId !== b.routeId) {
    const t = timestampOrder(a.creationTimestamp, b.creationTimestamp);
    if (t !== 0) return decided(t, 'creation-timestamp');
    const na = `${a.namespace}/${a.name}`;
    const nb = `${b.namespace}/${b.name}`;
    if (na !== nb) return decided(na < nb ? -1 : 1, 'namespace-name');
  }
  if (a.rule !== b.rule) return decided(a.rule - b.rule, 'rule-order');
  return TIED;
}

/** Most specific first; a stable sort, so equal candidates keep their input order. */
export function rankRuleCandidates<T extends RuleCandidate>(candidates: readonly T[], opts: PrecedenceOptions = {}): T[] {
  return [...candidates].sort((a, b) => compareRuleCandidates(a, b, opts).order);
}

/** Did a RegularExpression path take part in deciding between these two? (implementation-specific) */
export function regexDecided(a: RuleCandidate, b: RuleCandidate, decidedBy: PrecedenceCriterion | null): boolean {
  if (decidedBy !== 'path-type' && decidedBy !== 'path-length') return false;
  return a.http?.pathType === 'RegularExpression' || b.http?.pathType === 'RegularExpression';
}

// ---- words ----

export function describeHTTPMatch(match: HTTPRouteMatch): string {
  const path = pathMatchOrDefault(match.path);
  const parts = [`${path.type} ${path.value}`];
  if (match.method) parts.push(match.method);
  for (const h of firstOfEachName(match.headers, true)) parts.push(describeValueMatch('header', h));
  for (const q of firstOfEachName(match.queryParams, false)) parts.push(describeValueMatch('query param', q));
  return parts.join(', ');
}

export function describeGRPCMatch(match: GRPCRouteMatch): string {
  const m = match.method;
  const regex = (m?.type ?? 'Exact') === 'RegularExpression';
  const parts = [m && (m.service || m.method) ? `${regex ? 'RegularExpression ' : ''}${m.service ?? '*'}/${m.method ?? '*'}` : 'any service/method'];
  for (const h of firstOfEachName(match.headers, true)) parts.push(describeValueMatch('header', h));
  return parts.join(', ');
}

function pathWords(s: HTTPMatchSpecificity): string {
  return s.pathType === 'PathPrefix' ? `a ${s.pathLength}-character PathPrefix` : s.pathType === 'Exact' ? 'an Exact path' : `a ${s.pathLength}-character RegularExpression path`;
}

/** Why `winner` takes precedence over `loser`, in words, given the criterion that decided. */
export function explainPrecedence(winner: RuleCandidate, loser: RuleCandidate, decidedBy: PrecedenceCriterion | null): string {
  const w = winner.hostname;
  const l = loser.hostname;
  switch (decidedBy) {
    case 'hostname-non-wildcard':
      return `its hostname ${w.hostname} is a longer exact match than ${l.hostname}`;
    case 'hostname-characters':
      return `its hostname ${w.hostname} is more specific than ${l.hostname}`;
    case 'original-hostname':
      return 'both serve the same listener hostname, and its own spec.hostnames are more specific (proposal kubernetes-sigs/gateway-api#5212, not in a released spec)';
    case 'path-type':
    case 'path-length':
      return winner.http && loser.http ? `${pathWords(winner.http)} beats ${pathWords(loser.http)}` : 'its path is more specific';
    case 'method':
      return 'it also matches the method';
    case 'headers':
      return `it matches more headers (${(winner.http ?? winner.grpc)?.headers} over ${(loser.http ?? loser.grpc)?.headers})`;
    case 'query-params':
      return `it matches more query params (${winner.http?.queryParams} over ${loser.http?.queryParams})`;
    case 'grpc-service':
      return `its service match is longer (${winner.grpc?.service} characters over ${loser.grpc?.service})`;
    case 'grpc-method':
      return `its method match is longer (${winner.grpc?.method} characters over ${loser.grpc?.method})`;
    case 'creation-timestamp':
      return winner.creationTimestamp && !loser.creationTimestamp
        ? `${winner.namespace}/${winner.name} exists already (created ${winner.creationTimestamp}) and ${loser.namespace}/${loser.name} has no creationTimestamp`
        : `the routes tie on the match, and ${winner.namespace}/${winner.name} is older (created ${winner.creationTimestamp})`;
    case 'namespace-name':
      return `the routes tie on the match and creation time, and ${winner.namespace}/${winner.name} comes first alphabetically`;
    case 'rule-order':
      return `the rules tie, and rule ${winner.rule} comes first in the route`;
    default:
      return 'it is the same rule';
  }
}
