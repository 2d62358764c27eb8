import assert from 'node:assert/strict';
import { indexSnapshot } from '../../src/graph/indexes.js';
import type { Listener } from '../../src/model/objects.js';
import { defaultRouteKinds, routeNamespaceAllowed, supportedKinds } from '../../src/spec/allowed-routes.js';
import { labelSelectorMatches } from '../../src/spec/label-selectors.js';
import { cluster } from './cluster.js';

describe('spec/allowed-routes', () => {
  it('default kinds per protocol', () => {
    const kinds = (p: string, mode?: 'Terminate' | 'Passthrough') => defaultRouteKinds(p, mode).map((k) => k.kind);
    assert.deepEqual(kinds('HTTP'), ['HTTPRoute', 'GRPCRoute']);
    assert.deepEqual(kinds('HTTPS', 'Terminate'), ['HTTPRoute', 'GRPCRoute']);
    assert.deepEqual(kinds('TLS', 'Passthrough'), ['TLSRoute']);
    assert.deepEqual(kinds('TLS', 'Terminate'), ['TLSRoute', 'TCPRoute']);
    assert.deepEqual(kinds('TCP'), ['TCPRoute']);
    assert.deepEqual(kinds('UDP'), ['UDPRoute']);
    assert.deepEqual(kinds('example.com/custom'), []);
    assert.deepEqual(kinds('INVALID'), []);
    assert.deepEqual(kinds('http'), []);
  });

  it('a TLS Passthrough listener carries TLSRoute only: TCPRoute listed there is invalid (TLSRouteListenerPassthroughSupportedKinds)', () => {
    const passthrough: Listener = { name: 'l', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' }, allowedRoutes: { kinds: [{ kind: 'TCPRoute' }, { kind: 'TLSRoute' }] } };
    const gk = (kind: string) => ({ group: 'gateway.networking.k8s.io', kind });
    assert.deepEqual(supportedKinds(passthrough), { supported: [gk('TLSRoute')], invalid: [gk('TCPRoute')] });
    const terminate: Listener = { ...passthrough, tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] } };
    assert.deepEqual(supportedKinds(terminate), { supported: [gk('TCPRoute'), gk('TLSRoute')], invalid: [] });
  });

  it('an un-prefixed protocol that is not core carries no kind, listed or not', () => {
    const l: Listener = { name: 'l', port: 1111, protocol: 'INVALID', allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } };
    assert.deepEqual(supportedKinds(l), { supported: [], invalid: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] });
  });

  it('an implementation-specific protocol keeps the kinds it lists (the engine cannot judge them)', () => {
    const l: Listener = { name: 'l', port: 1, protocol: 'example.com/custom', allowedRoutes: { kinds: [{ group: 'example.com', kind: 'FooRoute' }] } };
    assert.deepEqual(supportedKinds(l), { supported: [{ group: 'example.com', kind: 'FooRoute' }], invalid: [] });
  });

  describe('labelSelectorMatches (metav1.LabelSelector)', () => {
    const labels = { env: 'prod', team: 'web' };
    const cases: Array<[string, Parameters<typeof labelSelectorMatches>[0], boolean]> = [
      ['{} matches everything', {}, true],
      ['no selector matches nothing', undefined, false],
      ['matchLabels', { matchLabels: { env: 'prod' } }, true],
      ['matchLabels, wrong value', { matchLabels: { env: 'dev' } }, false],
      ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, true],
      ['NotIn on an absent key', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, true],
      ['Exists', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, true],
      ['DoesNotExist', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, false],
      ['labels AND expressions', { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'In', values: ['ops'] }] }, false],
    ];
    for (const [name, selector, expected] of cases) {
      it(name, () => assert.equal(labelSelectorMatches(selector, labels), expected));
    }
  });

  it('from: None admits no namespace', () => {
    const index = indexSnapshot(cluster(''));
    const l: Listener = { name: 'l', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'None' } } };
    const v = routeNamespaceAllowed(l, { kind: 'Gateway', namespace: 'infra' }, 'infra', index);
    assert.equal(v.allowed, false);
    assert.equal(v.message, 'no namespace is allowed (allowedRoutes.namespaces.from: None)');
  });
});
