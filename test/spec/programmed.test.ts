// Programmed computed as far as the objects decide it (src/spec/programmed.ts), and compared with
// what the controller reports: a controller's Programmed=False where the spec finds the
// configuration valid is the data plane not taking it (GW114), never a spec disagreement.
import assert from 'node:assert/strict';
import { analyse } from '../../src/analyse.js';
import type { Graph } from '../../src/model/graph.js';
import { CLASS, cluster, computed, graphOf, listener, NOW } from './cluster.js';

const gateway = (listeners: string, extra = '') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra, generation: 1}
spec:
  gatewayClassName: gw-class
  allowedListeners: {namespaces: {from: Same}}
  listeners: ${listeners}
${extra}`;
const listenerSet = (name: string, listeners: string, parent = 'gw') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ${name}, namespace: infra}
spec:
  parentRef: {name: ${parent}}
  listeners: ${listeners}
`;
const programmed = (g: Graph, id: string) => computed(listener(g, id).computed, 'Programmed');
const gw = (g: Graph) => g.gateways[0];

describe('spec: Programmed, computed', () => {
  describe('listeners', () => {
    const cases: Array<[string, string, string]> = [
      ['a valid listener', '{name: l, port: 80, protocol: HTTP}', 'True Programmed'],
      ['an unsupported protocol (not accepted)', '{name: l, port: 80, protocol: INVALID}', 'False Invalid'],
      ['a certificate Secret that does not exist (ResolvedRefs False)', '{name: l, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: missing}]}}', 'False Invalid'],
      ['an implementation-specific protocol: the controller decides', '{name: l, port: 80, protocol: example.com/custom}', 'Unknown Unknown'],
    ];
    for (const [name, l, want] of cases) {
      it(`${name}: ${want}`, () => {
        assert.equal(programmed(graphOf(CLASS + gateway(`[${l}]`)), 'Gateway/infra/gw#l'), want);
      });
    }
    it('no controller claims the class: Unknown Pending', () => {
      assert.equal(programmed(graphOf(gateway('[{name: l, port: 80, protocol: HTTP}]')), 'Gateway/infra/gw#l'), 'Unknown Pending');
    });
    it('a ListenerSet listener that lost a conflict carries the conflict reason; its sibling is programmed', () => {
      const g = graphOf(CLASS + gateway('[{name: web, port: 80, protocol: HTTP}]') + listenerSet('ls', '[{name: dup, port: 80, protocol: HTTP}, {name: ok, port: 80, protocol: HTTP, hostname: a.example.com}]'));
      assert.equal(programmed(g, 'ListenerSet/infra/ls#dup'), 'False HostnameConflict');
      assert.equal(programmed(g, 'ListenerSet/infra/ls#ok'), 'True Programmed');
    });
  });

  describe('the Gateway', () => {
    const cases: Array<[string, string, string, string]> = [
      ['every listener valid', '[{name: a, port: 80, protocol: HTTP}]', '', 'True Programmed'],
      ['one listener valid, one not', '[{name: a, port: 80, protocol: HTTP}, {name: b, port: 81, protocol: INVALID}]', '', 'True Programmed'],
      ['no valid listener', '[{name: a, port: 80, protocol: INVALID}]', '', 'False Invalid'],
      ['every listener unresolved', '[{name: a, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: missing}]}}]', '', 'False Invalid'],
    ];
    for (const [name, listeners, extra, want] of cases) {
      it(`${name}: ${want}`, () => assert.equal(computed(gw(graphOf(CLASS + gateway(listeners, extra))).computed, 'Programmed'), want));
    }
    it('InvalidParameters: not programmed, nor are its listeners', () => {
      const snapshot = cluster(CLASS + gateway('[{name: a, port: 80, protocol: HTTP}]', '  infrastructure: {parametersRef: {group: params.example.com, kind: P, name: p}}'));
      snapshot.apiGroups = ['gateway.networking.k8s.io'];
      const g = analyse(snapshot, { now: NOW }).graph;
      assert.equal(computed(gw(g).computed, 'Programmed'), 'False Invalid');
      assert.equal(programmed(g, 'Gateway/infra/gw#a'), 'False Invalid');
    });
  });

  describe('ListenerSets', () => {
    it('accepted: Programmed; not allowed: False NotAllowed; parent not accepted: ParentNotProgrammed', () => {
      const ok = graphOf(CLASS + gateway('[{name: web, port: 80, protocol: HTTP}]') + listenerSet('ls', '[{name: x, port: 8080, protocol: HTTP}]'));
      assert.equal(computed(ok.listenerSets![0].computed, 'Programmed'), 'True Programmed');
      const denied = graphOf(CLASS + gateway('[{name: web, port: 80, protocol: HTTP}]').replace('  allowedListeners: {namespaces: {from: Same}}\n', '') + listenerSet('ls', '[{name: x, port: 8080, protocol: HTTP}]'));
      assert.equal(computed(denied.listenerSets![0].computed, 'Programmed'), 'False NotAllowed');
      const orphan = graphOf(CLASS + gateway('[{name: web, port: 80, protocol: INVALID}]') + listenerSet('ls', '[{name: x, port: 8080, protocol: HTTP}]'));
      assert.equal(computed(orphan.listenerSets![0].computed, 'Programmed'), 'False ParentNotProgrammed');
    });
  });

  describe('against the controller', () => {
    const reportedGateway = (programmedStatus: string, reason: string) => `status:
  conditions:
  - {type: Accepted, status: "True", reason: Accepted, observedGeneration: 1}
  - {type: Programmed, status: "${programmedStatus}", reason: ${reason}, message: "no address yet", observedGeneration: 1}
  listeners:
  - name: a
    attachedRoutes: 0
    conditions:
    - {type: Accepted, status: "True", reason: Accepted}
    - {type: Programmed, status: "False", reason: PortUnavailable, message: port 80 in use}
  - name: b
    attachedRoutes: 0
    conditions:
    - {type: Accepted, status: "True", reason: Accepted}
    - {type: Programmed, status: "True", reason: Programmed}
`;
    const yaml = CLASS + gateway('[{name: a, port: 80, protocol: HTTP}, {name: b, port: 81, protocol: INVALID}]', reportedGateway('False', 'AddressNotAssigned'));

    it('Programmed=False where the spec finds it valid: the data plane did not take it (GW114), for the Gateway and each listener', () => {
      const { graph, findings } = analyse(cluster(yaml), { now: NOW });
      const [d] = gw(graph).disagreements.filter((x) => x.conditionType === 'Programmed');
      assert.match(d.message, /the controller says Programmed=False \(AddressNotAssigned: no address yet\) while the spec finds the Gateway valid: the data plane did not take this configuration/);
      const listenerD = listener(graph, 'Gateway/infra/gw#a').disagreements;
      assert.match(listenerD.map((x) => x.message).join('\n'), /Programmed=False \(PortUnavailable: port 80 in use\) while the spec finds the listener valid/);
      const codes = findings.map((f) => `${f.code} ${f.subject.section ?? ''}`.trim());
      assert.ok(codes.includes('GW114'), codes.join(', '));
      assert.ok(codes.includes('GW114 listener a'), codes.join(', '));
      assert.ok(!codes.some((c) => c.startsWith('GW109')), 'no GW109 beside GW114');
      assert.ok(!findings.some((f) => f.code === 'ST301' && f.subject.section !== 'listener b' && /Programmed/.test(f.message)), 'not a spec disagreement');
    });

    it('Programmed=True for a listener the spec rejects: the controller programmed it anyway (ST301)', () => {
      const { graph, findings } = analyse(cluster(yaml), { now: NOW });
      assert.match(listener(graph, 'Gateway/infra/gw#b').disagreements.map((x) => x.message).join('\n'), /spec gives False \(Invalid: .*\), the controller reports True/);
      assert.ok(findings.some((f) => f.code === 'ST301' && f.subject.section === 'listener b'));
    });

    it('a Pending (Unknown) Programmed is no disagreement', () => {
      const { graph } = analyse(cluster(CLASS + gateway('[{name: a, port: 80, protocol: HTTP}]', reportedGateway('Unknown', 'Pending'))), { now: NOW });
      assert.deepEqual(gw(graph).disagreements.filter((x) => x.conditionType === 'Programmed'), []);
    });
  });
});
