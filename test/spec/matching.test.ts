import assert from 'node:assert/strict';
import type { GRPCRouteMatch, HTTPPathMatch, HTTPRouteMatch } from '../../src/model/objects.js';
import {
  compareRuleCandidates,
  evaluateGRPCMatch,
  evaluateHTTPMatch,
  grpcMatchSpecificity,
  httpMatchSpecificity,
  parseRequestTarget,
  pathMatches,
  rankRuleCandidates,
  regexDecided,
  requestFacts,
  routeHostnamePrecedence,
  ruleMatchSpecificity,
  type HostnamePrecedence,
  type RuleCandidate,
} from '../../src/spec/matching.js';

const req = (path: string, extra: { method?: string; headers?: Record<string, string>; host?: string } = {}) =>
  requestFacts({ host: extra.host ?? 'example.com', path, method: extra.method, headers: extra.headers });

describe('spec/matching: path matches (HTTPPathMatch, PathMatchType)', () => {
  const cases: Array<[HTTPPathMatch | undefined, string, boolean]> = [
    // Exact: "an exact path match on /abc will only match requests to /abc, NOT /abc/, /Abc, or /abcd"
    [{ type: 'Exact', value: '/abc' }, '/abc', true],
    [{ type: 'Exact', value: '/abc' }, '/abc/', false],
    [{ type: 'Exact', value: '/abc' }, '/Abc', false],
    [{ type: 'Exact', value: '/abc' }, '/abcd', false],
    // PathPrefix: "/abc, /abc/, and /abc/def would all match the prefix /abc, but the path /abcd would not"
    [{ type: 'PathPrefix', value: '/abc' }, '/abc', true],
    [{ type: 'PathPrefix', value: '/abc' }, '/abc/', true],
    [{ type: 'PathPrefix', value: '/abc' }, '/abc/def', true],
    [{ type: 'PathPrefix', value: '/abc' }, '/abcd', false],
    [{ type: 'PathPrefix', value: '/foo' }, '/foobar', false],
    [{ type: 'PathPrefix', value: '/abc' }, '/ABC', false],
    // "When specified, a trailing / is ignored"
    [{ type: 'PathPrefix', value: '/abc/' }, '/abc', true],
    [{ type: 'PathPrefix', value: '/abc/' }, '/abc/def', true],
    [{ type: 'PathPrefix', value: '/abc/' }, '/abcd', false],
    [{ type: 'PathPrefix', value: '/' }, '/anything/at/all', true],
    [{ type: 'PathPrefix', value: '/' }, '/', true],
    // The default: PathPrefix "/"
    [undefined, '/x', true],
    [{ value: '/v2' }, '/v2/example', true],
    [{ type: 'PathPrefix' }, '/x', true],
    // RegularExpression: whole path, case-sensitive
    [{ type: 'RegularExpression', value: '/api/v[0-9]+' }, '/api/v12', true],
    [{ type: 'RegularExpression', value: '/api/v[0-9]+' }, '/api/v1/users', false],
    [{ type: 'RegularExpression', value: '/api/v[0-9]+' }, '/xapi/v1', false],
    [{ type: 'RegularExpression', value: '/api/v[0-9' }, '/api/v1', false],
  ];
  for (const [match, path, want] of cases) {
    it(`${match?.type ?? '(default)'} ${match?.value ?? ''} ${want ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(pathMatches(match, path), want);
    });
  }
});

describe('spec/matching: request facts', () => {
  it('splits the query string off the path and keeps the first value of a repeated param', () => {
    assert.deepEqual(parseRequestTarget('/a/b?x=1&y=2&x=3#frag'), { path: '/a/b', query: { x: '1', y: '2' } });
    assert.deepEqual(parseRequestTarget('noslash'), { path: '/noslash', query: {} });
  });
  it('strips the port from the host, lower-cases header names and upper-cases the method', () => {
    const f = requestFacts({ host: 'Very.Specific.com:1234', path: '/s1?a=b', method: 'post', headers: { 'X-Env': 'Prod' } });
    assert.equal(f.host, 'very.specific.com');
    assert.equal(f.method, 'POST');
    assert.deepEqual(f.headers, { 'x-env': 'Prod' });
    assert.deepEqual(f.query, { a: 'b' });
  });
});

describe('spec/matching: one match (fields ANDed)', () => {
  it('matches header names case-insensitively and values exactly', () => {
    const m: HTTPRouteMatch = { headers: [{ name: 'Version', value: 'two' }] };
    assert.equal(evaluateHTTPMatch(m, req('/', { headers: { version: 'two' } })).matched, true);
    assert.equal(evaluateHTTPMatch(m, req('/', { headers: { VERSION: 'two' } })).matched, true);
    const miss = evaluateHTTPMatch(m, req('/', { headers: { version: 'Two' } }));
    assert.equal(miss.matched, false);
    assert.match(miss.failures[0], /header Version=Two does not match header Version=two/);
    assert.match(evaluateHTTPMatch(m, req('/')).failures[0], /header Version is missing/);
  });

  it('considers only the first of two header matches with an equivalent name', () => {
    const m: HTTPRouteMatch = { headers: [{ name: 'color', value: 'blue' }, { name: 'Color', value: 'red' }] };
    assert.equal(evaluateHTTPMatch(m, req('/', { headers: { color: 'blue' } })).matched, true);
    assert.equal(httpMatchSpecificity(m).headers, 1);
  });

  it('matches RegularExpression header values against the whole value', () => {
    const m: HTTPRouteMatch = { headers: [{ type: 'RegularExpression', name: 'x-id', value: '[0-9]+' }] };
    const hit = evaluateHTTPMatch(m, req('/', { headers: { 'x-id': '42' } }));
    assert.equal(hit.matched, true);
    assert.equal(hit.usesRegex, true);
    assert.equal(evaluateHTTPMatch(m, req('/', { headers: { 'x-id': '42a' } })).matched, false);
  });

  it('matches query param names exactly (case-sensitive) and values exactly', () => {
    const m: HTTPRouteMatch = { queryParams: [{ name: 'animal', value: 'whale' }] };
    assert.equal(evaluateHTTPMatch(m, req('/?animal=whale&other=1')).matched, true);
    assert.equal(evaluateHTTPMatch(m, req('/?ANIMAL=whale')).matched, false);
    assert.equal(evaluateHTTPMatch(m, req('/?animal=whaledolphin')).matched, false);
  });

  it('requires the method when one is set', () => {
    const m: HTTPRouteMatch = { method: 'POST' };
    assert.equal(evaluateHTTPMatch(m, req('/', { method: 'post' })).matched, true);
    const miss = evaluateHTTPMatch(m, req('/', { method: 'GET' }));
    assert.deepEqual(miss.failures, ['method GET is not POST']);
  });

  it('reports every failed condition', () => {
    const m: HTTPRouteMatch = { path: { type: 'PathPrefix', value: '/path4' }, method: 'DELETE', headers: [{ name: 'version', value: 'three' }] };
    const v = evaluateHTTPMatch(m, req('/other', { method: 'GET' }));
    assert.equal(v.failures.length, 3);
  });
});

describe('spec/matching: one rule (matches ORed)', () => {
  it('counts the most specific of the matches that match', () => {
    const matches: HTTPRouteMatch[] = [{ path: { type: 'PathPrefix', value: '/' } }, { headers: [{ name: 'version', value: 'two' }] }];
    const r = ruleMatchSpecificity('HTTPRoute', matches, req('/', { headers: { version: 'two' } }));
    assert.equal(r.matched, true);
    assert.equal(r.match, 1);
    assert.equal(r.http?.headers, 1);
  });

  it('defaults to PathPrefix / when the rule has no matches', () => {
    const r = ruleMatchSpecificity('HTTPRoute', [], req('/anything'));
    assert.equal(r.matched, true);
    assert.deepEqual(r.http, { pathType: 'PathPrefix', pathLength: 1, method: false, headers: 0, queryParams: 0 });
  });

  it('returns the nearest miss when nothing matches', () => {
    const matches: HTTPRouteMatch[] = [
      { path: { type: 'Exact', value: '/a' }, method: 'POST', headers: [{ name: 'h', value: 'v' }] },
      { path: { type: 'PathPrefix', value: '/b' } },
    ];
    const r = ruleMatchSpecificity('HTTPRoute', matches, req('/c'));
    assert.equal(r.matched, false);
    assert.equal(r.match, 1);
    assert.deepEqual(r.verdict.failures, ['path /c does not match PathPrefix /b']);
  });
});

describe('spec/matching: GRPCRoute matches', () => {
  const echo = '/gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho/Echo';
  it('matches service and method from the /service/method path', () => {
    const m: GRPCRouteMatch = { method: { service: 'gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho', method: 'Echo' } };
    assert.equal(evaluateGRPCMatch(m, req(echo)).matched, true);
    assert.equal(evaluateGRPCMatch(m, req('/gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho/EchoTwo')).matched, false);
    assert.equal(evaluateGRPCMatch({ method: { method: 'Echo' } }, req(echo)).matched, true);
    assert.equal(evaluateGRPCMatch({}, req(echo)).matched, true);
  });
  it('matches RegularExpression service and method as whole values', () => {
    const m: GRPCRouteMatch = { method: { type: 'RegularExpression', service: '.*GrpcEcho', method: 'Echo.*' } };
    assert.equal(evaluateGRPCMatch(m, req(echo)).matched, true);
    assert.equal(evaluateGRPCMatch(m, req('/a.Other/Echo')).matched, false);
  });
  it('measures service characters, then method characters, then headers', () => {
    assert.deepEqual(grpcMatchSpecificity({ method: { service: 'a.B', method: 'Run' }, headers: [{ name: 'x', value: 'y' }] }), { service: 3, method: 3, headers: 1 });
  });
});

describe('spec/matching: hostname precedence (HTTPRouteSpec.Hostnames)', () => {
  it('counts the longest matching non-wildcard hostname, then the longest matching hostname', () => {
    assert.deepEqual(routeHostnamePrecedence('foo.example.com', ['foo.example.com', '*.example.com'], ['foo.example.com', '*.example.com']), {
      nonWildcard: 15,
      chars: 15,
      hostname: 'foo.example.com',
      originalNonWildcard: 15,
      originalChars: 15,
    });
    const wildcard = routeHostnamePrecedence('foo.example.com', ['*.example.com'], ['*.example.com']);
    assert.equal(wildcard?.nonWildcard, 0);
    assert.equal(wildcard?.chars, 13);
  });
  it('serves every host when the route has no effective hostnames, and none it does not list', () => {
    assert.equal(routeHostnamePrecedence('any.host', [], [])?.hostname, '*');
    assert.equal(routeHostnamePrecedence('example.net', ['example.com'], ['example.com']), null);
    assert.equal(routeHostnamePrecedence('wildcard.io', ['*.wildcard.io'], ['*.wildcard.io']), null);
  });
});

describe('spec/matching: precedence across rules (HTTPRouteRule.Matches)', () => {
  const host = (chars = 0, nonWildcard = 0, hostname = '*'): HostnamePrecedence => ({ nonWildcard, chars, hostname, originalNonWildcard: nonWildcard, originalChars: chars });
  const cand = (over: Partial<RuleCandidate> & { m?: HTTPRouteMatch }): RuleCandidate => ({
    routeId: `HTTPRoute/${over.namespace ?? 'ns'}/${over.name ?? 'r'}`,
    kind: 'HTTPRoute',
    namespace: 'ns',
    name: 'r',
    rule: 0,
    match: 0,
    hostname: host(),
    http: httpMatchSpecificity(over.m ?? {}),
    ...over,
  });

  const table: Array<{ title: string; a: RuleCandidate; b: RuleCandidate; decidedBy: string }> = [
    { title: 'Exact beats a longer PathPrefix', a: cand({ m: { path: { type: 'Exact', value: '/a' } } }), b: cand({ name: 's', m: { path: { type: 'PathPrefix', value: '/a/very/long' } } }), decidedBy: 'path-type' },
    { title: 'the longest PathPrefix wins', a: cand({ m: { path: { value: '/match/prefix/one' } } }), b: cand({ name: 's', m: { path: { value: '/match/prefix/' } } }), decidedBy: 'path-length' },
    { title: 'a method match beats more headers', a: cand({ m: { method: 'PATCH' } }), b: cand({ name: 's', m: { headers: [{ name: 'a', value: 'b' }] } }), decidedBy: 'method' },
    {
      title: 'more header matches win',
      a: cand({ m: { headers: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] } }),
      b: cand({ name: 's', m: { headers: [{ name: 'a', value: '1' }], queryParams: [{ name: 'q', value: '1' }] } }),
      decidedBy: 'headers',
    },
    { title: 'more query param matches win', a: cand({ m: { queryParams: [{ name: 'a', value: '1' }] } }), b: cand({ name: 's', m: {} }), decidedBy: 'query-params' },
    {
      title: 'RegularExpression sits between Exact and PathPrefix (implementation-specific)',
      a: cand({ m: { path: { type: 'RegularExpression', value: '/a/.*' } } }),
      b: cand({ name: 's', m: { path: { type: 'PathPrefix', value: '/a/b/c/d' } } }),
      decidedBy: 'path-type',
    },
    { title: 'a longer exact hostname comes before any path', a: cand({ hostname: host(11, 11, 'example.com'), m: {} }), b: cand({ name: 's', hostname: host(5, 0, '*.com'), m: { path: { type: 'Exact', value: '/' } } }), decidedBy: 'hostname-non-wildcard' },
    { title: 'a longer wildcard hostname beats a shorter one', a: cand({ hostname: host(17, 0, '*.foo.example.com') }), b: cand({ name: 's', hostname: host(13, 0, '*.example.com') }), decidedBy: 'hostname-characters' },
    {
      title: 'equal intersections go on to the match and the tie-breaks, whatever the routes\' own hostnames (released spec)',
      a: cand({ name: 's', hostname: { nonWildcard: 0, chars: 9, hostname: '*.foo.com', originalNonWildcard: 0, originalChars: 5 }, creationTimestamp: '2020-01-01T00:00:00Z' }),
      b: cand({ hostname: { nonWildcard: 0, chars: 9, hostname: '*.foo.com', originalNonWildcard: 0, originalChars: 9 } }),
      decidedBy: 'creation-timestamp',
    },
    { title: 'on a tie the oldest route wins', a: cand({ name: 'z', creationTimestamp: '2024-01-01T00:00:00Z' }), b: cand({ name: 'a', creationTimestamp: '2024-06-01T00:00:00Z' }), decidedBy: 'creation-timestamp' },
    { title: 'a route without creationTimestamp counts as the newest', a: cand({ name: 'z', creationTimestamp: '2024-01-01T00:00:00Z' }), b: cand({ name: 'a' }), decidedBy: 'creation-timestamp' },
    { title: 'then namespace/name alphabetically', a: cand({ namespace: 'a', name: 'z' }), b: cand({ namespace: 'b', name: 'a' }), decidedBy: 'namespace-name' },
    { title: 'then the first rule of the route', a: cand({ rule: 1 }), b: cand({ rule: 3 }), decidedBy: 'rule-order' },
  ];
  for (const t of table) {
    it(t.title, () => {
      const ab = compareRuleCandidates(t.a, t.b);
      assert.ok(ab.order < 0, `a should come first, got ${ab.order}`);
      assert.equal(ab.decidedBy, t.decidedBy);
      const ba = compareRuleCandidates(t.b, t.a);
      assert.ok(ba.order > 0, `b should come second, got ${ba.order}`);
      assert.deepEqual(rankRuleCandidates([t.b, t.a]), [t.a, t.b]);
    });
  }

  it('the original-hostname precedence of proposal #5212 applies only when asked for', () => {
    const own = cand({ hostname: { nonWildcard: 0, chars: 9, hostname: '*.foo.com', originalNonWildcard: 0, originalChars: 9 } });
    const older = cand({ name: 's', hostname: { nonWildcard: 0, chars: 9, hostname: '*.foo.com', originalNonWildcard: 0, originalChars: 5 }, creationTimestamp: '2020-01-01T00:00:00Z' });
    assert.equal(compareRuleCandidates(own, older).decidedBy, 'creation-timestamp');
    const asked = compareRuleCandidates(own, older, { originalHostnames: true });
    assert.ok(asked.order < 0);
    assert.equal(asked.decidedBy, 'original-hostname');
    assert.deepEqual(rankRuleCandidates([older, own], { originalHostnames: true }), [own, older]);
  });

  it('says when a RegularExpression path decided', () => {
    const regex = table[5];
    assert.equal(regexDecided(regex.a, regex.b, 'path-type'), true);
    assert.equal(regexDecided(table[0].a, table[0].b, 'path-type'), false);
  });

  it('orders gRPC candidates by service, then method, then headers', () => {
    const g = (name: string, m: GRPCRouteMatch): RuleCandidate => ({
      routeId: `GRPCRoute/ns/${name}`,
      kind: 'GRPCRoute',
      namespace: 'ns',
      name,
      rule: 0,
      match: 0,
      hostname: host(),
      grpc: grpcMatchSpecificity(m),
    });
    const service = g('a', { method: { service: 'pkg.Svc' } });
    const method = g('b', { method: { method: 'Echo' }, headers: [{ name: 'x', value: '1' }] });
    const both = g('c', { method: { service: 'pkg.Svc', method: 'Echo' } });
    assert.deepEqual(rankRuleCandidates([method, service, both]).map((c) => c.name), ['c', 'a', 'b']);
    assert.equal(compareRuleCandidates(service, method).decidedBy, 'grpc-service');
    assert.equal(compareRuleCandidates(both, service).decidedBy, 'grpc-method');
  });
});
