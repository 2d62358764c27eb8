import assert from 'node:assert/strict';
import type { GraphListener } from '../../src/model/graph.js';
import { selectListener } from '../../src/spec/listener-selection.js';

function listener(name: string, port: number, protocol: string, hostname?: string, accepted = true): GraphListener {
  return {
    id: `Gateway/ns/gw#${name}`,
    gateway: 'Gateway/ns/gw',
    name,
    protocol,
    port,
    hostname,
    allowedNamespaces: 'Same',
    supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
    certificates: [],
    computed: [
      accepted
        ? { type: 'Accepted', status: 'True', reason: 'Accepted', message: '' }
        : { type: 'Accepted', status: 'False', reason: 'HostnameConflict', message: 'same port and hostname as another listener' },
    ],
    reported: null,
    attachedRoutes: { computed: 0, reported: null },
    routes: [],
    disagreements: [],
  };
}

// gateway-http-listener-isolation.yaml
const isolation = [
  listener('empty-hostname', 80, 'HTTP'),
  listener('wildcard-example-com', 80, 'HTTP', '*.example.com'),
  listener('wildcard-foo-example-com', 80, 'HTTP', '*.foo.example.com'),
  listener('abc-foo-example-com', 80, 'HTTP', 'abc.foo.example.com'),
  listener('https', 443, 'HTTPS', '*.example.com'),
];

describe('spec/listener-selection: which listener takes a Host (GatewaySpec.Listeners)', () => {
  const table: Array<[string, number | undefined, string | null]> = [
    ['abc.foo.example.com', 80, 'abc-foo-example-com'], // exact beats wildcards
    ['bar.foo.example.com', 80, 'wildcard-foo-example-com'], // more dots right of * first
    ['bar.example.com', 80, 'wildcard-example-com'],
    ['a.b.example.com', 80, 'wildcard-example-com'], // a wildcard takes several labels
    ['bar.com', 80, 'empty-hostname'], // fallback: the listener without hostname
    ['example.com', 80, 'empty-hostname'], // *.example.com never takes example.com
    ['ABC.Foo.Example.com:8080', 80, 'abc-foo-example-com'], // port stripped, case-insensitive
    ['x.example.com', 443, 'https'],
    ['x.example.com', undefined, 'wildcard-example-com'], // no port: HTTP listeners
    ['other.org', 443, null],
  ];
  for (const [host, port, want] of table) {
    it(`${host} on port ${port ?? '(any HTTP)'} -> ${want ?? 'no listener'}`, () => {
      const sel = selectListener(isolation, { host, port });
      assert.equal(sel.listener?.name ?? null, want);
    });
  }

  it('lists every listener that takes the host, most specific first', () => {
    const sel = selectListener(isolation, { host: 'abc.foo.example.com', port: 80 });
    assert.deepEqual(sel.matching.map((l) => l.name), ['abc-foo-example-com', 'wildcard-foo-example-com', 'wildcard-example-com', 'empty-hostname']);
  });

  it('goes to the port of a named listener, then picks by Host', () => {
    assert.equal(selectListener(isolation, { host: 'a.example.com', listener: 'https' }).listener?.name, 'https');
    assert.equal(selectListener(isolation, { host: 'abc.foo.example.com', listener: 'empty-hostname' }).listener?.name, 'abc-foo-example-com');
    assert.match(selectListener(isolation, { host: 'x', listener: 'nope' }).reason, /no listener named nope/);
  });

  it('uses HTTPS listeners for an https request without a port', () => {
    assert.equal(selectListener(isolation, { host: 'x.example.com', scheme: 'https' }).listener?.name, 'https');
  });

  it('skips a listener that is not accepted and says why', () => {
    const ls = [listener('conflicted', 80, 'HTTP', 'a.example.com', false), listener('catch-all', 80, 'HTTP')];
    const sel = selectListener(ls, { host: 'a.example.com', port: 80 });
    assert.equal(sel.listener?.name, 'catch-all');
    assert.equal(sel.skipped[0].listener.name, 'conflicted');
    assert.match(sel.skipped[0].why, /HostnameConflict/);
  });

  it('explains when no listener takes the host', () => {
    const sel = selectListener([listener('l1', 80, 'HTTP', 'bar.com')], { host: 'foo.com', port: 80 });
    assert.equal(sel.listener, null);
    assert.match(sel.reason, /no listener on port 80 takes host foo.com \(listener hostnames: bar.com\)/);
    assert.match(selectListener(isolation, { host: 'x', port: 8443 }).reason, /no listener on port 8443/);
  });

  it('lets a TCP listener take every connection on its port', () => {
    assert.equal(selectListener([listener('tcp', 5432, 'TCP')], { host: 'db.example.com', port: 5432 }).listener?.name, 'tcp');
  });
});
