import assert from 'node:assert/strict';
import { compareConditions, reportedFrom } from '../../src/spec/status-comparison.js';
import { CLASS, graphOf, listener, parentOf, type ClusterOptions } from './cluster.js';

const CONTROLLER = 'example.com/gateway-controller';
const GW = `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra, generation: 2}
spec:
  gatewayClassName: gw-class
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: https, port: 443, protocol: HTTPS, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}, tls: {options: {example.com/cert: x}}}
`;

function routeWithStatus(ns: string, spec: string, parents: string, generation = 1): string {
  return `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ${ns}, generation: ${generation}}
spec:
${spec}
status:
  parents:
${parents}
`;
}

const entry = (controller: string, conditions: string, parentRef = '{name: gw, namespace: infra}') =>
  `  - parentRef: ${parentRef}\n    controllerName: ${controller}\n    conditions: ${conditions}`;

function parent(yaml: string, ns = 'infra', opts: ClusterOptions = {}) {
  return parentOf(graphOf(GW + yaml, opts), `HTTPRoute/${ns}/r`);
}

describe('spec/status-comparison', () => {
  describe('route parents', () => {
    it('agrees when the controller says what the spec says; the parentRef matches with defaults filled', () => {
      const p = parent(
        routeWithStatus(
          'infra',
          '  parentRefs: [{name: gw}]',
          entry(CONTROLLER, '[{type: Accepted, status: "True", reason: Accepted, observedGeneration: 1}, {type: ResolvedRefs, status: "True", reason: ResolvedRefs, observedGeneration: 1}]', '{group: gateway.networking.k8s.io, kind: Gateway, name: gw}'),
        ),
      );
      assert.equal(p.reported?.controllerName, CONTROLLER);
      assert.equal(p.reported?.stale, false);
      assert.deepEqual(p.disagreements, []);
      assert.equal(p.agrees, true);
    });
    it('a different status is a disagreement', () => {
      const p = parent(routeWithStatus('blog', '  parentRefs: [{name: gw, namespace: infra, sectionName: http}]', entry(CONTROLLER, '[{type: Accepted, status: "True", reason: Accepted}]', '{name: gw, namespace: infra, sectionName: http}')), 'blog');
      assert.equal(p.agrees, false);
      assert.deepEqual(p.disagreements.map((d) => d.message), [
        'Accepted: the spec gives False (NotAllowedByListeners), the controller reports True (Accepted)',
      ]);
    });
    it('both False with two spec reasons is a disagreement on the reason', () => {
      const p = parent(
        routeWithStatus('blog', '  parentRefs: [{name: gw, namespace: infra}]\n  hostnames: [shop.example.org]', entry(CONTROLLER, '[{type: Accepted, status: "False", reason: NotAllowedByListeners}]')),
        'blog',
      );
      assert.deepEqual(p.disagreements.map((d) => [d.computed?.reason, d.reported?.reason]), [['NoMatchingListenerHostname', 'NotAllowedByListeners']]);
    });
    it('an implementation-specific False reason is not a disagreement with the spec (UnsupportedValue)', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: gw}]', entry(CONTROLLER, '[{type: Accepted, status: "False", reason: UnsupportedValue}]')));
      assert.deepEqual(p.disagreements, []);
    });
    it('a condition the engine does not compute is not compared', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: gw}]', entry(CONTROLLER, '[{type: Accepted, status: "True", reason: Accepted}, {type: example.com/Ready, status: "False", reason: Nope}]')));
      assert.deepEqual(p.disagreements, []);
    });
    it("picks the entry written by the class's controller", () => {
      const p = parent(
        routeWithStatus(
          'infra',
          '  parentRefs: [{name: gw}]',
          `${entry('other.io/controller', '[{type: Accepted, status: "False", reason: NotAllowedByListeners}]')}\n${entry(CONTROLLER, '[{type: Accepted, status: "True", reason: Accepted}]')}`,
        ),
      );
      assert.equal(p.reported?.controllerName, CONTROLLER);
      assert.deepEqual(p.disagreements, []);
    });
    it('stale status (observedGeneration < generation) is said once', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: gw}]', entry(CONTROLLER, '[{type: Accepted, status: "True", reason: Accepted, observedGeneration: 2}]'), 3));
      assert.equal(p.reported?.stale, true);
      assert.deepEqual(p.disagreements.map((d) => d.conditionType), ['ObservedGeneration']);
      assert.match(p.disagreements[0].message, /observedGeneration 2 is older than generation 3/);
    });
    it('a missing entry, read from a cluster, is a disagreement', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: gw}]', '  - parentRef: {name: elsewhere}\n    controllerName: x/y\n    conditions: []'));
      assert.equal(p.reported, null);
      assert.match(p.disagreements[0].message, /no status.parents entry from example.com\/gateway-controller/);
    });
    it('a missing entry in -f files is not (manifests rarely carry status)', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: gw}]', '    []'), 'infra', { state: { state: 'files' } });
      assert.equal(p.reported, null);
      assert.equal(p.agrees, true);
    });
    it('a parent Gateway that does not exist: no entry expected (controllers often write none)', () => {
      const p = parent(routeWithStatus('infra', '  parentRefs: [{name: nope}]', '    []'));
      assert.equal(p.reported, null);
      assert.deepEqual(p.disagreements, []);
    });
  });

  describe('listeners and gateways', () => {
    const STATUS = (attached: number, conditions: string) => `
status:
  conditions: [{type: Accepted, status: "True", reason: Accepted, observedGeneration: 2}]
  listeners:
  - {name: a, attachedRoutes: ${attached}, supportedKinds: [{kind: HTTPRoute}], conditions: ${conditions}}
`;
    const gw = (listeners: string, status: string) => `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: infra, generation: 2}
spec:
  gatewayClassName: gw-class
  listeners:
${listeners}${status}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra}
spec: {parentRefs: [{name: g, sectionName: a}]}
`;
    it('an attachedRoutes count that differs', () => {
      const g = graphOf(gw('  - {name: a, port: 80, protocol: HTTP}', STATUS(0, '[{type: Accepted, status: "True", reason: Accepted}]')));
      const l = listener(g, 'Gateway/infra/g#a');
      assert.deepEqual(l.attachedRoutes, { computed: 1, reported: 0 });
      assert.deepEqual(l.disagreements.map((d) => d.message), ['attachedRoutes: the spec counts 1, the controller reports 0']);
    });
    it('attachedRoutes are not compared when some route kind could not be read', () => {
      const g = graphOf(gw('  - {name: a, port: 80, protocol: HTTP}', STATUS(0, '[]')), { coverage: { tcproutes: { state: 'forbidden', message: 'x' } } });
      assert.deepEqual(listener(g, 'Gateway/infra/g#a').disagreements, []);
    });
    it('an absent Conflicted condition means "no conflicts": a computed conflict disagrees with it', () => {
      const listeners = '  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: TCP}';
      const g = graphOf(gw(listeners, STATUS(1, '[{type: Accepted, status: "False", reason: Invalid}]')));
      assert.deepEqual(listener(g, 'Gateway/infra/g#a').disagreements.map((d) => d.conditionType), ['Conflicted']);
    });
    it('UnsupportedProtocol where the spec gives True is the controller describing itself', () => {
      const g = graphOf(gw('  - {name: a, port: 9000, protocol: TCP}', STATUS(0, '[{type: Accepted, status: "False", reason: UnsupportedProtocol}]')));
      assert.deepEqual(listener(g, 'Gateway/infra/g#a').disagreements.filter((d) => d.conditionType === 'Accepted'), []);
    });
    it('a Gateway whose reported Accepted differs', () => {
      const g = graphOf(gw('  - {name: a, port: 80, protocol: HTTP}', STATUS(1, '[]').replace('status: "True", reason: Accepted, observedGeneration: 2', 'status: "False", reason: ListenersNotValid, observedGeneration: 2')));
      assert.deepEqual(g.gateways[0].disagreements.map((d) => d.conditionType), ['Accepted']);
    });
  });

  describe('compareConditions', () => {
    it('ignores Unknown on either side', () => {
      const reported = reportedFrom([{ type: 'Accepted', status: 'Unknown', reason: 'Pending' }]);
      assert.deepEqual(compareConditions('route', [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '' }], reported), []);
      const reported2 = reportedFrom([{ type: 'Accepted', status: 'True', reason: 'Accepted' }]);
      assert.deepEqual(compareConditions('route', [{ type: 'Accepted', status: 'Unknown', reason: 'Unknown', message: '' }], reported2), []);
    });
    it('reportedFrom takes the lowest observedGeneration', () => {
      const r = reportedFrom(
        [
          { type: 'A', status: 'True', reason: 'A', observedGeneration: 4 },
          { type: 'B', status: 'True', reason: 'B', observedGeneration: 3 },
        ],
        4,
        'x/y',
      );
      assert.equal(r.observedGeneration, 3);
      assert.equal(r.stale, true);
      assert.equal(r.controllerName, 'x/y');
    });
  });
});
