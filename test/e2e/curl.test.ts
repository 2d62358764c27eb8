// `kubectl gw curl` end to end: the real kubectl dispatching to the plugin, the plugin reading the
// in-repo API server and port-forwarding (client-node, WebSocket) to stand-ins for the gateway's
// Envoy pod, whose routing tables are written by hand (test/support/example-cluster.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';
import { startApiServer } from '../support/apiserver.js';
import { startExampleCluster, type ExampleCluster } from '../support/example-cluster.js';
import { BIN, REPO, runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-curl-'));

function exampleCA(): string {
  for (const doc of parseAllDocuments(readFileSync(join(REPO, 'examples/21-infra-tls-secret.yaml'), 'utf8'))) {
    const obj = doc.toJS() as { kind?: string; data?: Record<string, string> };
    if (obj?.kind === 'Secret' && obj.data?.['ca.crt']) return Buffer.from(obj.data['ca.crt'], 'base64').toString('utf8');
  }
  throw new Error('no ca.crt in the example Secret');
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('kubectl gw curl (live, through kubectl)', function () {
  this.timeout(60_000);
  let cluster: ExampleCluster;
  let kc: string;
  let cacert: string;

  before(async () => {
    cluster = await startExampleCluster();
    kc = cluster.kubeconfig(join(tmp, 'kubeconfig'));
    cacert = join(tmp, 'example-ca.pem');
    writeFileSync(cacert, exampleCA());
  });
  after(() => cluster.close());

  it('a 200 from the predicted backend, over HTTPS with SNI verified against the CA', async () => {
    cluster.server.clearRequests();
    const r = await runGw(['curl', 'https://store.example.com/healthz', '--cacert', cacert, '--kubeconfig', kc, '-i']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /expected: HTTPRoute store\/store rule #0 -> Service store\/store-v1:80 \(2 endpoints ready\)/);
    assert.match(r.stdout, /HTTP\/1\.1 200 OK/);
    assert.match(r.stdout, /"backend":\s*"store\/store-v1:80"/);
    assert.match(r.stdout, /✔ 200 OK from backend store\/store-v1:80, as predicted/);
    assert.equal(cluster.https.requests.at(-1)?.sni, 'store.example.com');
    // It only read, and port-forwarded to the gateway's own pod.
    const methods = new Set(cluster.server.requests.map((q) => q.method));
    assert.deepEqual([...methods], ['GET']);
    assert.ok(cluster.server.requests.some((q) => /\/pods\/shared-gw-envoy-[^/]+\/portforward$/.test(q.path)));
  });

  it('a 404 with the explanation and the nearest candidates', async () => {
    const r = await runGw(['curl', 'https://shop.example.com/cart', '-k', '--kubeconfig', kc]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /expected: no route matches -> 404/);
    assert.match(r.stdout, /nearest candidates:/);
    assert.match(r.stdout, /404/);
  });

  it('a 503 explained by the backend with no ready endpoints', async () => {
    const r = await runGw(['curl', 'http://old-api.example.com/v1/things', '--kubeconfig', kc]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Service legacy\/old-api:80 \(0 endpoints ready\) -> 503/);
    assert.match(r.stdout, /no healthy upstream/);
    assert.match(r.stdout, /✔ 503 as predicted/);
  });

  it('a 500 for a backend the ReferenceGrant does not permit, and a redirect', async () => {
    const refused = await runGw(['curl', 'https://blog.example.com/login', '-k', '--kubeconfig', kc]);
    assert.equal(refused.code, 0, refused.stdout);
    assert.match(refused.stdout, /RefNotPermitted/);
    const redirect = await runGw(['curl', 'http://pay.example.com/api', '--kubeconfig', kc, '-i']);
    assert.equal(redirect.code, 0, redirect.stdout);
    assert.match(redirect.stdout, /location: https:\/\/pay\.example\.com\/api/i);
  });

  it('a wrong SNI: the TLS failure is said plainly, exit 1', async () => {
    const r = await runGw(['curl', 'https://store.example.com/healthz', '--sni', 'db.internal.test', '--cacert', cacert, '--kubeconfig', kc]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /TLS/);
    assert.match(r.stdout, /db\.internal\.test/);
  });

  it('--all probes every hostname x rule path of the examples; all agree', async () => {
    const r = await runGw(['curl', '--all', '--gateway', 'infra/shared-gw', '-k', '--kubeconfig', kc]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /11 of 11 probes agree with the prediction\./);
    for (const q of ['https://store.example.com/healthz', 'http://old-api.example.com/', 'https://pay.example.com/auth']) assert.ok(r.stdout.includes(q), q);
    // It changes nothing on the backends: GET and HEAD only, and no gRPC call.
    assert.ok(!/\b(POST|PUT|PATCH|DELETE) /.test(r.stdout), r.stdout);
    assert.match(
      r.stdout,
      /Not probed \(kubectl gw curl --all sends only GET and HEAD, no gRPC calls, and nothing for rules no request reaches\):\n  GRPCRoute\/store\/grpc-inventory rule 0 \(gRPC method inventory\.v1\.Inventory\/\*\)/,
    );
    // store/store-sale is attached and healthy, but store/store takes every request it matches.
    assert.match(r.stdout, /  HTTPRoute\/store\/store-sale rule 0 \(never reached: HTTPRoute store\/store rule #2 is older and matches every request rule #0 would \(listener https, host store\.example\.com\)\)/);
  });

  it('--all -o json lists the rules not probed', async () => {
    const r = await runGw(['curl', '--all', '--gateway', 'infra/shared-gw', '-k', '-o', 'json', '--kubeconfig', kc]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.rows.length, 11);
    assert.deepEqual(doc.skipped, [
      { route: 'GRPCRoute/store/grpc-inventory', rule: 0, cause: 'grpc', why: 'gRPC method inventory.v1.Inventory/*' },
      {
        route: 'HTTPRoute/store/store-sale',
        rule: 0,
        cause: 'unreachable',
        why: 'never reached: HTTPRoute store/store rule #2 is older and matches every request rule #0 would (listener https, host store.example.com)',
      },
    ]);
  });

  it('--all exits non-zero when the data plane disagrees', async () => {
    // The same cluster, but nothing listens on the Envoy pod's HTTPS port any more.
    const broken = await startExampleCluster();
    try {
      await broken.https.close();
      const r = await runGw(['curl', '--all', '--gateway', 'infra/shared-gw', '-k', '--timeout', '3s', '--kubeconfig', broken.kubeconfig(join(tmp, 'kc-broken'))]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /4 of 11 probes agree/);
    } finally {
      await broken.close();
    }
  });

  it('-o json gives the documented prediction shape plus the answer', async () => {
    const r = await runGw(['curl', 'https://store.example.com/', '-H', 'x-env: canary', '-k', '-o', 'json', '--kubeconfig', kc]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.request, { host: 'store.example.com', path: '/', method: 'GET', headers: { 'x-env': 'canary' }, query: {} });
    assert.equal(doc.gateway, 'infra/shared-gw');
    assert.equal(doc.listener, 'https');
    assert.deepEqual(doc.expected.route, { kind: 'HTTPRoute', namespace: 'store', name: 'store' });
    assert.equal(doc.expected.rule, 1);
    assert.deepEqual(doc.expected.backends.map((b: { name: string; port: number; weight: number }) => [b.name, b.port, b.weight]), [['store-v2', 80, 1]]);
    assert.equal(doc.response.status, 200);
    assert.equal(doc.verdict, 'ok');
  });

  it('a request timeout: one sentence, exit 1, and nothing left bound', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const server = await startApiServer({ fixtures: ['examples'], portForward: () => ({ host: '127.0.0.1', port }) });
    try {
      const started = Date.now();
      const r = await runGw(['curl', 'http://old-api.example.com/', '--timeout', '1s', '-v', '--kubeconfig', server.writeKubeconfig(join(tmp, 'kc-silent'))]);
      assert.equal(r.code, 1);
      assert.ok(Date.now() - started < 15_000);
      assert.match(r.stdout, /no response within 1s/);
      const local = Number(/forwarding 127\.0\.0\.1:(\d+)/.exec(r.stderr)?.[1]);
      assert.ok(local > 0, r.stderr);
      assert.ok(await refuses(local), 'the local forward port is closed after exit');
    } finally {
      await server.close();
      silent.close();
    }
  });

  it('Ctrl-C during a request: exits promptly, and the local port is closed', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const server = await startApiServer({ fixtures: ['examples'], portForward: () => ({ host: '127.0.0.1', port }) });
    try {
      const child = spawn(join(BIN, 'kubectl-gw'), ['curl', 'http://old-api.example.com/', '--timeout', '60s', '-v', '--kubeconfig', server.writeKubeconfig(join(tmp, 'kc-int'))], {
        cwd: REPO,
        env: { ...process.env, HOME: tmp },
      });
      let stderr = '';
      const local = await new Promise<number>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          const m = /forwarding 127\.0\.0\.1:(\d+)/.exec(stderr);
          // The request goes out right after the forward opens; give it a moment to be in flight.
          if (m && stderr.includes('* GET ')) resolve(Number(m[1]));
        });
        child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      const sent = Date.now();
      child.kill('SIGINT');
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
      assert.ok(Date.now() - sent < 5_000, 'exits promptly');
      assert.ok(code === 130 || signal === 'SIGINT', `exit ${code} ${signal}`);
      assert.ok(await refuses(local), 'the local forward port is closed');
    } finally {
      await server.close();
      silent.close();
    }
  });
});

describe('kubectl gw curl --dry-run (offline)', function () {
  this.timeout(30_000);

  it('predicts from -f files with no cluster', async () => {
    const r = await runGw(['curl', '--host', 'blog.example.com', '/login', '--dry-run', '-f', 'examples/']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /expected: HTTPRoute blog\/blog rule #1 -> Service infra\/auth:80 \(unresolved\) -> 500/);
  });

  it('several gateways for a host: lists them and asks for --gateway', async () => {
    const extra = join(tmp, 'second-gw.yaml');
    writeFileSync(
      extra,
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: store}
spec:
  gatewayClassName: eg
  listeners: [{name: web, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: edge-store, namespace: store}
spec:
  parentRefs: [{name: edge}]
  hostnames: [store.example.com]
  rules: [{backendRefs: [{name: store-v1, port: 80}]}]
`,
    );
    const r = await runGw(['curl', 'http://store.example.com/', '--dry-run', '-f', 'examples/', '-f', extra]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /several Gateways have a route for host store\.example\.com: .*infra\/shared-gw/);
    assert.match(r.stderr, /--gateway/);
  });

  it('usage errors exit 2: no host, -f without --dry-run', async () => {
    assert.equal((await runGw(['curl', '/x', '--dry-run', '-f', 'examples/'])).code, 2);
    assert.equal((await runGw(['curl', '--host', 'a.example.com', '-f', 'examples/'])).code, 2);
  });

  it('a bad --timeout or --cacert is a usage error even when the API server is unreachable', async () => {
    const server = await startApiServer({});
    const kc = server.writeKubeconfig(join(tmp, 'kc-down'));
    await server.close();
    const timeout = await runGw(['curl', 'http://a.example.com/', '--timeout', 'bogus', '--kubeconfig', kc]);
    assert.equal(timeout.code, 2, timeout.stderr);
    assert.match(timeout.stderr, /invalid --timeout "bogus"/);
    assert.doesNotMatch(timeout.stderr, /could not reach the API server/);
    const cacert = await runGw(['curl', 'https://a.example.com/', '--cacert', join(tmp, 'no-such-ca.pem'), '--kubeconfig', kc]);
    assert.equal(cacert.code, 1, cacert.stderr);
    assert.match(cacert.stderr, /--cacert/);
    assert.doesNotMatch(cacert.stderr, /could not reach the API server/);
  });
});
