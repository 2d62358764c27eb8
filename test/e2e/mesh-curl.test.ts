// `kubectl gw curl --mesh --dry-run` end to end: the real kubectl dispatching to the plugin, which
// reads the in-repo API server (or -f files) and predicts a request sent inside the mesh. The
// cluster holds the upstream mesh conformance Services and MeshConsumerRoute's consumer route,
// plus a producer route: which one applies depends on the client's namespace.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import type { KubeObject } from '../../src/model/objects.js';
import { runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-mesh-curl-'));
const MANIFESTS = 'test/conformance/manifests';
const BASE = `${MANIFESTS}/mesh-base.yaml`;
const CONSUMER_ROUTE = `${MANIFESTS}/mesh-consumer-route.yaml`;

const PRODUCER_ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'echo-v1-canary', namespace: 'gateway-conformance-mesh' },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'echo-v1', port: 80 }],
    rules: [
      { matches: [{ headers: [{ name: 'x-canary', value: '1' }] }], backendRefs: [{ name: 'echo-v2', port: 80 }] },
      { backendRefs: [{ name: 'echo-v1', port: 80 }] },
    ],
  },
} as unknown as KubeObject;

describe('kubectl gw curl --mesh --dry-run (through kubectl)', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let kc: string;

  before(async () => {
    server = await startApiServer({ fixtures: [BASE, CONSUMER_ROUTE], objects: [PRODUCER_ROUTE] });
    kc = server.writeKubeconfig(join(tmp, 'kubeconfig'));
  });
  after(() => server.close());

  it("a client in the consumer namespace (-n) gets its own namespace's consumer route", async () => {
    server.clearRequests();
    const r = await runGw(['curl', '--mesh', '--dry-run', 'http://echo-v1.gateway-conformance-mesh/', '--kubeconfig', kc, '-n', 'gateway-conformance-mesh-consumer']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^mesh: Service gateway-conformance-mesh\/echo-v1 port 80, client in namespace gateway-conformance-mesh-consumer \(consumer routes: HTTPRoute\/gateway-conformance-mesh-consumer\/mesh-echo-add-header\)\n/);
    assert.match(r.stdout, /expected: HTTPRoute gateway-conformance-mesh-consumer\/mesh-echo-add-header rule #0 -> Service gateway-conformance-mesh\/echo-v1:80 \(1 endpoint ready\)/);
    assert.match(r.stdout, /HTTPRoute\/gateway-conformance-mesh\/echo-v1-canary: a producer route: namespace gateway-conformance-mesh-consumer has consumer routes/);
    // It only read: no port-forward, no write.
    assert.ok(server.requests.length > 0);
    assert.ok(server.requests.every((q) => q.method === 'GET' && !q.path.endsWith('/portforward')), JSON.stringify(server.requests.map((q) => `${q.method} ${q.path}`)));
  });

  it('any other namespace (--from) gets the producer route, matched on the headers', async () => {
    const r = await runGw(['curl', '--mesh', '--dry-run', '--service', 'gateway-conformance-mesh/echo-v1', '/', '-H', 'X-Canary: 1', '--from', 'default', '--kubeconfig', kc, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { kind: string; client: string; routes: string; applied: string[]; expected: { route: { name: string }; rule: number; backends: Array<{ name: string; readyEndpoints: number }> } };
    assert.equal(doc.kind, 'MeshPrediction');
    assert.equal(doc.client, 'default');
    assert.equal(doc.routes, 'producer');
    assert.deepEqual(doc.applied, ['HTTPRoute/gateway-conformance-mesh/echo-v1-canary']);
    assert.equal(doc.expected.route.name, 'echo-v1-canary');
    assert.equal(doc.expected.rule, 0);
    assert.deepEqual(doc.expected.backends.map((b) => [b.name, b.readyEndpoints]), [['echo-v2', 1]]);
  });

  it('offline with -f, the same answers', async () => {
    const r = await runGw(['curl', '--mesh', '--dry-run', '-f', BASE, '-f', CONSUMER_ROUTE, 'http://echo-v1.gateway-conformance-mesh/', '--from', 'gateway-conformance-mesh-consumer', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { expected: { route: { name: string } } }).expected.route.name, 'mesh-echo-add-header');
    const other = await runGw(['curl', '--mesh', '--dry-run', '-f', BASE, '-f', CONSUMER_ROUTE, 'http://echo-v1.gateway-conformance-mesh/']);
    assert.equal(other.code, 0, other.stderr);
    assert.match(other.stdout, /no route binds\nexpected: no route, the Service itself -> Service gateway-conformance-mesh\/echo-v1:80 \(1 endpoint ready\)/);
  });

  it('a user who may not read the Service: unknown, never "does not exist", exit 3', async () => {
    const denied = await startApiServer({
      fixtures: [BASE, CONSUMER_ROUTE],
      forbidden: [{ resource: 'services', namespace: '' }, { resource: 'services', namespace: 'gateway-conformance-mesh' }],
    });
    try {
      const file = denied.writeKubeconfig(join(tmp, 'kubeconfig-denied'), { namespace: 'gateway-conformance-mesh-consumer' });
      const r = await runGw(['curl', '--mesh', '--dry-run', 'http://echo-v1.gateway-conformance-mesh/', '--kubeconfig', file]);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(r.stdout, /^mesh: Service gateway-conformance-mesh\/echo-v1, client in namespace gateway-conformance-mesh-consumer\nexpected: unknown\n  Service gateway-conformance-mesh\/echo-v1: unknown \(forbidden: [^\n]*\), so which routes apply cannot be told\.\n/);
      assert.doesNotMatch(r.stdout, /does not exist/);
    } finally {
      await denied.close();
    }
  });

  it('usage errors: one sentence, exit 2, before reading anything', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--mesh', 'http://echo-v1.gateway-conformance-mesh/'], /^error: --mesh only predicts: add --dry-run/],
      [['--mesh', '--dry-run', '--gateway', 'infra/edge', 'http://echo-v1.gateway-conformance-mesh/'], /^error: .*--gateway.*--mesh|^error: .*--mesh.*--gateway/],
      [['--from', 'web', '--dry-run', '--host', 'a.example.com', '/'], /^error: .*--mesh/],
      [['--mesh', '--dry-run', 'http://api.example.com/'], /^error: "api\.example\.com" does not name a Service/],
    ];
    for (const [args, message] of cases) {
      server.clearRequests();
      const r = await runGw(['curl', ...args, '--kubeconfig', kc]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.deepEqual(server.requests, [], args.join(' '));
    }
  });
});
