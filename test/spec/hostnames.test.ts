import assert from 'node:assert/strict';
import {
  effectiveHostnames,
  hostnameMatchesPattern,
  hostnamesIntersect,
  intersectHostname,
  stripPort,
  wildcardsCovering,
} from '../../src/spec/hostnames.js';

describe('spec/hostnames', () => {
  describe('hostnameMatchesPattern (a request host against a hostname)', () => {
    const cases: Array<[string, string | undefined, boolean]> = [
      // Listener.Hostname: "*.example.com would match both test.example.com, and
      // foo.test.example.com, but not example.com"
      ['test.example.com', '*.example.com', true],
      ['foo.test.example.com', '*.example.com', true],
      ['example.com', '*.example.com', false],
      ['test.example.net', '*.example.com', false],
      ['very.specific.com', 'very.specific.com', true],
      ['foo.specific.com', 'very.specific.com', false],
      // case-insensitive; the Host header's port is ignored (conformance: very.specific.com:1234)
      ['Very.Specific.COM', 'very.specific.com', true],
      ['very.specific.com:1234', 'very.specific.com', true],
      ['foo.wildcard.io:8080', '*.wildcard.io', true],
      // no hostname on the listener/route: every host
      ['anything.example', undefined, true],
      ['anything.example', '', true],
      ['xexample.com', '*.example.com', false],
    ];
    for (const [host, pattern, expected] of cases) {
      it(`${host} ${expected ? 'matches' : 'does not match'} ${pattern ?? '(none)'}`, () => {
        assert.equal(hostnameMatchesPattern(host, pattern), expected);
      });
    }
  });

  describe('intersectHostname (listener x route, the more specific wins)', () => {
    const cases: Array<[string, string, string | null]> = [
      // HTTPRouteSpec.Hostnames examples
      ['test.example.com', 'test.example.com', 'test.example.com'],
      ['test.example.com', '*.example.com', 'test.example.com'],
      ['*.example.com', '*.example.com', '*.example.com'],
      ['*.example.com', 'test.example.com', 'test.example.com'],
      ['*.example.com', 'foo.test.example.com', 'foo.test.example.com'],
      ['*.example.com', 'example.com', null],
      ['*.example.com', 'test.example.net', null],
      // conformance httproute-hostname-intersection
      ['very.specific.com', '*.specific.com', 'very.specific.com'],
      ['*.wildcard.io', 'wildcard.io', null],
      ['*.wildcard.io', '*.anotherwildcard.io', null],
      ['*.anotherwildcard.io', '*.anotherwildcard.io', '*.anotherwildcard.io'],
      // wildcard inside wildcard: the narrower one
      ['*.example.com', '*.foo.example.com', '*.foo.example.com'],
      ['*.foo.example.com', '*.example.com', '*.foo.example.com'],
      ['foo.example.com', '*.bar.example.com', null],
      ['Foo.Example.com', 'foo.example.COM', 'foo.example.com'],
    ];
    for (const [listener, routeHost, expected] of cases) {
      it(`listener ${listener} x route ${routeHost} -> ${expected ?? 'none'}`, () => {
        assert.equal(intersectHostname(listener, routeHost), expected);
        assert.equal(hostnamesIntersect(listener, routeHost), expected !== null);
      });
    }
    it('a listener without hostname intersects every route hostname', () => {
      assert.equal(hostnamesIntersect(undefined, 'anything.example.org'), true);
    });
  });

  describe('effectiveHostnames (what a route serves on one listener)', () => {
    it('neither has hostnames: every host ([])', () => {
      assert.deepEqual(effectiveHostnames(undefined, undefined), []);
    });
    it('only the listener has one: the listener hostname', () => {
      assert.deepEqual(effectiveHostnames('*.example.com', []), ['*.example.com']);
    });
    it('only the route has some: the route hostnames', () => {
      assert.deepEqual(effectiveHostnames(undefined, ['a.example.com', 'b.example.org']), ['a.example.com', 'b.example.org']);
    });
    it('"any HTTPRoute hostnames that do not match the Listener hostname MUST be ignored"', () => {
      assert.deepEqual(effectiveHostnames('*.example.com', ['test.example.com', 'test.example.net']), ['test.example.com']);
    });
    it('conformance specific-host-matches-listener-wildcard-host keeps the three matching names', () => {
      assert.deepEqual(
        effectiveHostnames('*.wildcard.io', ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io']),
        ['foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'],
      );
    });
    it('none intersect: null (the listener does not accept the route)', () => {
      assert.equal(effectiveHostnames('very.specific.com', ['specific.but.wrong.com', 'wildcard.io']), null);
    });
  });

  it('stripPort drops a port but leaves IPv6 addresses whole', () => {
    assert.equal(stripPort('a.example.com:8443'), 'a.example.com');
    assert.equal(stripPort('[::1]:8080'), '[::1]');
    assert.equal(stripPort('::1'), '::1');
    assert.equal(stripPort('a.example.com'), 'a.example.com');
  });

  it('wildcardsCovering lists exactly the wildcards hostnameMatchesPattern lets a host through', () => {
    assert.deepEqual(wildcardsCovering('a.b.example.com'), ['*.b.example.com', '*.example.com', '*.com']);
    assert.deepEqual(wildcardsCovering('Foo.Example.com.:8080'), ['*.example.com', '*.com']);
    assert.deepEqual(wildcardsCovering('localhost'), []);
    const patterns = ['*.example.com', '*.b.example.com', '*.a.b.example.com', '*.com', '*.other.com', '*.ample.com'];
    for (const host of ['a.b.example.com', 'b.example.com', 'example.com', 'x.other.com', 'xample.com']) {
      const covering = new Set(wildcardsCovering(host));
      for (const pattern of patterns) assert.equal(covering.has(pattern), hostnameMatchesPattern(host, pattern), `${host} ~ ${pattern}`);
    }
  });
});
