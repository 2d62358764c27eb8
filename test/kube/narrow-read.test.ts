// Narrow reads: a question about one route or one gateway reads what its answer needs, and gives
// the same answer as reading the whole cluster. Both reads run against the same API server; the
// request log shows the narrow one stays small however many unrelated apps the cluster holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyse, type Analysis } from '../../src/analyse.js';
import { explainGateway, findGateway } from '../../src/explain/gateway.js';
import { explainRoute, findRoute } from '../../src/explain/route.js';
import { connect, type Connection } from '../../src/kube/connection.js';
import { loadClusterSnapshot } from '../../src/kube/source.js';
import type { KubeObject } from '../../src/model/objects.js';
import { graphDocument } from '../../src/render/data.js';
import { renderTree } from '../../src/render/tree.js';
import type { ReadFocus } from '../../src/snapshot/needs.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const APPS = 40;

/** Unrelated apps: each a namespace, a route on the shared gateway, a Service and its slice. */
function unrelatedApps(): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < APPS; i++) {
    const ns = `app-${i}`;
    out.push(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, 'shared-gateway-access': 'true' } } },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { namespace: ns, name: 'web' },
        spec: {
          parentRefs: [{ name: 'shared-gw', namespace: 'infra', sectionName: 'https' }],
          hostnames: [`app-${i}.example.com`],
          rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name: 'web' }, spec: { ports: [{ port: 80 }] } },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { namespace: ns, name: 'web-1', labels: { 'kubernetes.io/service-name': 'web' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [`10.1.${i}.1`], conditions: { ready: true } }],
      },
    );
  }
  return out;
}

describe('narrow reads give the whole-cluster answer with a handful of requests', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ApiServer;
  let conn: Connection;
  let full: Analysis;

  async function read(focus?: ReadFocus): Promise<{ analysis: Analysis; requests: number; paths: string[] }> {
    server.clearRequests();
    const snapshot = await loadClusterSnapshot(conn, { focus });
    const paths = server.requests.map((r) => `${r.path}${r.query.labelSelector ? `?${r.query.labelSelector}` : ''}`);
    return { analysis: analyse(snapshot, { now: NOW }), requests: server.requests.length, paths };
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgw-narrow-'));
    server = await startApiServer({ fixtures: ['examples/'], objects: unrelatedApps() });
    conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config')), env: { HOME: dir } });
    full = (await read()).analysis;
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const routes = [
    ['store', 'store', undefined],
    ['store', 'grpc-inventory', 'GRPCRoute'],
    ['blog', 'blog', undefined],
    ['payments', 'checkout', undefined],
    ['payments', 'refunds', undefined],
    ['legacy', 'old-api', undefined],
    ['infra', 'postgres', 'TLSRoute'],
    ['app-7', 'web', undefined],
  ] as const;

  for (const [namespace, name, kind] of routes) {
    it(`explain route ${namespace}/${name}: the same explanation, without reading every Service`, async () => {
      const narrow = await read({ kind: 'route', namespace, name, routeKind: kind });
      const explain = (a: Analysis) => {
        const { route, ambiguity } = findRoute(a.graph, namespace, name, kind);
        return explainRoute(a.graph, route, a.findings, [], ambiguity);
      };
      assert.deepEqual(explain(narrow.analysis), explain(full));
      // No Service or EndpointSlice list cluster-wide, no Namespace list; one request per thing named.
      assert.ok(!narrow.paths.some((p) => /^\/api\/v1\/(services|namespaces)$|^\/apis\/discovery.k8s.io\/v1\/endpointslices$/.test(p)), narrow.paths.join('\n'));
      assert.ok(narrow.requests <= 40, `${narrow.requests} requests:\n${narrow.paths.join('\n')}`);
    });
  }

  for (const gateway of ['infra/shared-gw', 'infra/internal-gw']) {
    it(`tree ${gateway} and explain gateway: the same tree, JSON and explanation`, async () => {
      const [namespace, name] = gateway.split('/');
      const narrow = await read({ kind: 'gateway', namespace, name });
      const filter = { gateway, namespaces: null };
      assert.equal(renderTree(narrow.analysis.graph, filter), renderTree(full.graph, filter));
      const doc = (a: Analysis) => {
        const { coverage: _coverage, ...rest } = graphDocument(a.graph, filter);
        return rest;
      };
      assert.deepEqual(doc(narrow.analysis), doc(full));
      const explain = (a: Analysis) => explainGateway(a.graph, findGateway(a.graph, namespace, name), a.findings, []);
      assert.deepEqual(explain(narrow.analysis), explain(full));
    });
  }

  it('the request count does not grow with the apps the question is not about (no N+1)', async () => {
    const one = await read({ kind: 'route', namespace: 'store', name: 'store' });
    const perRoute = one.paths.filter((p) => !/\/(httproutes|grpcroutes|tlsroutes|tcproutes|udproutes)$/.test(p));
    // Discovery, the lists precedence needs, and the few objects the route names: independent of APPS.
    assert.ok(perRoute.length < APPS / 2, perRoute.join('\n'));
    assert.ok(one.paths.includes('/api/v1/namespaces/store/services/store-v1'));
    assert.ok(one.paths.includes('/apis/discovery.k8s.io/v1/namespaces/store/endpointslices?kubernetes.io/service-name in (store-v1,store-v2)'));
    // A gateway whose routes live in many namespaces: one list per kind, not a read per namespace.
    const gw = await read({ kind: 'gateway', namespace: 'infra', name: 'shared-gw' });
    assert.ok(gw.requests < 40, `${gw.requests} requests:\n${gw.paths.join('\n')}`);
  });
});
