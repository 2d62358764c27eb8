// Conflicts across a Gateway and its ListenerSets (listenerset_types.go, ListenerSetSpec.Listeners;
// GEP-1713 "Listener and ListenerSet conflicts"): the merged list in precedence order (the
// Gateway's own, then ListenerSets oldest first, then by namespace/name); only the listener of
// lower precedence is rejected, with Conflicted=True and Accepted=False carrying the conflict's
// reason; a rejected listener makes no other listener conflict; siblings stay Accepted.
import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import { CLASS, computed, graphOf, listener } from './cluster.js';

const gateway = (listeners: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gw-class
  allowedListeners: {namespaces: {from: All}}
  listeners: ${listeners}
`;
const listenerSet = (namespace: string, name: string, created: string | null, listeners: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ${name}, namespace: ${namespace}${created ? `, creationTimestamp: "${created}"` : ''}}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners: ${listeners}
`;

const state = (g: Graph, id: string) => {
  const l = listener(g, id).computed;
  return `${computed(l, 'Accepted')} / ${computed(l, 'Conflicted')}`;
};
const ACCEPTED = 'True Accepted / False NoConflicts';

interface Case {
  name: string;
  yaml: string;
  expected: Record<string, string>;
}

const cases: Case[] = [
  {
    name: "the Gateway's own listener wins over a ListenerSet's; the ListenerSet's other listener stays",
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'ls', null, '[{name: same, port: 80, protocol: HTTP, hostname: a.example.com}, {name: other, port: 80, protocol: HTTP, hostname: b.example.com}]'),
    expected: {
      'Gateway/infra/gw#web': ACCEPTED,
      'ListenerSet/apps/ls#same': 'False HostnameConflict / True HostnameConflict',
      'ListenerSet/apps/ls#other': ACCEPTED,
    },
  },
  {
    // conformance ListenerSetProtocolConflict: a TCP listener on the Gateway's HTTP port loses, and
    // being rejected it does not take down its HTTP siblings on the same port.
    name: 'a rejected TCP listener makes no conflict with its HTTP siblings',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'ls', null, '[{name: one, port: 80, protocol: HTTP, hostname: b.example.com}, {name: tcp, port: 80, protocol: TCP}, {name: two, port: 80, protocol: HTTP, hostname: c.example.com}]'),
    expected: {
      'Gateway/infra/gw#web': ACCEPTED,
      'ListenerSet/apps/ls#one': ACCEPTED,
      'ListenerSet/apps/ls#tcp': 'False ProtocolConflict / True ProtocolConflict',
      'ListenerSet/apps/ls#two': ACCEPTED,
    },
  },
  {
    name: 'the older ListenerSet wins, whatever the names',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'aaa-young', '2026-01-02T00:00:00Z', '[{name: x, port: 443, protocol: TLS, hostname: x.example.com, tls: {mode: Passthrough}}]') +
      listenerSet('apps', 'zzz-old', '2026-01-01T00:00:00Z', '[{name: x, port: 443, protocol: TLS, hostname: x.example.com, tls: {mode: Passthrough}}]'),
    expected: {
      'ListenerSet/apps/zzz-old#x': ACCEPTED,
      'ListenerSet/apps/aaa-young#x': 'False HostnameConflict / True HostnameConflict',
    },
  },
  {
    name: 'same creation time: the first by namespace/name wins',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('team-b', 'ls', '2026-01-01T00:00:00Z', '[{name: x, port: 5432, protocol: TCP}]') +
      listenerSet('team-a', 'ls', '2026-01-01T00:00:00Z', '[{name: x, port: 5432, protocol: TCP}]'),
    expected: {
      'ListenerSet/team-a/ls#x': ACCEPTED,
      'ListenerSet/team-b/ls#x': 'False HostnameConflict / True HostnameConflict',
    },
  },
  {
    name: 'a listener that already lost makes the next ListenerSet conflict with nothing',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'first', '2026-01-01T00:00:00Z', '[{name: tcp, port: 80, protocol: TCP}]') +
      listenerSet('apps', 'second', '2026-01-02T00:00:00Z', '[{name: web2, port: 80, protocol: HTTP, hostname: b.example.com}]'),
    expected: {
      'ListenerSet/apps/first#tcp': 'False ProtocolConflict / True ProtocolConflict',
      'ListenerSet/apps/second#web2': ACCEPTED,
    },
  },
  {
    name: 'a listener rejected for its protocol conflicts with nothing',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'ls', null, '[{name: bad, port: 80, protocol: INVALID}, {name: ok, port: 80, protocol: HTTP, hostname: b.example.com}]'),
    expected: {
      'ListenerSet/apps/ls#bad': 'False UnsupportedProtocol / False NoConflicts',
      'ListenerSet/apps/ls#ok': ACCEPTED,
    },
  },
  {
    name: 'within one ListenerSet the Gateway rule holds: every indistinct listener is rejected',
    yaml:
      gateway('[{name: web, port: 80, protocol: HTTP, hostname: a.example.com}]') +
      listenerSet('apps', 'ls', null, '[{name: https, port: 8443, protocol: HTTPS, hostname: x.example.com, tls: {certificateRefs: [{name: c}]}}, {name: tls, port: 8443, protocol: TLS, hostname: x.example.com, tls: {mode: Passthrough}}, {name: ok, port: 80, protocol: HTTP, hostname: b.example.com}]'),
    expected: {
      'ListenerSet/apps/ls#https': 'False Invalid / True ProtocolConflict',
      'ListenerSet/apps/ls#tls': 'False Invalid / True ProtocolConflict',
      'ListenerSet/apps/ls#ok': ACCEPTED,
    },
  },
  {
    name: "the Gateway's own indistinct listeners are all rejected (reason Invalid), and being rejected block no ListenerSet",
    yaml:
      gateway('[{name: a, port: 80, protocol: HTTP, hostname: a.example.com}, {name: b, port: 80, protocol: HTTP, hostname: a.example.com}, {name: c, port: 8080, protocol: HTTP}]') +
      listenerSet('apps', 'ls', null, '[{name: a, port: 80, protocol: HTTP, hostname: a.example.com}]'),
    expected: {
      'Gateway/infra/gw#a': 'False Invalid / True HostnameConflict',
      'Gateway/infra/gw#b': 'False Invalid / True HostnameConflict',
      'Gateway/infra/gw#c': ACCEPTED,
      'ListenerSet/apps/ls#a': ACCEPTED,
    },
  },
];

describe('spec: listener precedence across a Gateway and its ListenerSets', () => {
  for (const c of cases) {
    it(c.name, () => {
      const g = graphOf(CLASS + c.yaml);
      for (const [id, want] of Object.entries(c.expected)) assert.equal(state(g, id), want, id);
    });
  }

  it('the loser says which listener of which object takes precedence', () => {
    const g = graphOf(CLASS + cases[1].yaml);
    const accepted = listener(g, 'ListenerSet/apps/ls#tcp').computed.find((c) => c.type === 'Accepted')!;
    assert.match(accepted.message, /protocol TCP conflicts with HTTP on listener web :80 a\.example\.com of Gateway infra\/gw, which takes precedence/);
  });

  it('the Gateway stays Accepted: its own listeners are all valid', () => {
    const g = graphOf(CLASS + cases[1].yaml);
    assert.equal(computed(g.gateways[0].computed, 'Accepted'), 'True Accepted');
    assert.equal(computed(g.listenerSets![0].computed, 'Accepted'), 'True Accepted');
  });
});
