import assert from 'node:assert/strict';
import { indexSnapshot } from '../../src/graph/indexes.js';
import type { BackendRef, RouteKind } from '../../src/model/objects.js';
import { evaluateBackendRef, routeResolvedRefs } from '../../src/spec/backend-refs.js';
import { CLASS, cluster, computed, graphOf, parentOf, route, type ClusterOptions } from './cluster.js';

const BACKENDS = `
apiVersion: v1
kind: Service
metadata: {name: api, namespace: apps}
spec:
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: grpc, port: 9090, targetPort: 9090, appProtocol: kubernetes.io/h2c}
  - {name: ws, port: 8081, appProtocol: kubernetes.io/ws}
  - {name: dns, port: 53, protocol: UDP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-abc, namespace: apps, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
- {addresses: [10.0.0.1], conditions: {ready: true}, targetRef: {kind: Pod, name: api-1}}
- {addresses: [10.0.0.2], conditions: {ready: false, serving: true, terminating: true}, targetRef: {kind: Pod, name: api-2}}
- {addresses: [10.0.0.3], targetRef: {kind: Pod, name: api-3}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: api-grpc, namespace: apps, labels: {kubernetes.io/service-name: api}}
addressType: IPv4
ports: [{name: grpc, port: 9090}]
endpoints:
- {addresses: [10.0.0.9], conditions: {ready: true}}
---
apiVersion: v1
kind: Service
metadata: {name: shared, namespace: backends}
spec: {ports: [{port: 8080}]}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-apps, namespace: backends}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
  to: [{group: "", kind: Service}]
`;

function evaluate(ref: BackendRef, kind: RouteKind = 'HTTPRoute', opts: ClusterOptions = {}) {
  const index = indexSnapshot(cluster(BACKENDS, opts));
  return evaluateBackendRef(ref, { kind, namespace: 'apps', name: 'r' }, index);
}

describe('spec/backend-refs', () => {
  describe('one backendRef', () => {
    const cases: Array<[string, BackendRef, RouteKind, boolean | null, string, RegExp?]> = [
      ['an existing Service port', { name: 'api', port: 80 }, 'HTTPRoute', true, 'ResolvedRefs'],
      ['a Service that does not exist', { name: 'nope', port: 80 }, 'HTTPRoute', false, 'BackendNotFound', /^Service apps\/nope does not exist$/],
      ['a port the Service does not have', { name: 'api', port: 8080 }, 'HTTPRoute', false, 'BackendNotFound', /has no port 8080 \(ports: 80\/http, 9090\/grpc, 8081\/ws, 53\/dns\)/],
      ['a Service backendRef without port', { name: 'api' }, 'HTTPRoute', false, 'BackendNotFound', /port is required/],
      // conformance HTTPRouteInvalidBackendRefUnknownKind
      ['an unknown core kind', { group: '', kind: 'UnknownKind', name: 'api', port: 80 }, 'HTTPRoute', false, 'InvalidKind'],
      ['cross-namespace with a ReferenceGrant', { name: 'shared', namespace: 'backends', port: 8080 }, 'HTTPRoute', true, 'ResolvedRefs'],
      // conformance HTTPRouteInvalidCrossNamespaceBackendRef
      ['cross-namespace, the grant is for HTTPRoutes only', { name: 'shared', namespace: 'backends', port: 8080 }, 'GRPCRoute', false, 'RefNotPermitted', /no ReferenceGrant in backends allows GRPCRoutes from apps/],
      ['cross-namespace to a namespace without grants: RefNotPermitted before BackendNotFound', { name: 'ghost', namespace: 'other', port: 1 }, 'HTTPRoute', false, 'RefNotPermitted'],
      ['an implementation-specific kind', { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'ext' }, 'HTTPRoute', null, 'NotChecked'],
      ['an InferencePool', { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool' }, 'HTTPRoute', null, 'NotChecked'],
      ['HTTPRoute to an h2c port is fine', { name: 'api', port: 9090 }, 'HTTPRoute', true, 'ResolvedRefs'],
      ['HTTPRoute to a WebSocket port is fine', { name: 'api', port: 8081 }, 'HTTPRoute', true, 'ResolvedRefs'],
      ['GRPCRoute to a WebSocket port', { name: 'api', port: 8081 }, 'GRPCRoute', false, 'UnsupportedProtocol'],
      ['UDPRoute to a TCP port', { name: 'api', port: 80 }, 'UDPRoute', false, 'UnsupportedProtocol', /UDPRoute cannot send to TCP port 80\/http/],
      ['UDPRoute to a UDP port', { name: 'api', port: 53 }, 'UDPRoute', true, 'ResolvedRefs'],
      ['TCPRoute to a UDP port', { name: 'api', port: 53 }, 'TCPRoute', false, 'UnsupportedProtocol'],
    ];
    for (const [name, ref, kind, resolved, reason, message] of cases) {
      it(`${name}: ${reason}`, () => {
        const edge = evaluate(ref, kind);
        assert.equal(edge.resolved, resolved);
        assert.equal(edge.reason, reason);
        if (message) assert.match(edge.message, message);
      });
    }
    it('fills the defaults (group "", kind Service, route namespace, weight 1)', () => {
      assert.deepEqual(evaluate({ name: 'api', port: 80 }).ref, { group: '', kind: 'Service', namespace: 'apps', name: 'api', port: 80, weight: 1 });
    });
    it('notes weight 0', () => {
      assert.match(evaluate({ name: 'api', port: 80, weight: 0 }).message, /weight 0: receives no traffic/);
    });
  });

  describe('coverage: what could not be read is unknown, never missing', () => {
    it('Services forbidden: resolved null, reason Unknown', () => {
      const edge = evaluate({ name: 'nope', port: 80 }, 'HTTPRoute', { coverage: { services: { state: 'forbidden', message: 'x' } } });
      assert.equal(edge.resolved, null);
      assert.equal(edge.reason, 'Unknown');
      assert.equal(edge.message, 'Service apps/nope: unknown (forbidden: x)');
    });
    it('Services from files: "not in the given files"', () => {
      const edge = evaluate({ name: 'nope', port: 80 }, 'HTTPRoute', { state: { state: 'files' } });
      assert.equal(edge.resolved, null);
      assert.equal(edge.message, 'Service apps/nope: not in the given files');
    });
    it('ReferenceGrants forbidden: a cross-namespace reference is unknown', () => {
      const edge = evaluate({ name: 'ghost', namespace: 'other', port: 1 }, 'HTTPRoute', {
        coverage: { referencegrants: { state: 'forbidden', message: 'x' } },
      });
      assert.equal(edge.resolved, null);
      assert.equal(edge.reason, 'Unknown');
    });
    it('EndpointSlices forbidden: endpoints null with the reason', () => {
      const edge = evaluate({ name: 'api', port: 80 }, 'HTTPRoute', { coverage: { endpointslices: { state: 'forbidden', message: 'x' } } });
      assert.equal(edge.resolved, true);
      assert.equal(edge.endpoints, null);
      assert.equal(edge.endpointsUnknown, 'forbidden: cannot list endpointslices');
    });
  });

  describe('endpoints', () => {
    it('counts ready, serving and terminating endpoints of the slices that carry the port name', () => {
      const edge = evaluate({ name: 'api', port: 80 });
      assert.deepEqual(edge.service, { exists: true, portFound: true, targetPort: 8080 });
      assert.deepEqual(edge.endpoints, {
        ready: 2,
        serving: 3,
        terminating: 1,
        total: 3,
        addresses: [
          { address: '10.0.0.1', ready: true, pod: 'api-1' },
          { address: '10.0.0.2', ready: false, pod: 'api-2' },
          { address: '10.0.0.3', ready: true, pod: 'api-3' },
        ],
      });
    });
    it('the grpc port sees only its own slice', () => {
      const edge = evaluate({ name: 'api', port: 9090 });
      assert.equal(edge.endpoints?.total, 1);
      assert.equal(edge.service?.appProtocol, 'kubernetes.io/h2c');
    });
    it('a port with no slice has zero endpoints (known, since slices were listed)', () => {
      assert.deepEqual(evaluate({ name: 'api', port: 8081 }).endpoints, { ready: 0, serving: 0, terminating: 0, total: 0, addresses: [] });
    });
  });

  describe("the route's ResolvedRefs", () => {
    it('False with the first failing reason in rule order; the message lists every failure', () => {
      const index = indexSnapshot(cluster(BACKENDS));
      const id = { kind: 'HTTPRoute' as const, namespace: 'apps', name: 'r' };
      const c = routeResolvedRefs([
        { label: 'rule 0 backend 0', edge: evaluateBackendRef({ name: 'api', port: 80 }, id, index) },
        { label: 'rule 0 backend 1', edge: evaluateBackendRef({ name: 'ghost', namespace: 'other', port: 80 }, id, index) },
        { label: 'rule 1 backend 0', edge: evaluateBackendRef({ name: 'nope', port: 80 }, id, index) },
      ]);
      assert.equal(`${c.status} ${c.reason}`, 'False RefNotPermitted');
      assert.match(c.message, /^rule 0 backend 1: .*; rule 1 backend 0: Service apps\/nope does not exist$/);
    });
    it('a kind of an API group the cluster does not serve is InvalidKind; of a served group, NotChecked', () => {
      const snapshot = cluster(BACKENDS);
      snapshot.apiGroups = ['apps', 'gateway.networking.k8s.io', 'gateway.envoyproxy.io'];
      const index = indexSnapshot(snapshot);
      const id = { kind: 'HTTPRoute' as const, namespace: 'apps', name: 'r' };
      const unknown = evaluateBackendRef({ group: 'unknownkind.example.com', kind: 'NonExistent', name: 'b', port: 8080 }, id, index);
      assert.equal(`${unknown.resolved} ${unknown.reason}`, 'false InvalidKind');
      assert.match(unknown.message, /serves no API group unknownkind\.example\.com/);
      const served = evaluateBackendRef({ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'b' }, id, index);
      assert.equal(`${served.resolved} ${served.reason}`, 'null NotChecked');
    });
    it('Unknown (NotChecked) when only implementation-specific backends are unresolved', () => {
      const index = indexSnapshot(cluster(BACKENDS));
      const id = { kind: 'HTTPRoute' as const, namespace: 'apps', name: 'r' };
      const c = routeResolvedRefs([{ label: 'rule 0 backend 0', edge: evaluateBackendRef({ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'b' }, id, index) }]);
      assert.equal(`${c.status} ${c.reason}`, 'Unknown NotChecked');
    });
    it('a RequestMirror backend is a reference too', () => {
      const g = graphOf(`${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: apps}
spec: {gatewayClassName: gw-class, listeners: [{name: http, port: 80, protocol: HTTP}]}
---
${BACKENDS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs: [{name: gw}]
  rules:
  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]
    backendRefs: [{name: api, port: 80}]
`);
      const p = parentOf(g, 'HTTPRoute/apps/r');
      assert.equal(computed(p.computed, 'Accepted'), 'True Accepted');
      assert.equal(computed(p.computed, 'ResolvedRefs'), 'False BackendNotFound');
      const rule = route(g, 'HTTPRoute/apps/r').rules[0];
      assert.equal(rule.backends.length, 1);
      assert.equal(rule.mirrors?.[0].reason, 'BackendNotFound');
      assert.equal(rule.summary, 'PathPrefix / mirror shadow');
    });
  });
});
