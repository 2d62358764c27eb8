// Listener validity decided from the listener alone: protocol names (ProtocolType), hostnames
// (Hostname), and tls against the protocol. A listener rejected here is Accepted=False and takes no
// part in conflicts; a Gateway left with no valid listener is Accepted=False ListenersNotValid.
import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import { listenerHostnameProblem } from '../../src/spec/listeners.js';
import { CLASS, computed, graphOf, listener } from './cluster.js';

const gateway = (listeners: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gw-class
  listeners:
${listeners}
`;
const gw = (graph: Graph) => graph.gateways[0];

describe('spec: listener validity', () => {
  const cases: Array<[string, string, string, RegExp?]> = [
    ['HTTP', '{name: l, port: 80, protocol: HTTP}', 'True Accepted'],
    // conformance GatewayListenerUnsupportedProtocol: "Un-prefixed names are reserved for core protocols"
    ['an unknown un-prefixed protocol', '{name: l, port: 1111, protocol: INVALID}', 'False UnsupportedProtocol', /reserved for the core protocols/],
    ['a lower-case core name (names are compared as written)', '{name: l, port: 80, protocol: http}', 'False UnsupportedProtocol', /case-sensitive/],
    ['a domain-prefixed protocol: the implementation decides', '{name: l, port: 80, protocol: example.com/custom}', 'Unknown Unknown', /implementation-specific/],
    ['an IP address as hostname', '{name: l, port: 80, protocol: HTTP, hostname: 10.0.0.1}', 'False UnsupportedValue', /hostname 10\.0\.0\.1 is an IP address/],
    ['an upper-case hostname', '{name: l, port: 80, protocol: HTTP, hostname: Shop.Example.com}', 'False UnsupportedValue', /hostname Shop\.Example\.com has upper-case letters.*write shop\.example\.com/],
    ['a hostname with a trailing dot', '{name: l, port: 80, protocol: HTTP, hostname: shop.example.com.}', 'False UnsupportedValue', /ends with a dot/],
    ['a wildcard hostname', '{name: l, port: 80, protocol: HTTP, hostname: "*.example.com"}', 'True Accepted'],
    ['a hostname on a TCP listener', '{name: l, port: 9000, protocol: TCP, hostname: db.example.com}', 'False UnsupportedValue', /hostname must not be set for protocol TCP/],
    ['tls on an HTTP listener', '{name: l, port: 80, protocol: HTTP, tls: {mode: Terminate}}', 'False UnsupportedValue', /tls must not be set/],
    ['HTTPS in Passthrough mode', '{name: l, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}', 'False UnsupportedValue', /must terminate TLS/],
  ];
  for (const [name, l, accepted, message] of cases) {
    it(`${name}: Accepted ${accepted}`, () => {
      const node = listener(graphOf(CLASS + gateway(`  - ${l}`)), 'Gateway/infra/gw#l');
      assert.equal(computed(node.computed, 'Accepted'), accepted);
      if (message) assert.match(node.computed.find((c) => c.type === 'Accepted')!.message, message);
    });
  }

  it('the hostname is reported as written, never normalised', () => {
    assert.equal(listenerHostnameProblem('shop.example.com'), null);
    assert.equal(listenerHostnameProblem('*.example.com'), null);
    assert.match(listenerHostnameProblem('SHOP.example.com') ?? '', /^hostname SHOP\.example\.com /);
    assert.match(listenerHostnameProblem('2001:db8::1') ?? '', /IP address/);
    assert.match(listenerHostnameProblem('*') ?? '', /not a valid hostname/);
    assert.match(listenerHostnameProblem('a_b.example.com') ?? '', /not a valid hostname/);
  });

  describe('conformance GatewayListenerUnsupportedProtocol', () => {
    it('a Gateway whose only listener is unsupported is not accepted', () => {
      const g = graphOf(CLASS + gateway('  - {name: invalid, port: 1111, protocol: INVALID}'));
      assert.equal(computed(gw(g).computed, 'Accepted'), 'False ListenersNotValid');
      assert.deepEqual(listener(g, 'Gateway/infra/gw#invalid').supportedKinds, []);
    });
    it('a Gateway with a supported listener is accepted, ListenersNotValid', () => {
      const g = graphOf(CLASS + gateway('  - {name: http, port: 80, protocol: HTTP}\n  - {name: invalid, port: 1111, protocol: INVALID}'));
      assert.equal(computed(gw(g).computed, 'Accepted'), 'True ListenersNotValid');
      assert.match(gw(g).computed[0].message, /not valid: invalid \(UnsupportedProtocol\); accepted: http/);
    });
  });
});
