import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import { collectFindings } from '../../src/findings/checks.js';
import { explainRoute } from '../../src/explain/route.js';
import { renderRouteExplanation } from '../../src/render/explain.js';
import { colorEnabled, useColor } from '../../src/render/style.js';
import { MESH_HEADING, renderTree } from '../../src/render/tree.js';
import { NOW, cluster, computed, parentOf } from './cluster.js';
import { PRODUCER, SERVICES } from './gep-1426.js';

// GEP-1426's example: the producer route foo-route in namespace store splits the traffic for
// Service store/foo 90/10 between foo and foo-v2. Namespace web holds a consumer route for the
// same Service, which applies to web's clients only.
const CONSUMER = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-timeouts, namespace: web}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, namespace: store, port: 80}]
  rules:
  - timeouts: {request: 5s}
    backendRefs: [{name: foo, namespace: store, port: 80}]
`;

function graphOf(yaml: string) {
  const snapshot = cluster(yaml);
  const graph = buildGraph(snapshot, { now: NOW });
  return { snapshot, graph, findings: collectFindings(graph, snapshot, { now: NOW }) };
}

function codes(findings: ReturnType<typeof graphOf>['findings'], route: string): string[] {
  return findings.filter((f) => `${f.subject.kind}/${f.subject.namespace}/${f.subject.name}` === route).map((f) => f.code);
}

describe('spec/mesh (GAMMA, GEP-1426)', () => {
  it('a producer route binds to its Service on every port, for clients in every namespace', () => {
    const { graph, findings } = graphOf(`${SERVICES}\n---\n${PRODUCER}`);
    const p = parentOf(graph, 'HTTPRoute/store/foo-route');
    assert.equal(computed(p.computed, 'Accepted'), 'True Accepted');
    assert.equal(computed(p.computed, 'ResolvedRefs'), 'True ResolvedRefs');
    assert.deepEqual(p.mesh, { service: 'store/foo', role: 'producer', clients: null, exists: true, serviceType: 'ClusterIP', servicePorts: ['80/http', '9090/grpc'], ports: [80, 9090] });
    assert.deepEqual(codes(findings, 'HTTPRoute/store/foo-route'), []);
  });

  it('a consumer route in another namespace applies to that namespace only, and needs no ReferenceGrant for its backend', () => {
    const { graph, findings } = graphOf(`${SERVICES}\n---\n${CONSUMER}`);
    const p = parentOf(graph, 'HTTPRoute/web/foo-timeouts');
    assert.equal(computed(p.computed, 'Accepted'), 'True Accepted');
    assert.equal(computed(p.computed, 'ResolvedRefs'), 'True ResolvedRefs');
    assert.equal(p.mesh?.role, 'consumer');
    assert.equal(p.mesh?.clients, 'web');
    assert.deepEqual(p.mesh?.ports, [80]);
    assert.match(p.computed[0].message, /consumer route: applies only to requests to Service store\/foo from clients in namespace web on port 80\/http/);
    assert.deepEqual(codes(findings, 'HTTPRoute/web/foo-timeouts'), []);
  });

  it('a parent Service that does not exist: Accepted=False NoMatchingParent (MS701)', () => {
    const { graph, findings } = graphOf(`${SERVICES}\n---\n${PRODUCER.replace('kind: Service, name: foo}', 'kind: Service, name: fooo}')}`);
    const p = parentOf(graph, 'HTTPRoute/store/foo-route');
    assert.equal(computed(p.computed, 'Accepted'), 'False NoMatchingParent');
    assert.equal(p.mesh?.exists, false);
    assert.deepEqual(codes(findings, 'HTTPRoute/store/foo-route'), ['MS701']);
  });

  it('a parentRef port or port name the Service does not expose (MS702)', () => {
    const { graph, findings } = graphOf(`${SERVICES}\n---\n${CONSUMER.replace('port: 80}]\n  rules', 'port: 8080}]\n  rules')}`);
    const p = parentOf(graph, 'HTTPRoute/web/foo-timeouts');
    assert.equal(computed(p.computed, 'Accepted'), 'False NoMatchingParent');
    assert.match(p.computed[0].message, /Service store\/foo exposes no port 8080 \(ports: 80\/http, 9090\/grpc\)/);
    assert.deepEqual(codes(findings, 'HTTPRoute/web/foo-timeouts'), ['MS702']);
    const named = graphOf(`${SERVICES}\n---\n${PRODUCER.replace('name: foo}]', 'name: foo, sectionName: grpc}]')}`);
    assert.deepEqual(parentOf(named.graph, 'HTTPRoute/store/foo-route').mesh?.ports, [9090]);
  });

  it('unknown, not missing, when Services could not be read', () => {
    const snapshot = cluster(`${SERVICES}\n---\n${PRODUCER}`, { coverage: { services: { state: 'forbidden', message: 'cannot list services (forbidden)' } } });
    snapshot.services = [];
    const p = parentOf(buildGraph(snapshot, { now: NOW }), 'HTTPRoute/store/foo-route');
    assert.equal(computed(p.computed, 'Accepted'), 'Unknown Unknown');
    assert.equal(p.mesh?.exists, null);
  });

  it('compares with the status a mesh controller wrote (ST301 when they differ)', () => {
    const reported = `${PRODUCER.replace('name: fooo', 'name: foo')}
status:
  parents:
  - parentRef: {group: "", kind: Service, name: foo}
    controllerName: istio.io/mesh-controller
    conditions:
    - {type: Accepted, status: "False", reason: NoMatchingParent, message: "no such Service"}
    - {type: ResolvedRefs, status: "True", reason: ResolvedRefs}`;
    const { graph, findings } = graphOf(`${SERVICES}\n---\n${reported}`);
    const p = parentOf(graph, 'HTTPRoute/store/foo-route');
    assert.equal(p.reported?.controllerName, 'istio.io/mesh-controller');
    assert.equal(p.agrees, false);
    assert.deepEqual(codes(findings, 'HTTPRoute/store/foo-route'), ['ST301']);
  });

  it('a headless parent Service (MS703)', () => {
    const { findings } = graphOf(`${SERVICES.replace('clusterIP: 10.96.0.10', 'clusterIP: None')}\n---\n${PRODUCER}`);
    assert.deepEqual(codes(findings, 'HTTPRoute/store/foo-route'), ['MS703']);
  });

  it('a GRPCRoute and an HTTPRoute on the same Service port: the HTTPRoute is ignored there (MS704)', () => {
    const grpc = `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: foo-grpc, namespace: store}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, port: 9090}]
  rules: [{backendRefs: [{name: foo, port: 9090}]}]`;
    const { findings } = graphOf(`${SERVICES}\n---\n${PRODUCER}\n---\n${grpc}\n---\n${CONSUMER}`);
    const ms704 = findings.filter((f) => f.code === 'MS704');
    assert.deepEqual(ms704.map((f) => `${f.subject.kind}/${f.subject.namespace}/${f.subject.name}`), ['HTTPRoute/store/foo-route']);
    assert.match(ms704[0].message, /ignored on Service store\/foo port 9090: GRPCRoute store\/foo-grpc binds there too/);
  });

  describe("MS705: a namespace's consumer routes that take only some requests", () => {
    const consumer = (name: string, kind: string, rules: string, port = ', port: 80') => `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}, namespace: web}
spec:
  parentRefs: [{group: "", kind: Service, name: foo, namespace: store${port}}]
  rules: ${rules}`;
    const checkout = consumer('foo-checkout', 'HTTPRoute', '[{matches: [{path: {type: PathPrefix, value: /checkout}}], backendRefs: [{name: foo-v2, namespace: store, port: 80}]}]');
    const ms705 = (yaml: string) => graphOf(`${SERVICES}\n---\n${PRODUCER}\n---\n${yaml}`).findings.filter((f) => f.code === 'MS705');

    it('one path overridden: the rest of web\'s requests get 404, said on the consumer route, with the catch-all rule to add', () => {
      const [f, ...more] = ms705(checkout);
      assert.deepEqual(more, []);
      assert.equal(`${f.subject.kind}/${f.subject.namespace}/${f.subject.name}`, 'HTTPRoute/web/foo-checkout');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /^clients in namespace web get 404 from Service store\/foo \(port 80\) for every request no rule of their consumer routes matches \(HTTPRoute web\/foo-checkout\)/);
      assert.match(f.fix ?? '', /- backendRefs: \[\{name: foo, namespace: store, port: 80\}\]/);
    });

    const quiet: Array<[string, string]> = [
      ['a catch-all rule after the override', checkout.replace(']}]', ']}, {backendRefs: [{name: foo, namespace: store, port: 80}]}]')],
      ['a rule without matches', consumer('foo-all', 'HTTPRoute', '[{backendRefs: [{name: foo-v2, namespace: store, port: 80}]}]')],
      ['PathPrefix / with no condition, in a second route of the same namespace', `${checkout}\n---\n${consumer('foo-rest', 'HTTPRoute', '[{matches: [{path: {type: PathPrefix, value: /}}], backendRefs: [{name: foo, namespace: store, port: 80}]}]')}`],
      ['a consumer route to a Service that does not exist (MS701 says that)', checkout.replace('name: foo, namespace: store, port: 80}]', 'name: fooo, namespace: store, port: 80}]')],
    ];
    for (const [what, yaml] of quiet) it(`not reported: ${what}`, () => assert.deepEqual(ms705(yaml), []));

    it('not reported for producer routes: restricting a Service is theirs to do', () => {
      assert.deepEqual(ms705(PRODUCER.replace('metadata: {name: foo-route', 'metadata: {name: foo-api').replace('rules:\n', 'rules:\n  - matches: [{path: {type: PathPrefix, value: /api}}]\n    backendRefs: [{name: foo, port: 80}]\n')), []);
    });

    it('a conditional PathPrefix / is not a catch-all; a GRPCRoute with method matches only gets gRPC Unimplemented for the rest', () => {
      assert.equal(ms705(consumer('foo-canary', 'HTTPRoute', '[{matches: [{path: {type: PathPrefix, value: /}, headers: [{name: x-canary, value: "1"}]}], backendRefs: [{name: foo-v2, namespace: store, port: 80}]}]')).length, 1);
      const grpc = ms705(consumer('foo-grpc', 'GRPCRoute', '[{matches: [{method: {service: store.Cart}}], backendRefs: [{name: foo, namespace: store, port: 9090}]}]', ', port: 9090'));
      assert.equal(grpc.length, 1);
      assert.match(grpc[0].message, /get gRPC Unimplemented from Service store\/foo \(port 9090\)/);
      // Bound to every port (no port): one finding naming them all.
      const all = ms705(consumer('foo-checkout', 'HTTPRoute', '[{matches: [{path: {type: PathPrefix, value: /checkout}}], backendRefs: [{name: foo-v2, namespace: store, port: 80}]}]', ''));
      assert.equal(all.length, 1);
      assert.match(all[0].message, /\(port 80, 9090\)/);
    });
  });

  describe('rendered', () => {
    let saved: boolean;
    before(() => {
      saved = colorEnabled();
      useColor(false);
    });
    after(() => useColor(saved));

    it('tree shows mesh routes under their Service, producer and consumer', () => {
      const { graph } = graphOf(`${SERVICES}\n---\n${PRODUCER}\n---\n${CONSUMER}`);
      const out = renderTree(graph);
      const section = out.slice(out.indexOf(MESH_HEADING));
      const lines = section.split('\n').map((l) => l.trimEnd());
      assert.match(lines[2], /^Service\/store\/foo +✔ found +ports 80\/http, 9090\/grpc; 2 routes$/);
      assert.match(lines[3], /^├─ HTTPRoute\/store\/foo-route +\S+ Accepted, ResolvedRefs +producer: clients in every namespace; every port$/);
      assert.ok(lines.some((l) => /^└─ HTTPRoute\/web\/foo-timeouts +\S+ Accepted, ResolvedRefs +consumer: clients in web only; port 80$/.test(l)), section);
      assert.ok(!out.includes('Routes whose parents are not Gateways'), 'Service parents are not repeated in the other-parents section');
    });

    it('explain route says what the binding is, and the verdict names the Service', () => {
      const { graph, findings } = graphOf(`${SERVICES}\n---\n${CONSUMER}`);
      const route = graph.routes.find((r) => r.id === 'HTTPRoute/web/foo-timeouts')!;
      const x = explainRoute(graph, route, findings, []);
      assert.equal(x.parents[0].mesh?.role, 'consumer');
      const prose = renderRouteExplanation(x);
      assert.match(prose, /consumer route: applies only to requests to Service store\/foo from clients in namespace web/);
      assert.match(prose, /Verdict: HTTPRoute web\/foo-timeouts configures mesh traffic to Service store\/foo \(consumer route: for clients in web only\)\./);
      // GEP-1426: meshes SHOULD NOT infer anything from hostnames; explain says so, not "any listener hostname".
      assert.match(prose, /hostnames: none \(a mesh route: hostnames play no part\)/);
      const named = graphOf(`${SERVICES}\n---\n${CONSUMER.replace('spec:\n', 'spec:\n  hostnames: [foo.example.com]\n')}`);
      const withNames = named.graph.routes.find((r) => r.id === 'HTTPRoute/web/foo-timeouts')!;
      assert.match(renderRouteExplanation(explainRoute(named.graph, withNames, named.findings, [])), /hostnames: foo\.example\.com \(ignored in the mesh: GEP-1426\)/);
    });
  });
});
