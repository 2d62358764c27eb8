// `curl --mesh --dry-run`'s prediction (src/probe/mesh-prediction.ts) on GEP-1426's own examples
// and the rules around them: producer and consumer routes, ports, route kinds, hostnames ignored,
// backends in other namespaces without a ReferenceGrant, and what cannot be predicted.
import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import type { Coverage, ResourceName } from '../../src/model/snapshot.js';
import { predictMesh, type MeshPrediction } from '../../src/probe/mesh-prediction.js';
import type { ProbeRequest } from '../../src/probe/predict.js';
import { meshPredictionDocument, renderMeshPrediction } from '../../src/render/probe.js';
import { useColor } from '../../src/render/style.js';
import { NOW, cluster } from '../spec/cluster.js';
import { PRODUCER, SERVICES } from '../spec/gep-1426.js';

// GEP-1426's API example (./spec/gep-1426.ts): foo-route in namespace store sends 90% of the
// traffic for Service foo to foo and 10% to foo-v2. Namespace web holds a consumer route of its own
// for the same Service.
const CONSUMER = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-pinned, namespace: web}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, namespace: store, port: 80}]
  rules:
  - backendRefs: [{name: foo-v2, namespace: store, port: 80}]
`;

const FOO = { namespace: 'store', name: 'foo' };

function req(path = '/', extra: Partial<ProbeRequest> = {}): ProbeRequest {
  return { host: 'foo.store', path, method: 'GET', headers: {}, ...extra };
}

function predictIn(yaml: string, client: string, request: ProbeRequest = req(), service = FOO, coverage?: Partial<Record<ResourceName, Coverage>>): MeshPrediction {
  const snapshot = cluster(yaml, { coverage });
  return predictMesh(buildGraph(snapshot, { now: NOW }), snapshot, { service, client }, request);
}

function shares(p: MeshPrediction): string[] {
  const total = p.expected!.backends.reduce((n, b) => n + b.weight, 0);
  return p.expected!.backends.map((b) => `${b.namespace}/${b.name}:${b.port} ${Math.round((b.weight / total) * 100)}%`);
}

describe('probe/mesh-prediction (GAMMA, GEP-1426)', () => {
  before(() => useColor(false));

  describe('producer and consumer routes', () => {
    it("the producer route splits every namespace's requests 90/10", () => {
      for (const client of ['store', 'web', 'other']) {
        const p = predictIn(`${SERVICES}---${PRODUCER}`, client);
        assert.equal(p.routes, 'producer');
        assert.deepEqual(p.applied, ['HTTPRoute/store/foo-route']);
        assert.deepEqual(shares(p), ['store/foo:80 90%', 'store/foo-v2:80 10%']);
        assert.match(p.reason, /HTTPRoute\/store\/foo-route rule 0 .* matches on Service store\/foo port 80, one of the producer routes; forwarded to store\/foo:80, store\/foo-v2:80\./);
      }
    });

    it("a consumer route takes its own namespace's requests, and only those", () => {
      const yaml = `${SERVICES}---${PRODUCER}---${CONSUMER}`;
      const web = predictIn(yaml, 'web');
      assert.equal(web.routes, 'consumer');
      assert.deepEqual(web.applied, ['HTTPRoute/web/foo-pinned']);
      assert.deepEqual(shares(web), ['store/foo-v2:80 100%']);
      assert.deepEqual(web.notApplied, [
        { route: 'HTTPRoute/store/foo-route', why: 'a producer route: namespace web has consumer routes for this Service port, and its clients use those instead' },
      ]);
      const other = predictIn(yaml, 'other');
      assert.equal(other.routes, 'producer');
      assert.deepEqual(other.notApplied, [{ route: 'HTTPRoute/web/foo-pinned', why: 'a consumer route: it applies only to clients in namespace web' }]);
    });

    it("a consumer route bound to one port leaves the others to the producer route", () => {
      const p = predictIn(`${SERVICES}---${PRODUCER}---${CONSUMER}`, 'web', req('/', { port: 9090 }));
      assert.equal(p.routes, 'producer');
      assert.equal(p.port, 9090);
      assert.ok(p.notApplied.some((n) => n.route === 'HTTPRoute/web/foo-pinned' && n.why === 'parentRef 0 binds port 80, not 9090'));
    });

    it('reaches backends in other namespaces without a ReferenceGrant, also on a route bound to a Gateway too', () => {
      const both = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-pinned, namespace: web}
spec:
  parentRefs: [{name: edge, namespace: infra}, {group: "", kind: Service, name: foo, namespace: store}]
  rules:
  - backendRefs: [{name: foo-v2, namespace: store, port: 80}]
`;
      const snapshot = cluster(`${SERVICES}---${both}`);
      const graph = buildGraph(snapshot, { now: NOW });
      // Through the Gateway the backend needs a grant the cluster does not have ...
      assert.equal(graph.routes[0].rules[0].backends[0].reason, 'RefNotPermitted');
      // ... in the mesh it does not.
      const p = predictMesh(graph, snapshot, { service: FOO, client: 'web' }, req());
      assert.equal(p.expected?.backends[0].resolved, true);
      assert.equal(p.expected?.backends[0].readyEndpoints, 1);
      assert.equal(p.expected?.status, undefined);
    });
  });

  describe('no route, or no rule', () => {
    it('no route binds: the Service itself answers, with its endpoints', () => {
      const p = predictIn(SERVICES, 'web');
      assert.equal(p.routes, 'none');
      assert.equal(p.expected?.route, null);
      assert.deepEqual(shares(p), ['store/foo:80 100%']);
      assert.equal(p.expected?.backends[0].readyEndpoints, 1);
      assert.match(renderMeshPrediction(p), /^mesh: Service store\/foo port 80, client in namespace web, no route binds\nexpected: no route, the Service itself -> Service store\/foo:80 \(1 endpoint ready\)\n/);
    });

    it('no route and no ready endpoint: 503 likely', () => {
      const p = predictIn(SERVICES.replace('conditions: {ready: true}}]\n---', 'conditions: {ready: false}}]\n---'), 'web');
      assert.equal(p.expected?.status, 503);
      assert.match(p.reason, /503 likely: it has no ready endpoints/);
    });

    it('routes bind but no rule matches: 404, with the nearest rules', () => {
      const canary = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-api, namespace: store}
spec:
  parentRefs: [{group: "", kind: Service, name: foo}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: foo, port: 80}]
`;
      const p = predictIn(`${SERVICES}---${canary}`, 'web', req('/shop'));
      assert.equal(p.expected, null);
      assert.equal(p.unanswered, '404: no rule matches');
      assert.match(p.reason, /Routes replace the Service's own behaviour, so the request gets 404\./);
      assert.deepEqual(p.candidates, [{ route: 'HTTPRoute/store/foo-api', rule: 0, why: 'PathPrefix /api: path /shop does not match PathPrefix /api' }]);
      assert.match(renderMeshPrediction(p), /expected: 404: no rule matches\n[^\n]*\n  nearest candidates:\n    HTTPRoute\/store\/foo-api rule #0/);
    });
  });

  describe('hostnames and route kinds', () => {
    it("a route's hostnames play no part (GEP-1426: SHOULD NOT infer any functionality from them)", () => {
      const named = PRODUCER.replace('spec:\n', 'spec:\n  hostnames: [shop.example.com]\n');
      const p = predictIn(`${SERVICES}---${named}`, 'web', req('/', { host: 'foo.store.svc.cluster.local' }));
      assert.deepEqual(p.applied, ['HTTPRoute/store/foo-route']);
      assert.equal(p.expected?.route?.name, 'foo-route');
    });

    it('rules of several routes rank by the match, then by age and name, as on a Gateway', () => {
      const api = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-api, namespace: store, creationTimestamp: "2026-01-05T00:00:00Z"}
spec:
  parentRefs: [{group: "", kind: Service, name: foo}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: foo-v2, port: 80}]
`;
      const yaml = `${SERVICES}---${PRODUCER}---${api}`;
      const p = predictIn(yaml, 'web', req('/api/orders'));
      assert.equal(p.expected?.route?.name, 'foo-api');
      assert.match(p.reason, /over HTTPRoute\/store\/foo-route rule 0 because a 4-character PathPrefix beats a 1-character PathPrefix/);
      assert.equal(predictIn(yaml, 'web', req('/cart')).expected?.route?.name, 'foo-route');
    });

    it('a GRPCRoute on the same port wins over the HTTPRoutes (route type specificity)', () => {
      const grpc = `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: foo-grpc, namespace: store}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, port: 80}]
  rules:
  - matches: [{method: {service: store.Cart}}]
    backendRefs: [{name: foo-v2, port: 80}]
`;
      const p = predictIn(`${SERVICES}---${PRODUCER}---${grpc}`, 'web', req('/store.Cart/Get', { headers: { 'content-type': 'application/grpc' } }));
      assert.deepEqual(p.applied, ['GRPCRoute/store/foo-grpc']);
      assert.equal(p.expected?.route?.name, 'foo-grpc');
      assert.ok(p.notApplied.some((n) => n.route === 'HTTPRoute/store/foo-route' && /Conflicted\): GRPCRoute binds here too/.test(n.why)));
      // A plain HTTP request on that port meets the GRPCRoute's rules too, and none matches.
      const plain = predictIn(`${SERVICES}---${PRODUCER}---${grpc}`, 'web', req('/cart'));
      assert.equal(plain.unanswered, 'gRPC Unimplemented: no rule matches');
      assert.ok(plain.assumptions.some((a) => a.includes('A GRPCRoute binds Service store/foo port 80')));
      // Port 9090 has the HTTPRoute alone.
      assert.equal(predictIn(`${SERVICES}---${PRODUCER}---${grpc}`, 'web', req('/', { port: 9090 })).expected?.route?.name, 'foo-route');
    });

    it('a TCPRoute forwards the connection; one without a backend rejects it', () => {
      const tcp = `
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: foo-tcp, namespace: store}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, port: 9090}]
  rules: [{backendRefs: [{name: foo-v2, port: 80}]}]
`;
      const p = predictIn(`${SERVICES}---${tcp}`, 'web', req('/', { port: 9090 }));
      assert.equal(p.expected?.route?.kind, 'TCPRoute');
      assert.equal(p.reason, 'TCPRoute/store/foo-tcp takes the connections to Service store/foo port 9090.');
      const dangling = predictIn(`${SERVICES}---${tcp.replace('foo-v2', 'gone')}`, 'web', req('/', { port: 9090 }));
      assert.equal(dangling.expected?.rejected, true);
      assert.match(dangling.reason, /but the connection is rejected: no forwarding to store\/gone:80 BackendNotFound\./);
    });
  });

  describe('what cannot be predicted, said plainly', () => {
    it('a Service that does not exist', () => {
      const p = predictIn(SERVICES, 'web', req(), { namespace: 'store', name: 'bar' });
      assert.equal(p.expected, null);
      assert.equal(p.unanswered, 'no such Service');
      assert.equal(p.reason, 'Service store/bar does not exist, so its name does not resolve for the client and no mesh route can apply.');
    });

    it('Services that could not be read: unknown, never "does not exist"', () => {
      // A namespace-scoped user: the Service was not read, because it could not be.
      const p = predictIn(SERVICES, 'web', req(), { namespace: 'store', name: 'bar' }, { services: { state: 'forbidden', message: 'cannot list services in namespace store' } });
      assert.equal(p.unanswered, 'unknown');
      assert.equal(p.reason, 'Service store/bar: unknown (forbidden: cannot list services in namespace store), so which routes apply cannot be told.');
      assert.doesNotMatch(p.reason, /does not exist/);
    });

    it('routes that could apply and were not read: the prediction says so (incomplete), never silently', () => {
      const denied = { state: 'partial', namespaces: ['store'], names: [], denied: { web: 'forbidden: cannot list httproutes in namespace web' } } as Coverage;
      const p = predictIn(`${SERVICES}---${PRODUCER}`, 'web', req(), FOO, { httproutes: denied });
      assert.equal(p.expected?.route?.name, 'foo-route');
      assert.deepEqual(p.incomplete, ['HTTPRoutes in namespace web: unknown (forbidden: cannot list httproutes in namespace web)']);
      assert.ok(p.assumptions.some((a) => a.startsWith('Not every route that could apply was read (HTTPRoutes in namespace web')));
      // From -f files, a route kind the files do not hold is no gap: the files are the input.
      assert.equal(predictIn(`${SERVICES}---${PRODUCER}`, 'web', req(), FOO, { grpcroutes: { state: 'files' } }).incomplete, undefined);
    });

    it('a port the Service does not expose, and no port among several', () => {
      const refused = predictIn(SERVICES, 'web', req('/', { port: 8443 }));
      assert.equal(refused.unanswered, 'connection refused');
      assert.equal(refused.reason, 'Service store/foo exposes no port 8443 (ports: 80/http, 9090/grpc): nothing listens there, so the connection is refused.');
      const noDefault = SERVICES.replace('{name: http, port: 80}, {name: grpc, port: 9090}', '{name: http, port: 8080}, {name: grpc, port: 9090}');
      const which = predictIn(noDefault, 'web');
      assert.equal(which.unanswered, 'which port?');
      assert.match(which.reason, /say which with --port/);
      // One port: that one.
      assert.equal(predictIn(SERVICES, 'web', req(), { namespace: 'store', name: 'foo-v2' }).port, 80);
    });

    it('a route whose parentRef is not accepted is listed, with why', () => {
      const wrongPort = PRODUCER.replace('name: foo}]', 'name: foo, port: 8080}]');
      const p = predictIn(`${SERVICES}---${wrongPort}`, 'web');
      assert.equal(p.routes, 'none');
      assert.equal(p.notApplied.length, 1);
      assert.match(p.notApplied[0].why, /^parentRef 0 is not accepted \(NoMatchingParent\): Service store\/foo exposes no port 8080/);
    });

    it('a headless parent Service: predicted, with the caveat', () => {
      const headless = SERVICES.replace('clusterIP: 10.96.0.10', 'clusterIP: None');
      const p = predictIn(`${headless}---${PRODUCER}`, 'web');
      assert.equal(p.expected?.route?.name, 'foo-route');
      assert.ok(p.assumptions.some((a) => a.includes('headless (clusterIP: None): GEP-1426 says meshes SHOULD NOT accept it as a parent')));
    });
  });

  it('-o json: the documented keys', () => {
    const doc = meshPredictionDocument(predictIn(`${SERVICES}---${PRODUCER}`, 'web'));
    assert.deepEqual(Object.keys(doc), ['apiVersion', 'kind', 'request', 'service', 'port', 'client', 'routes', 'applied', 'expected', 'reason', 'notApplied', 'candidates', 'assumptions']);
    assert.equal(doc.kind, 'MeshPrediction');
  });
});
