// Which rules can receive a request at all, from the spec's precedence text (httproute_types.go
// HTTPRouteRule.Matches and HTTPRouteSpec.Hostnames, grpcroute_types.go GRPCRouteRule.Matches),
// then held against the prediction `kubectl gw curl` makes for every request of a small universe.
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import type { Graph, RuleReachability } from '../../src/model/graph.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { predict } from '../../src/probe/predict.js';
import { CLASS, graphOf, route } from './cluster.js';

interface RouteDef {
  kind?: 'HTTPRoute' | 'GRPCRoute';
  name: string;
  namespace?: string;
  created?: string;
  hostnames?: string[];
  sectionName?: string;
  rules: Array<{ matches?: unknown[] }>;
}

const OLD = '2025-01-01T00:00:00Z';
const NEW = '2025-06-01T00:00:00Z';
const LISTENERS = [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }];

function gatewayYaml(listeners: unknown[] = LISTENERS): string {
  return stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'infra' }, spec: { gatewayClassName: 'gw-class', listeners } });
}

function routeYaml(r: RouteDef): string {
  return stringify({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: r.kind ?? 'HTTPRoute',
    metadata: { name: r.name, namespace: r.namespace ?? 'infra', ...(r.created ? { creationTimestamp: r.created } : {}) },
    spec: {
      parentRefs: [{ name: 'gw', namespace: 'infra', ...(r.sectionName ? { sectionName: r.sectionName } : {}) }],
      ...(r.hostnames ? { hostnames: r.hostnames } : {}),
      rules: r.rules.map((rule) => ({ ...(rule.matches ? { matches: rule.matches } : {}), backendRefs: [{ name: 'svc', port: 80 }] })),
    },
  });
}

function build(routes: RouteDef[], listeners?: unknown[]): Graph {
  return graphOf([CLASS, gatewayYaml(listeners), ...routes.map(routeYaml)].join('\n---\n'));
}

function reach(g: Graph, id: string, rule = 0): RuleReachability {
  const r = route(g, id).rules[rule].reachability;
  assert.ok(r, `${id} rule ${rule} has no reachability`);
  return r;
}

const prefix = (value: string, extra: object = {}) => ({ path: { type: 'PathPrefix', value }, ...extra });
const exact = (value: string, extra: object = {}) => ({ path: { type: 'Exact', value }, ...extra });
const hdr = (name: string, value: string, type = 'Exact') => ({ name, value, type });

interface Case {
  title: string;
  routes: RouteDef[];
  listeners?: unknown[];
  /** "Kind/ns/name#rule" -> expected verdict */
  want: Record<string, RuleReachability['reachable']>;
  /** A reason (of the first rule in `want` whose verdict is not yes) must match. */
  reason?: RegExp;
  shadowedBy?: string[];
}

const cases: Case[] = [
  {
    title: 'the younger of two routes with the same match gets nothing: "The oldest Route based on creation timestamp"',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/')] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'no' },
    reason: /HTTPRoute infra\/old rule #0 is older and matches every request rule #0 would \(listener http, any host\)/,
    shadowedBy: ['HTTPRoute/infra/old#0'],
  },
  {
    title: 'equally old: "The Route appearing first in alphabetical order by {namespace}/{name}"',
    routes: [
      { name: 'same', namespace: 'b', created: OLD, rules: [{}] },
      { name: 'same', namespace: 'a', created: OLD, rules: [{}] },
    ],
    want: { 'HTTPRoute/a/same#0': 'yes', 'HTTPRoute/b/same#0': 'no' },
    reason: /HTTPRoute a\/same rule #0 comes first by namespace\/name/,
  },
  {
    title: 'within one route: "the FIRST matching rule (in list order)"',
    routes: [{ name: 'one', rules: [{ matches: [prefix('/api')] }, { matches: [prefix('/api')] }] }],
    want: { 'HTTPRoute/infra/one#0': 'yes', 'HTTPRoute/infra/one#1': 'no' },
    reason: /rule #0 comes first in the route and matches every request rule #1 would/,
  },
  {
    title: 'the younger route wins with more header matches ("Largest number of header matches"): carving, both reachable',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x-env', 'canary')] })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'the younger route wins with a longer prefix ("Prefix path match with largest number of characters")',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/api')] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'the younger route wins with Exact over a prefix of the same path ("Exact path match" first)',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/healthz')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [exact('/healthz')] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'the younger route wins with a method match ("Method match")',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { method: 'POST' })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'the younger route wins with more query param matches',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/', { headers: [hdr('x', '1')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x', '1')], queryParams: [hdr('q', '1')] })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'an older broader match shadows a younger one with the same conditions (header names are case-insensitive)',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/api', { headers: [hdr('X-Env', 'canary')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/api/v1', { headers: [hdr('x-env', 'canary')] }), prefix('/api/v1', { headers: [hdr('x-env', 'canary')] })] }] },
    ],
    // /api/v1 is the longer prefix, so young ranks first: carving the other way round.
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'a header match that the other rule also requires does not help when that rule ranks first',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/', { headers: [hdr('x-env', 'canary')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x-env', 'canary', 'RegularExpression')] })] }] },
    ],
    // "^canary$"-like patterns read literally: the regex "canary" accepts exactly "canary".
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'no' },
  },
  {
    title: 'equally specific matches on different headers share requests: the younger loses those by a tie-break only',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/', { headers: [hdr('x-a', '1')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x-b', '1')] })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'partly' },
    reason: /requests that HTTPRoute infra\/old rule #0 matches as well go there only by a tie-break: it is older/,
  },
  {
    title: 'equally specific matches that share no request (one header, two values) are both reachable',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/', { headers: [hdr('x-env', 'prod')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x-env', 'canary')] })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'yes' },
  },
  {
    title: 'a rule whose matches are ORed is partly reachable when one of them loses by a tie-break',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/a')] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/a'), prefix('/b')] }] },
    ],
    want: { 'HTTPRoute/infra/young#0': 'partly' },
  },
  {
    title: 'HTTPMethod is an enum: nine method-specific rules take every request of a rule without one',
    routes: [
      { name: 'verbs', created: NEW, rules: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].map((method) => ({ matches: [prefix('/', { method })] })) },
      { name: 'any', created: OLD, rules: [{ matches: [prefix('/')] }] },
    ],
    want: { 'HTTPRoute/infra/any#0': 'no', 'HTTPRoute/infra/verbs#0': 'yes' },
    reason: /HTTPRoute infra\/verbs rule #0, .*rule #8 rank first and between them match every request/,
  },
  {
    title: 'eight of the nine methods leave the ninth to the rule without one',
    routes: [
      { name: 'verbs', created: NEW, rules: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'].map((method) => ({ matches: [prefix('/', { method })] })) },
      { name: 'any', created: OLD, rules: [{ matches: [prefix('/')] }] },
    ],
    want: { 'HTTPRoute/infra/any#0': 'yes' },
  },
  {
    title: 'a more specific hostname takes a host first ("Characters in a matching non-wildcard hostname")',
    routes: [
      { name: 'wild', created: OLD, hostnames: ['*.example.com'], rules: [{}] },
      { name: 'foo', created: NEW, hostnames: ['foo.example.com'], rules: [{}] },
      { name: 'both', created: NEW, hostnames: ['foo.example.com', 'bar.example.com'], rules: [{ matches: [prefix('/x')] }] },
      { name: 'foo2', created: NEW, hostnames: ['foo.example.com'], rules: [{ matches: [prefix('/x')] }] },
    ],
    // wild keeps every other host; on foo.example.com "both" ranks before foo2 by name alone, and
    // foo2 serves no other host.
    want: { 'HTTPRoute/infra/wild#0': 'yes', 'HTTPRoute/infra/foo#0': 'yes', 'HTTPRoute/infra/foo2#0': 'no', 'HTTPRoute/infra/both#0': 'yes' },
  },
  {
    title: 'no on one hostname, yes on another: partly',
    routes: [
      { name: 'old', created: OLD, hostnames: ['a.example.com'], rules: [{}] },
      { name: 'young', created: NEW, hostnames: ['a.example.com', 'b.example.com'], rules: [{}] },
    ],
    want: { 'HTTPRoute/infra/young#0': 'partly' },
    reason: /HTTPRoute infra\/old rule #0 is older and matches every request rule #0 would \(listener http, host a\.example\.com\)/,
  },
  {
    title: 'a wildcard route is shadowed only by routes that take every host under it',
    routes: [
      { name: 'any', created: OLD, rules: [{}] },
      { name: 'wild', created: NEW, hostnames: ['*.example.com'], rules: [{}] },
      { name: 'narrow', created: OLD, hostnames: ['*.a.example.com'], rules: [{}] },
    ],
    want: { 'HTTPRoute/infra/any#0': 'yes', 'HTTPRoute/infra/wild#0': 'yes', 'HTTPRoute/infra/narrow#0': 'yes' },
  },
  {
    title: 'listener isolation: a more specific listener on the port takes the host first',
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'wild', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
    ],
    routes: [{ name: 'lost', hostnames: ['a.example.com'], sectionName: 'http', rules: [{}] }],
    want: { 'HTTPRoute/infra/lost#0': 'no' },
    reason: /listener wild takes host a\.example\.com on port 80, so listener http never sees its requests/,
  },
  {
    title: 'a RegularExpression path decides: unknown',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/api(/.*)?' } }] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/api')] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'unknown' },
    reason: /a regular expression decides whether HTTPRoute infra\/old rule #0 takes every request/,
  },
  {
    title: 'a regular expression header value that accepts the exact value of an earlier rule covers it',
    routes: [
      { name: 'old', created: OLD, rules: [{ matches: [prefix('/', { headers: [hdr('x-v', 'v[0-9]+', 'RegularExpression')] })] }] },
      { name: 'young', created: NEW, rules: [{ matches: [prefix('/', { headers: [hdr('x-v', 'v2')] })] }] },
    ],
    want: { 'HTTPRoute/infra/old#0': 'yes', 'HTTPRoute/infra/young#0': 'no' },
  },
  {
    title: 'GRPCRoute: the same service with a method is more specific ("Characters in a matching method")',
    routes: [
      { kind: 'GRPCRoute', name: 'svc', created: OLD, rules: [{ matches: [{ method: { service: 'pkg.Svc' } }] }] },
      { kind: 'GRPCRoute', name: 'get', created: NEW, rules: [{ matches: [{ method: { service: 'pkg.Svc', method: 'Get' } }] }] },
      { kind: 'GRPCRoute', name: 'dup', created: NEW, rules: [{ matches: [{ method: { service: 'pkg.Svc' } }] }] },
      { kind: 'GRPCRoute', name: 'all', created: NEW, rules: [{}] },
    ],
    want: { 'GRPCRoute/infra/svc#0': 'yes', 'GRPCRoute/infra/get#0': 'yes', 'GRPCRoute/infra/dup#0': 'no', 'GRPCRoute/infra/all#0': 'yes' },
  },
  {
    title: 'HTTPRoutes and GRPCRoutes never compete ("Merging MUST not be done between GRPCRoutes and HTTPRoutes")',
    routes: [
      { name: 'http', created: OLD, rules: [{}] },
      { kind: 'GRPCRoute', name: 'grpc', created: NEW, rules: [{}] },
    ],
    want: { 'HTTPRoute/infra/http#0': 'yes', 'GRPCRoute/infra/grpc#0': 'yes' },
  },
];

describe('spec/reachability: rules no request can reach', () => {
  for (const c of cases) {
    it(c.title, () => {
      const g = build(c.routes, c.listeners);
      for (const [key, want] of Object.entries(c.want)) {
        const [id, rule] = key.split('#');
        const r = reach(g, id, Number(rule));
        assert.equal(r.reachable, want, `${key}: ${r.reasons.join('; ')}`);
      }
      const first = Object.keys(c.want).find((k) => c.want[k] !== 'yes');
      if (c.reason && first) {
        const [id, rule] = first.split('#');
        assert.match(reach(g, id, Number(rule)).reasons.join('\n'), c.reason);
      }
      if (c.shadowedBy && first) {
        const [id, rule] = first.split('#');
        const by = reach(g, id, Number(rule)).shadowedBy.map((s) => `${s.route.kind}/${s.route.namespace}/${s.route.name}#${s.rule}`);
        assert.deepEqual(by, c.shadowedBy);
      }
    });
  }

  it('the bundled example: store/store-sale never gets a request, store/store rule #2 takes them', () => {
    const g = build([
      { name: 'store', namespace: 'store', created: '2025-01-12T10:00:00Z', hostnames: ['store.example.com'], rules: [{ matches: [exact('/healthz')] }, { matches: [prefix('/', { headers: [hdr('x-env', 'canary')] })] }, { matches: [prefix('/')] }] },
      { name: 'store-sale', namespace: 'store', created: '2025-11-20T17:05:33Z', hostnames: ['store.example.com'], rules: [{ matches: [prefix('/')] }] },
    ]);
    assert.deepEqual(
      route(g, 'HTTPRoute/store/store').rules.map((r) => r.reachability?.reachable),
      ['yes', 'yes', 'yes'],
    );
    const sale = reach(g, 'HTTPRoute/store/store-sale');
    assert.equal(sale.reachable, 'no');
    assert.deepEqual(sale.shadowedBy, [{ route: { kind: 'HTTPRoute', namespace: 'store', name: 'store' }, rule: 2 }]);
  });

  it('routes attached to no HTTP listener carry no verdict', () => {
    const g = build([{ name: 'r', sectionName: 'nope', rules: [{}] }]);
    assert.equal(route(g, 'HTTPRoute/infra/r').rules[0].reachability, undefined);
  });
});

// ---- against the prediction, request by request ----

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['/', '/a', '/a/b'];
// Every path the matches name, and one below each that no match names.
const REQUEST_PATHS = PATHS.flatMap((p) => [p, `${p.replace(/\/$/, '')}/z`]);
const METHODS = ['GET', 'POST', 'PUT'];
// Absent stands for any value no match names.
const HEADER_VALUES = [undefined, '1', '2'];

function randomRoutes(next: () => number, fewest: number, spread: number): RouteDef[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const routes: RouteDef[] = [];
  const count = fewest + Math.floor(next() * spread);
  for (let i = 0; i < count; i++) {
    const rules = Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
      const matches = Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
        const m: Record<string, unknown> = { path: { type: pick(['Exact', 'PathPrefix', 'PathPrefix']), value: pick(PATHS) } };
        if (next() < 0.3) m.method = pick(METHODS);
        const headers = (['x', 'y'] as const).filter(() => next() < 0.35).map((name) => hdr(name, pick(['1', '2'])));
        if (headers.length) m.headers = headers;
        return m;
      });
      return { matches };
    });
    routes.push({ name: `r${i}`, created: pick([OLD, NEW]), hostnames: next() < 0.3 ? ['h.example.com'] : undefined, rules });
  }
  return routes;
}

describe('spec/reachability: agrees with the prediction for every request of a small universe', () => {
  // 2-4 routes: a few matches per host, compared one by one; 14-17 routes: enough matches for
  // the indexed walk.
  const configs = [...Array.from({ length: 16 }, (_, i) => ({ seed: i + 1, fewest: 2, spread: 3 })), ...Array.from({ length: 6 }, (_, i) => ({ seed: 101 + i, fewest: 14, spread: 4 }))];
  for (const { seed, fewest, spread } of configs) {
    it(`random configuration ${seed} (${fewest}+ routes)`, () => {
      const routes = randomRoutes(rng(seed), fewest, spread);
      const g = build(routes);
      const reached = new Set<string>();
      for (const host of ['h.example.com', 'other.example.com']) {
        for (const path of REQUEST_PATHS) {
          for (const method of [...METHODS, 'DELETE']) {
            for (const x of HEADER_VALUES) {
              for (const y of HEADER_VALUES) {
                const headers: Record<string, string> = {};
                if (x) headers.x = x;
                if (y) headers.y = y;
                const p = predict(g, emptySnapshot(), 'infra/gw', { host, path, method, headers, port: 80 });
                if (p.expected) reached.add(`${p.expected.route.kind}/${p.expected.route.namespace}/${p.expected.route.name}#${p.expected.rule}`);
              }
            }
          }
        }
      }
      for (const r of g.routes) {
        for (const rule of r.rules) {
          const key = `${r.id}#${rule.index}`;
          const verdict = rule.reachability?.reachable;
          const config = JSON.stringify(routes);
          if (verdict === 'no') assert.ok(!reached.has(key), `${key} is said unreachable, yet curl predicts it for some request: ${config}`);
          else assert.ok(reached.has(key), `${key} is said ${verdict}, yet no request reaches it: ${rule.reachability?.reasons.join('; ')} ${config}`);
        }
      }
    });
  }
});
