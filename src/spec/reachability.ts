// Which rules of the attached HTTPRoutes and GRPCRoutes can receive a request at all.
//
// A rule is unreachable when every request its matches accept is taken by other rules. The
// precedence deciding who takes a request is matching.ts's (compareRuleCandidates, the order
// `kubectl gw curl` predicts with); this file only asks, over that order, which requests are left
// for each match. Per listener and per hostname the route serves there:
//
//   1. The request hosts a served hostname stands for are represented by one host: the name
//      itself, or for a wildcard `*.example.com` an unnamed host under it (no route names it, so
//      only routes whose hostnames take every host under the wildcard compete there, each with
//      the hostname precedence it has for all of them). Under listener isolation a more specific
//      listener on the same port may take that host first: then this listener never sees it.
//   2. Every match of every rule of the routes serving that host is ranked once, most specific
//      first (HTTPRouteRule.Matches, GRPCRouteRule.Matches; hostnames before matches).
//   3. Walking the ranking, a match M is dead when a match N ranked before it, of another rule,
//      accepts every request M accepts: N's path takes M's path, N's method is unset or the
//      same, and N's header, query (gRPC: service, method, header) conditions are a subset of
//      M's. HTTPMethod is an enum of nine methods, so a match without a method is also dead when
//      earlier matches cover it method by method. With many matches for one host the walk looks
//      up earlier matches by their path and condition set (an index), so it is near-linear in the
//      matches sharing a listener and host; a few matches, and regular expressions (whose sets
//      cannot be indexed), are compared one by one.
//   4. Matches that rank equally up to the tie-breaks (creation time, namespace/name, rule
//      order) are adjacent in the ranking; a live match sharing requests with an earlier one of
//      another rule in that run loses those requests by a tie-break only.
//
// Verdict per rule: `no` when every match is dead on every listener and hostname; `partly` when
// it is `no` on some but not all of them, or loses requests by a tie-break; `unknown` when only a
// regular expression (its set, or its implementation-specific precedence) could decide; `yes`
// otherwise. Losing requests to a more specific match is ordinary carving, not shadowing.
import type { Graph, GraphGateway, GraphListener, GraphRoute, Reachable, ReachabilityOn, RuleReachability, RuleRef } from '../model/graph.js';
import type { GRPCRouteMatch, HTTPHeaderMatch, HTTPRouteMatch, RouteKind } from '../model/objects.js';
import { wildcardsCovering } from './hostnames.js';
import { selectListener } from './listener-selection.js';
import {
  compareRuleCandidates,
  firstOfEachName,
  fullMatch,
  grpcMatchSpecificity,
  grpcRuleMatches,
  httpMatchSpecificity,
  httpRuleMatches,
  pathMatches,
  pathMatchOrDefault,
  rankRuleCandidates,
  regexDecided,
  regexLiteral,
  routeHostnamePrecedence,
  servedHostnames,
  type PrecedenceCriterion,
  type RuleCandidate,
} from './matching.js';

// HTTPMethod: "+kubebuilder:validation:Enum=GET;HEAD;POST;PUT;DELETE;CONNECT;OPTIONS;TRACE;PATCH".
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const TIE_BREAKS: ReadonlySet<PrecedenceCriterion | null> = new Set(['creation-timestamp', 'namespace-name', 'rule-order', null]);
const ROUTE_KINDS_MATCHED: ReadonlySet<RouteKind> = new Set(['HTTPRoute', 'GRPCRoute']);
/** A label no route names: the host that stands for "any other host" under a wildcard. */
const UNNAMED_LABEL = 'kubectl-gw-unnamed-host';
/** Below this many matches for one host the walk compares them one by one: indexes would cost more than they save. */
const INDEX_FROM = 24;
/** Above this many conditions a match is compared one by one rather than by subset look-ups. */
const MAX_SUBSET_CONDITIONS = 8;

// ---- the set of requests one match accepts ----

type ValueType = 'Exact' | 'RegularExpression';

interface Cond {
  type: ValueType;
  value: string;
}

interface PathCond {
  /** PathPrefix values carry no trailing "/" ("/" itself is ""). */
  type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  value: string;
}

interface Shape {
  path: PathCond;
  /** "M" the HTTP method, "h:NAME" headers (lower case), "q:NAME" query params, "gs"/"gm" gRPC service/method. */
  conds: Map<string, Cond>;
  /** A regular expression with no literal reading takes part: its set is compared one by one. */
  regex: boolean;
  /** A match that takes no request at all (an unknown path type). */
  never: boolean;
  pathKey: string;
}

function valueCond(type: string | undefined, value: string): Cond {
  if ((type ?? 'Exact') === 'RegularExpression') {
    const literal = regexLiteral(value);
    return literal === null ? { type: 'RegularExpression', value } : { type: 'Exact', value: literal };
  }
  return { type: 'Exact', value };
}

function pathKeyOf(p: PathCond): string {
  return `${p.type[0]}:${p.value}`;
}

function finishShape(path: PathCond, conds: Map<string, Cond>, never = false): Shape {
  const regex = path.type === 'RegularExpression' || [...conds.values()].some((c) => c.type === 'RegularExpression');
  return { path, conds, regex, never, pathKey: pathKeyOf(path) };
}

function addValues(conds: Map<string, Cond>, prefix: string, list: HTTPHeaderMatch[], lower: boolean): void {
  for (const m of list) conds.set(`${prefix}${lower ? m.name.toLowerCase() : m.name}`, valueCond(m.type, m.value));
}

function httpShape(match: HTTPRouteMatch): Shape {
  const p = pathMatchOrDefault(match.path);
  let path: PathCond;
  let never = false;
  if (p.type === 'Exact') path = { type: 'Exact', value: p.value };
  else if (p.type === 'PathPrefix') path = { type: 'PathPrefix', value: p.value.replace(/\/+$/, '') };
  else if (p.type === 'RegularExpression') {
    const literal = regexLiteral(p.value);
    path = literal === null ? { type: 'RegularExpression', value: p.value } : { type: 'Exact', value: literal };
  } else {
    // PathMatchType: unknown values make the route not Accepted; pathMatches never matches them.
    path = { type: 'Exact', value: p.value };
    never = true;
  }
  const conds = new Map<string, Cond>();
  if (match.method) conds.set('M', { type: 'Exact', value: match.method.toUpperCase() });
  addValues(conds, 'h:', firstOfEachName(match.headers, true), true);
  addValues(conds, 'q:', firstOfEachName(match.queryParams, false), false);
  return finishShape(path, conds, never);
}

function grpcShape(match: GRPCRouteMatch): Shape {
  const conds = new Map<string, Cond>();
  const m = match.method;
  // GRPCMethodMatch: an empty service or method matches any.
  if (m?.service) conds.set('gs', valueCond(m.type, m.service));
  if (m?.method) conds.set('gm', valueCond(m.type, m.method));
  addValues(conds, 'h:', firstOfEachName(match.headers, true), true);
  return finishShape({ type: 'PathPrefix', value: '' }, conds);
}

type Tri = 'yes' | 'no' | 'maybe';

function both(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';
}

function regexAccepts(pattern: string, input: string): Tri {
  const r = fullMatch(pattern, input);
  return r === 'invalid' ? 'maybe' : r ? 'yes' : 'no';
}

/** The PathPrefix condition as matching.ts reads it ("" is "/"). */
function prefixMatch(value: string): HTTPRouteMatch['path'] {
  return { type: 'PathPrefix', value: value || '/' };
}

/** Does every path `m` accepts satisfy `n`? */
function pathCovers(n: PathCond, m: PathCond): Tri {
  if (n.type === 'PathPrefix' && n.value === '') return 'yes';
  if (n.type === 'Exact') return m.type === 'Exact' && m.value === n.value ? 'yes' : 'no';
  if (n.type === 'PathPrefix') {
    if (m.type === 'RegularExpression') return 'maybe';
    // An Exact path under the prefix, or a prefix whose every path lies under it.
    return pathMatches(prefixMatch(n.value), m.value || '/') ? 'yes' : 'no';
  }
  if (m.type === 'Exact') return regexAccepts(n.value, m.value);
  return m.type === 'RegularExpression' && m.value === n.value ? 'yes' : 'maybe';
}

/** Do the paths `a` and `b` accept share one path? */
function pathIntersects(a: PathCond, b: PathCond): Tri {
  if (a.type === 'RegularExpression' || b.type === 'RegularExpression') {
    const [re, other] = a.type === 'RegularExpression' ? [a, b] : [b, a];
    if (other.type === 'Exact') return regexAccepts(re.value, other.value);
    return other.type === 'RegularExpression' && other.value === re.value ? 'yes' : 'maybe';
  }
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value ? 'yes' : 'no';
  return pathCovers(a, b) === 'yes' || pathCovers(b, a) === 'yes' ? 'yes' : 'no';
}

function condCovers(n: Cond, m: Cond | undefined): Tri {
  if (!m) return 'no';
  if (n.type === 'Exact') return m.type === 'Exact' && m.value === n.value ? 'yes' : 'no';
  if (m.type === 'Exact') return regexAccepts(n.value, m.value);
  return m.value === n.value ? 'yes' : 'maybe';
}

function condIntersects(a: Cond, b: Cond): Tri {
  if (a.type === 'Exact' && b.type === 'Exact') return a.value === b.value ? 'yes' : 'no';
  if (a.type === 'Exact') return regexAccepts(b.value, a.value);
  if (b.type === 'Exact') return regexAccepts(a.value, b.value);
  return a.value === b.value ? 'yes' : 'maybe';
}

/** Does `n` accept every request `m` accepts (with `m`'s conditions as given)? */
function covers(n: Shape, m: Shape, mConds: Map<string, Cond> = m.conds): Tri {
  let out = pathCovers(n.path, m.path);
  for (const [key, cond] of n.conds) {
    if (out === 'no') return out;
    out = both(out, condCovers(cond, mConds.get(key)));
  }
  return out;
}

/** Is there a request both accept? */
function intersects(a: Shape, b: Shape): Tri {
  let out = pathIntersects(a.path, b.path);
  for (const [key, cond] of a.conds) {
    if (out === 'no') return out;
    const other = b.conds.get(key);
    if (other) out = both(out, condIntersects(cond, other));
  }
  return out;
}

function condKey(keys: readonly string[], conds: Map<string, Cond>): string {
  return keys.map((k) => `${k}=${conds.get(k)!.value}`).join('\u0000');
}

/** The path keys of every non-regex path condition that takes all of `p`'s paths. */
function coveringPathKeys(p: PathCond): string[] {
  const out = new Set<string>(['P:']);
  if (p.type === 'Exact') out.add(`E:${p.value}`);
  const value = p.value;
  for (let i = 1; i <= value.length; i++) {
    if (i === value.length || value[i] === '/') {
      const prefix = value.slice(0, i).replace(/\/+$/, '');
      if (pathCovers({ type: 'PathPrefix', value: prefix }, p) === 'yes') out.add(`P:${prefix}`);
    }
  }
  return [...out];
}

// ---- ranking the matches that compete for one host on one listener ----

interface Cand extends RuleCandidate {
  pos: number;
  ruleKey: string;
  route: GraphRoute;
  shape: Shape;
}

type State = 'live' | 'dead' | 'maybe' | 'tie';

interface Fate {
  state: State;
  /** dead: the matches taking its requests; tie: the one winning the shared requests by a tie-break; maybe: the one a regex decides. */
  by: Cand[];
}

/** The first two entries of different rules: the earliest entry of a rule other than any given one. */
type FirstTwo = [Cand, Cand?];

function remember(map: Map<string, FirstTwo>, key: string, c: Cand): void {
  const entry = map.get(key);
  if (!entry) map.set(key, [c]);
  else if (!entry[1] && entry[0].ruleKey !== c.ruleKey) entry[1] = c;
}

function otherRule(entry: FirstTwo | undefined, ruleKey: string): Cand | undefined {
  if (!entry) return undefined;
  return entry[0].ruleKey !== ruleKey ? entry[0] : entry[1];
}

function subsets<T>(items: readonly T[]): T[][] {
  const out: T[][] = [[]];
  for (const item of items) {
    const n = out.length;
    for (let i = 0; i < n; i++) out.push([...out[i], item]);
  }
  return out;
}

/** Earlier matches of other rules that take every request `m` accepts (with conditions `conds`), and those a regex decides. */
function scanCoverers(earlier: readonly Cand[], m: Cand, conds: Map<string, Cond>, out = { yes: [] as Cand[], maybe: [] as Cand[] }): { yes: Cand[]; maybe: Cand[] } {
  for (const n of earlier) {
    if (n.ruleKey === m.ruleKey) continue;
    const c = covers(n.shape, m.shape, conds);
    if (c === 'yes') out.yes.push(n);
    else if (c === 'maybe') out.maybe.push(n);
  }
  return out;
}

interface Earlier {
  /** Some earlier match names a method. */
  hasMethod: boolean;
  add(c: Cand): void;
  coverers(m: Cand, conds: Map<string, Cond>): { yes: Cand[]; maybe: Cand[] };
}

/** A few earlier matches, compared one by one. */
class EarlierList implements Earlier {
  private readonly all: Cand[] = [];
  hasMethod = false;

  add(c: Cand): void {
    this.all.push(c);
    if (c.shape.conds.has('M')) this.hasMethod = true;
  }

  coverers(m: Cand, conds: Map<string, Cond>): { yes: Cand[]; maybe: Cand[] } {
    return scanCoverers(this.all, m, conds);
  }
}

/** The matches ranked before the current one, indexed for "which of them takes all of M". */
class EarlierMatches implements Earlier {
  private readonly byPathAndConds = new Map<string, FirstTwo>();
  private readonly byPath = new Map<string, Cand[]>();
  private readonly withRegex: Cand[] = [];
  private readonly all: Cand[] = [];
  hasMethod = false;

  add(c: Cand): void {
    this.all.push(c);
    if (c.shape.conds.has('M')) this.hasMethod = true;
    if (c.shape.regex) {
      this.withRegex.push(c);
      return;
    }
    const keys = [...c.shape.conds.keys()].sort();
    remember(this.byPathAndConds, `${c.shape.pathKey}\u0001${condKey(keys, c.shape.conds)}`, c);
    const list = this.byPath.get(c.shape.pathKey);
    if (list) list.push(c);
    else this.byPath.set(c.shape.pathKey, [c]);
  }

  /** Earlier matches of other rules that take every request `m` accepts with conditions `conds`, and those a regex decides. */
  coverers(m: Cand, conds: Map<string, Cond>): { yes: Cand[]; maybe: Cand[] } {
    if (m.shape.regex) return scanCoverers(this.all, m, conds);
    const found = { yes: [] as Cand[], maybe: [] as Cand[] };
    const keys = [...conds.keys()].sort();
    for (const pathKey of coveringPathKeys(m.shape.path)) {
      if (keys.length <= MAX_SUBSET_CONDITIONS) {
        for (const subset of subsets(keys)) {
          const n = otherRule(this.byPathAndConds.get(`${pathKey}\u0001${condKey(subset, conds)}`), m.ruleKey);
          if (n) found.yes.push(n);
        }
      } else {
        scanCoverers(this.byPath.get(pathKey) ?? [], m, conds, found);
      }
    }
    return scanCoverers(this.withRegex, m, conds, found);
  }
}

function earliest(list: Cand[]): Cand | undefined {
  return list.reduce<Cand | undefined>((best, c) => (!best || c.pos < best.pos ? c : best), undefined);
}

/** Is M dead, given the matches ranked before it? */
function coverFate(m: Cand, earlier: Earlier): Fate | null {
  // A coverer that ranks first only by a RegularExpression path's implementation-specific
  // precedence does not decide.
  const decisive = (n: Cand) => !regexDecided(n, m, compareRuleCandidates(n, m).decidedBy);
  const pick = (found: { yes: Cand[]; maybe: Cand[] }) => {
    const yes = earliest(found.yes.filter(decisive));
    const maybe = earliest([...found.maybe, ...found.yes.filter((n) => !decisive(n))]);
    return { yes, maybe };
  };
  const whole = pick(earlier.coverers(m, m.shape.conds));
  if (whole.yes) return { state: 'dead', by: [whole.yes] };
  if (m.kind === 'HTTPRoute' && !m.shape.conds.has('M') && earlier.hasMethod) {
    // Method by method: dead when each of the nine is taken.
    const by: Cand[] = [];
    let maybe: Cand | undefined;
    for (const method of HTTP_METHODS) {
      const conds = new Map(m.shape.conds).set('M', { type: 'Exact', value: method });
      const one = pick(earlier.coverers(m, conds));
      if (one.yes) {
        if (!by.includes(one.yes)) by.push(one.yes);
      } else if (one.maybe) maybe ??= one.maybe;
      else return whole.maybe ? { state: 'maybe', by: [whole.maybe] } : null;
    }
    if (!maybe) return { state: 'dead', by };
    return { state: 'maybe', by: [maybe] };
  }
  return whole.maybe ? { state: 'maybe', by: [whole.maybe] } : null;
}

/**
 * Matches that tie up to the tie-breaks and share requests. Within a run of equally ranked
 * matches, those with the same path and method are grouped by the names of their other
 * conditions; two matches share a request when they agree on every name both constrain, looked
 * up by the values on those shared names.
 */
class TieBucket {
  private readonly groups = new Map<string, { names: string[]; projections: Map<string, Map<string, FirstTwo>>; members: Cand[] }>();
  private readonly withRegex: Cand[] = [];

  add(c: Cand, names: string[]): void {
    if (c.shape.regex) {
      this.withRegex.push(c);
      return;
    }
    const sig = names.join('\u0000');
    let g = this.groups.get(sig);
    if (!g) {
      g = { names, projections: new Map(), members: [] };
      this.groups.set(sig, g);
    }
    g.members.push(c);
    for (const [sharedSig, map] of g.projections) {
      const shared = sharedSig === '' ? [] : sharedSig.split('\u0000');
      remember(map, condKey(shared, c.shape.conds), c);
    }
  }

  /** The earliest match of another rule sharing a request with `m`; regex pairs count only when certain. */
  sharing(m: Cand, names: string[]): Cand | undefined {
    const found: Cand[] = [];
    if (m.shape.regex) {
      for (const g of this.groups.values()) for (const n of g.members) if (n.ruleKey !== m.ruleKey && intersects(n.shape, m.shape) === 'yes') found.push(n);
    } else {
      for (const g of this.groups.values()) {
        const shared = g.names.filter((k) => names.includes(k));
        const sharedSig = shared.join('\u0000');
        let map = g.projections.get(sharedSig);
        if (!map) {
          map = new Map();
          for (const n of g.members) remember(map, condKey(shared, n.shape.conds), n);
          g.projections.set(sharedSig, map);
        }
        const n = otherRule(map.get(condKey(shared, m.shape.conds)), m.ruleKey);
        if (n) found.push(n);
      }
    }
    for (const n of this.withRegex) if (n.ruleKey !== m.ruleKey && intersects(n.shape, m.shape) === 'yes') found.push(n);
    return earliest(found);
  }
}

/** The keys that must be equal for two equally ranked matches to share a request at all. */
function tieBucketKey(s: Shape): string {
  const fixed = ['M', 'gs', 'gm'].map((k) => (s.conds.get(k)?.type === 'Exact' ? s.conds.get(k)!.value : '')).join('\u0000');
  return `${s.regex ? 'regex' : s.pathKey}\u0001${fixed}`;
}

function otherNames(s: Shape): string[] {
  return [...s.conds.keys()].filter((k) => k !== 'M' && k !== 'gs' && k !== 'gm').sort();
}

/** The fate of every match competing for one host: see the file comment, steps 2 to 4. */
function rankAndWalk(candidates: Cand[]): Map<Cand, Fate> {
  if (candidates.length === 1) return new Map([[candidates[0], { state: 'live', by: [] }]]);
  const ranked = rankRuleCandidates(candidates);
  ranked.forEach((c, i) => (c.pos = i));
  return ranked.length < INDEX_FROM ? walkOneByOne(ranked) : walkIndexed(ranked);
}

function startsRun(ranked: readonly Cand[], i: number): boolean {
  return i > 0 && !TIE_BREAKS.has(compareRuleCandidates(ranked[i - 1], ranked[i]).decidedBy);
}

/** The walk for a few matches: each compared with every earlier one. */
function walkOneByOne(ranked: readonly Cand[]): Map<Cand, Fate> {
  const fates = new Map<Cand, Fate>();
  const earlier = new EarlierList();
  let runStart = 0;
  for (let i = 0; i < ranked.length; i++) {
    const m = ranked[i];
    if (startsRun(ranked, i)) runStart = i;
    let fate = coverFate(m, earlier);
    if (!fate) {
      const winner = ranked.slice(runStart, i).find((n) => n.ruleKey !== m.ruleKey && intersects(n.shape, m.shape) === 'yes');
      fate = winner ? { state: 'tie', by: [winner] } : { state: 'live', by: [] };
    }
    fates.set(m, fate);
    earlier.add(m);
  }
  return fates;
}

/** The same walk over indexes, near-linear in the matches. */
function walkIndexed(ranked: readonly Cand[]): Map<Cand, Fate> {
  const fates = new Map<Cand, Fate>();
  const earlier = new EarlierMatches();
  let run = new Map<string, TieBucket>();
  for (let i = 0; i < ranked.length; i++) {
    const m = ranked[i];
    if (startsRun(ranked, i)) run = new Map();
    const bucketKey = m.shape.regex ? 'regex' : tieBucketKey(m.shape);
    const names = otherNames(m.shape);
    let fate = coverFate(m, earlier);
    if (!fate) {
      const buckets = m.shape.regex ? [...run.values()] : [run.get(bucketKey), run.get('regex')].filter((b): b is TieBucket => b !== undefined);
      const winner = earliest(buckets.map((b) => b.sharing(m, names)).filter((n): n is Cand => n !== undefined));
      fate = winner ? { state: 'tie', by: [winner] } : { state: 'live', by: [] };
    }
    fates.set(m, fate);
    earlier.add(m);
    let bucket = run.get(bucketKey);
    if (!bucket) {
      bucket = new TieBucket();
      run.set(bucketKey, bucket);
    }
    bucket.add(m, names);
  }
  return fates;
}

// ---- words ----

function ruleLabel(n: Cand, m: Cand): string {
  return n.routeId === m.routeId ? `rule #${n.rule}` : `${n.kind} ${n.namespace}/${n.name} rule #${n.rule}`;
}

/** Why `n` ranks before `m`, as a verb phrase ("is older"). */
function ranksFirstBecause(n: Cand, m: Cand): string {
  const { decidedBy } = compareRuleCandidates(n, m);
  switch (decidedBy) {
    case 'creation-timestamp':
      return n.creationTimestamp && !m.creationTimestamp ? 'exists already (this route has no creationTimestamp yet)' : 'is older';
    case 'namespace-name':
      return `comes first by namespace/name (the routes are equally old)`;
    case 'rule-order':
      return 'comes first in the route';
    case 'hostname-non-wildcard':
    case 'hostname-characters':
      return `has the more specific hostname (${n.hostname.hostname} over ${m.hostname.hostname})`;
    case 'original-hostname':
      return 'has the more specific spec.hostnames';
    case 'path-type':
    case 'path-length':
      return 'has the more specific path';
    default:
      return 'ranks first';
  }
}

function isTieBreak(n: Cand, m: Cand): boolean {
  return TIE_BREAKS.has(compareRuleCandidates(n, m).decidedBy);
}

// ---- per rule ----

interface MatchShapes {
  route: GraphRoute;
  /** Per rule, per match: its request set and its specificity. */
  shapes: Array<Array<{ shape: Shape; spec: Pick<RuleCandidate, 'http' | 'grpc'> }>>;
}

function shapesOf(route: GraphRoute): MatchShapes {
  return {
    route,
    shapes: route.rules.map((rule) =>
      route.kind === 'GRPCRoute'
        ? grpcRuleMatches(rule.matches as GRPCRouteMatch[]).map((m) => ({ shape: grpcShape(m), spec: { grpc: grpcMatchSpecificity(m) } }))
        : httpRuleMatches(rule.matches as HTTPRouteMatch[]).map((m) => ({ shape: httpShape(m), spec: { http: httpMatchSpecificity(m) } })),
    ),
  };
}

function refOf(c: Cand): RuleRef {
  return { route: { kind: c.kind, namespace: c.namespace, name: c.name }, rule: c.rule };
}

function refKey(r: RuleRef): string {
  return `${r.route.kind}/${r.route.namespace}/${r.route.name}#${r.rule}`;
}

function uniqueRefs(refs: RuleRef[]): RuleRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(refKey(r)) && seen.add(refKey(r)));
}

function hostWords(listener: GraphListener, hostname: string): string {
  return `listener ${listener.name}, ${hostname === '*' ? 'any host' : `host ${hostname}`}`;
}

/** One rule's verdict on one listener and hostname, from the fates of its matches there. */
function verdictFor(matches: Cand[], fates: Map<Cand, Fate>, listener: GraphListener, hostname: string): ReachabilityOn {
  if (matches.every((c) => fates.get(c)?.state === 'live')) return { listener: listener.id, hostname, reachable: 'yes', shadowedBy: [] };
  const rule = matches[0];
  const where = hostWords(listener, hostname);
  const fateOf = (c: Cand) => fates.get(c) ?? { state: 'live' as State, by: [] };
  const dead = matches.filter((c) => fateOf(c).state === 'dead');
  const base = { listener: listener.id, hostname };
  if (dead.length === matches.length) {
    const by = uniqueRefs(dead.flatMap((c) => fateOf(c).by.map(refOf)));
    const takers = dead.flatMap((c) => fateOf(c).by);
    const reason =
      takers.length === 1 || new Set(takers.map((t) => t.ruleKey)).size === 1
        ? `${ruleLabel(takers[0], rule)} ${ranksFirstBecause(takers[0], rule)} and matches every request rule #${rule.rule} would (${where})`
        : `${uniqueRefs(takers.map(refOf)).map((r) => (r.route.name === rule.name && r.route.namespace === rule.namespace && r.route.kind === rule.kind ? `rule #${r.rule}` : `${r.route.kind} ${r.route.namespace}/${r.route.name} rule #${r.rule}`)).join(', ')} rank first and between them match every request rule #${rule.rule} would (${where})`;
    return { ...base, reachable: 'no', shadowedBy: by, reason };
  }
  const open = matches.filter((c) => ['live', 'tie'].includes(fateOf(c).state));
  if (open.length === 0) {
    const c = matches.find((x) => fateOf(x).state === 'maybe')!;
    const n = fateOf(c).by[0];
    return {
      ...base,
      reachable: 'unknown',
      shadowedBy: [refOf(n)],
      reason: `a regular expression decides whether ${ruleLabel(n, rule)} takes every request rule #${rule.rule} would (regular expressions and their precedence are implementation-specific; ${where})`,
    };
  }
  const byTie = matches.flatMap((c) => {
    const f = fateOf(c);
    if (f.state === 'tie') return [f.by[0]];
    if (f.state === 'dead') return f.by.filter((n) => isTieBreak(n, c));
    return [];
  });
  if (byTie.length > 0) {
    const n = byTie[0];
    return {
      ...base,
      reachable: 'partly',
      shadowedBy: uniqueRefs(byTie.map(refOf)),
      reason: `requests that ${ruleLabel(n, rule)} matches as well go there only by a tie-break: it ${ranksFirstBecause(n, rule)}, and the matches are equally specific (${where})`,
    };
  }
  return { ...base, reachable: 'yes', shadowedBy: [] };
}

function aggregate(on: ReachabilityOn[]): RuleReachability {
  let reachable: Reachable;
  if (on.every((o) => o.reachable === 'no')) reachable = 'no';
  else if (on.some((o) => o.reachable === 'unknown')) reachable = 'unknown';
  else if (on.some((o) => o.reachable === 'no' || o.reachable === 'partly')) reachable = 'partly';
  else reachable = 'yes';
  return {
    reachable,
    shadowedBy: uniqueRefs(on.flatMap((o) => o.shadowedBy)),
    reasons: [...new Set(on.map((o) => o.reason).filter((r): r is string => r !== undefined))],
    on,
  };
}

// ---- per listener ----

/** The host that stands for every request host a served hostname takes. */
function representativeHost(hostname: string, listener: GraphListener): string {
  if (hostname === '*') return listener.hostname?.startsWith('*.') ? `${UNNAMED_LABEL}${listener.hostname.slice(1)}` : (listener.hostname ?? `${UNNAMED_LABEL}.invalid`);
  return hostname.startsWith('*.') ? `${UNNAMED_LABEL}${hostname.slice(1)}` : hostname;
}

/** Routes on one listener by the hostnames they serve, to find those serving a host without a scan. */
class HostIndex {
  private readonly exact = new Map<string, GraphRoute[]>();
  private readonly wildcard = new Map<string, GraphRoute[]>();
  private readonly any: GraphRoute[] = [];

  add(route: GraphRoute, served: string[]): void {
    if (served.length === 0) {
      this.any.push(route);
      return;
    }
    for (const h of served) {
      const map = h.startsWith('*.') ? this.wildcard : this.exact;
      const list = map.get(h);
      if (list) list.push(route);
      else map.set(h, [route]);
    }
  }

  serving(host: string): GraphRoute[] {
    const out = new Set<GraphRoute>(this.exact.get(host) ?? []);
    for (const pattern of wildcardsCovering(host)) for (const r of this.wildcard.get(pattern) ?? []) out.add(r);
    for (const r of this.any) out.add(r);
    return [...out];
  }
}

function isHttpListener(l: GraphListener): boolean {
  const p = l.protocol.toUpperCase();
  return p === 'HTTP' || p === 'HTTPS';
}

function listenerVerdicts(gw: GraphGateway, listener: GraphListener, routes: GraphRoute[], shapes: (r: GraphRoute) => MatchShapes, out: Map<string, ReachabilityOn[][]>): void {
  const served = new Map(routes.map((r) => [r.id, servedHostnames(r, listener)]));
  // The only listener on its port takes every host that reaches the port.
  const alone = gw.listeners.every((l) => l === listener || l.port !== listener.port);
  const index = new HostIndex();
  for (const r of routes) index.add(r, served.get(r.id)!);
  // Routes by the host standing for each hostname they serve.
  const byHost = new Map<string, Array<{ route: GraphRoute; hostname: string }>>();
  for (const r of routes) {
    const list = served.get(r.id)!;
    for (const hostname of list.length > 0 ? list : ['*']) {
      const host = representativeHost(hostname, listener);
      const entry = byHost.get(host);
      if (entry) entry.push({ route: r, hostname });
      else byHost.set(host, [{ route: r, hostname }]);
    }
  }
  for (const [host, owners] of byHost) {
    const record = (route: GraphRoute, rule: number, on: ReachabilityOn) => out.get(route.id)![rule].push(on);
    const taker = alone ? listener : selectListener(gw.listeners, { host, port: listener.port }).listener;
    if (taker && taker.id !== listener.id) {
      // GatewaySpec.Listeners, Listener Isolation: the more specific listener takes the host.
      for (const { route, hostname } of owners) {
        route.rules.forEach((_, i) =>
          record(route, i, {
            listener: listener.id,
            hostname,
            reachable: 'no',
            shadowedBy: [],
            reason: `listener ${taker.name} takes ${hostname === '*' ? 'those hosts' : `host ${hostname}`} on port ${listener.port}, so listener ${listener.name} never sees its requests (listener isolation)`,
          }),
        );
      }
      continue;
    }
    const candidates: Cand[] = [];
    const byRule = new Map<string, Cand[]>();
    const serving = index.serving(host);
    for (const route of serving) {
      // Hostname precedence only orders different routes.
      const hostname = serving.length === 1 ? { nonWildcard: 0, chars: 0, hostname: host, originalNonWildcard: 0, originalChars: 0 } : routeHostnamePrecedence(host, served.get(route.id)!, route.hostnames);
      if (!hostname) continue;
      shapes(route).shapes.forEach((rule, ruleIndex) => {
        const ruleKey = `${route.id}#${ruleIndex}`;
        const list: Cand[] = [];
        rule.forEach(({ shape, spec }, match) => {
          if (shape.never) return;
          const c: Cand = {
            routeId: route.id,
            kind: route.kind,
            namespace: route.namespace,
            name: route.name,
            creationTimestamp: route.creationTimestamp,
            rule: ruleIndex,
            match,
            hostname,
            ...spec,
            pos: 0,
            ruleKey,
            route,
            shape,
          };
          candidates.push(c);
          list.push(c);
        });
        byRule.set(ruleKey, list);
      });
    }
    const fates = rankAndWalk(candidates);
    for (const { route, hostname } of owners) {
      route.rules.forEach((_, i) => {
        const matches = byRule.get(`${route.id}#${i}`) ?? [];
        if (matches.length === 0) {
          record(route, i, { listener: listener.id, hostname, reachable: 'no', shadowedBy: [], reason: `no match of rule #${i} can take a request (${hostWords(listener, hostname)})` });
          return;
        }
        record(route, i, verdictFor(matches, fates, listener, hostname));
      });
    }
  }
}

/**
 * The reachability of every rule of every HTTPRoute and GRPCRoute attached to an HTTP or HTTPS
 * listener, by route id (one entry per rule). Routes attached nowhere are left out.
 */
export function ruleReachability(graph: Graph): Map<string, RuleReachability[]> {
  const routesById = new Map(graph.routes.map((r) => [r.id, r]));
  const shapeCache = new Map<string, MatchShapes>();
  const shapes = (r: GraphRoute) => {
    let s = shapeCache.get(r.id);
    if (!s) {
      s = shapesOf(r);
      shapeCache.set(r.id, s);
    }
    return s;
  };
  const on = new Map<string, ReachabilityOn[][]>();
  for (const gw of graph.gateways) {
    for (const listener of gw.listeners.filter(isHttpListener)) {
      const attached = listener.routes.map((id) => routesById.get(id)).filter((r): r is GraphRoute => r !== undefined && ROUTE_KINDS_MATCHED.has(r.kind));
      for (const r of attached) if (!on.has(r.id)) on.set(r.id, r.rules.map(() => []));
      // HTTPRoutes and GRPCRoutes never compete (GRPCRouteRule.Matches: "Merging MUST not be done
      // between GRPCRoutes and HTTPRoutes").
      for (const kind of ROUTE_KINDS_MATCHED) {
        const routes = attached.filter((r) => r.kind === kind);
        if (routes.length > 0) listenerVerdicts(gw, listener, routes, shapes, on);
      }
    }
  }
  const out = new Map<string, RuleReachability[]>();
  for (const [id, perRule] of on) out.set(id, perRule.map((list) => aggregate(list)));
  return out;
}
