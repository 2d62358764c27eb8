// Issue 8 item 4, "no route is lost": a route whose parentRefs name Services (GAMMA mesh), other
// routes (delegation) or any other kind is attached to no listener, yet `tree` and `tree -o json`
// must still show it, with those parents, its rules and its backends.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-other-parents-'));

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: example.io/gw}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
`;

const MESH = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec: {ports: [{port: 9080}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews-canary, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: reviews, port: 9080}]
  rules:
  - matches: [{headers: [{name: x-canary, value: "1"}]}]
    backendRefs: [{name: reviews-v2, port: 9080}]
  - backendRefs: [{name: reviews-v1, port: 9080}]
status:
  parents:
  - parentRef: {group: "", kind: Service, name: reviews, port: 9080}
    controllerName: istio.io/gateway-controller
    conditions: [{type: Accepted, status: "True", reason: Accepted}, {type: ResolvedRefs, status: "True", reason: ResolvedRefs}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: child, namespace: shop}
spec:
  parentRefs: [{kind: HTTPRoute, name: parent-route}]
  rules: [{backendRefs: [{name: child-svc, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: external, namespace: shop}
spec:
  parentRefs: [{group: networking.istio.io, kind: ServiceEntry, name: payments-api}]
  hostnames: [payments.example.com]
  rules: [{backendRefs: [{name: payments, port: 443}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: both, namespace: shop}
spec:
  parentRefs: [{name: edge, namespace: infra}, {group: "", kind: Service, name: reviews}]
  rules: [{backendRefs: [{name: grpc, port: 50051}]}]
`;

const ROUTES = ['HTTPRoute/shop/reviews-canary', 'HTTPRoute/shop/child', 'HTTPRoute/shop/external', 'GRPCRoute/shop/both'];

interface TreeDoc {
  routes: Array<{ id: string; parents: Array<{ target: string; parentRef: { kind: string; name: string } }>; rules: Array<{ backends: Array<{ ref: { name: string } }> }> }>;
  otherParents?: Array<{ route: string; parents: number[] }>;
}

describe('kubectl gw tree: routes whose parents are not Gateways', function () {
  this.timeout(60_000);
  const withGateway = join(tmp, 'with-gateway.yaml');
  const meshOnly = join(tmp, 'mesh-only.yaml');
  before(() => {
    writeFileSync(withGateway, `${GATEWAY}---\n${MESH}`);
    writeFileSync(meshOnly, MESH);
  });

  for (const [label, file] of [
    ['next to a Gateway', () => withGateway],
    ['with no Gateway at all', () => meshOnly],
  ] as const) {
    it(`shows every route in the text tree, ${label}`, async () => {
      const r = await runGw(['tree', '-A', '-f', file()], { direct: true });
      assert.equal(r.code, 0, r.stderr);
      for (const id of ROUTES) assert.ok(r.stdout.includes(id), `${id} missing from:\n${r.stdout}`);
      // Routes bound to a Service are computed (GAMMA) and drawn under their Service.
      const [, mesh] = r.stdout.split('Mesh (GAMMA)');
      assert.ok(mesh, `no mesh section:\n${r.stdout}`);
      assert.match(mesh, /Service\/shop\/reviews\s+✔ found\s+ports 9080; 2 routes/);
      assert.match(mesh, /HTTPRoute\/shop\/reviews-canary\s+! Accepted, BackendNotFound\s+producer: clients in every namespace; port 9080; controller says ResolvedRefs, spec says BackendNotFound/);
      assert.match(mesh, /Service shop\/reviews-v2:9080/);
      assert.match(mesh, /rule #1/);
      assert.match(mesh, /Service shop\/grpc:50051/);
      // The other parents, each with what is known of it, its rules and backends.
      const [, section] = r.stdout.split('Routes whose parents are not Gateways');
      assert.ok(section, `no section for routes with other parents:\n${r.stdout}`);
      assert.match(section, /parent HTTPRoute shop\/parent-route\s+\? not checked\s+route delegation/);
      assert.match(section, /parent networking\.istio\.io\/ServiceEntry shop\/payments-api\s+\? not checked/);
      assert.match(section, /Service shop\/child-svc:80/);
      if (file() === withGateway) {
        // The route with a Gateway parent too is in the tree under its listener as well.
        const tree = r.stdout.split('\n\n')[0];
        assert.match(tree, /└─ GRPCRoute\/shop\/both/);
      } else {
        // No Gateway to draw: the output starts with the sections, not with a sentence about it.
        assert.doesNotMatch(r.stdout, /^NAME/);
      }
    });

    it(`carries every route in -o json, ${label}`, async () => {
      const r = await runGw(['tree', '-A', '-f', file(), '-o', 'json'], { direct: true });
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as TreeDoc;
      for (const id of ROUTES) assert.ok(doc.routes.some((route) => route.id === id), `${id} missing from routes`);
      assert.deepEqual(doc.otherParents, [
        { route: 'GRPCRoute/shop/both', parents: [1] },
        { route: 'HTTPRoute/shop/child', parents: [0] },
        { route: 'HTTPRoute/shop/external', parents: [0] },
        { route: 'HTTPRoute/shop/reviews-canary', parents: [0] },
      ]);
      const canary = doc.routes.find((route) => route.id === 'HTTPRoute/shop/reviews-canary')!;
      assert.equal(canary.parents[0].target, 'Service');
      assert.deepEqual(canary.rules.map((rule) => rule.backends.map((b) => b.ref.name)), [['reviews-v2'], ['reviews-v1']]);
    });
  }

  it('keeps them under -n when the route or its parent is in the namespace, and leaves them out for one Gateway', async () => {
    const other = await runGw(['tree', '-n', 'infra', '-f', withGateway, '-o', 'json'], { direct: true });
    const inInfra = JSON.parse(other.stdout) as TreeDoc;
    // Only "both" is shown in infra (under the Gateway), and its Service parent is in shop.
    assert.equal(inInfra.otherParents, undefined);
    const shop = JSON.parse((await runGw(['tree', '-n', 'shop', '-f', withGateway, '-o', 'json'], { direct: true })).stdout) as TreeDoc;
    assert.equal(shop.otherParents?.length, 4);
    const one = await runGw(['tree', 'edge', '-n', 'infra', '-f', withGateway], { direct: true });
    assert.ok(!one.stdout.includes('Routes whose parents are not Gateways'), one.stdout);
  });

  it('check reports parents of other kinds as RT212 (not checked); Service parents are computed instead', async () => {
    const r = await runGw(['check', '-A', '-f', withGateway, '-o', 'json'], { direct: true });
    const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; subject: { name: string } }> };
    const rt212 = report.findings.filter((f) => f.code === 'RT212').map((f) => f.subject.name).sort();
    assert.deepEqual(rt212, ['child', 'external']);
  });
});
