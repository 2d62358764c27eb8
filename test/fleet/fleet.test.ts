// Several clusters in one run, through the real kubectl: two in-repo API servers and a kubeconfig
// with three contexts, one of them unreachable. The same route is Accepted in one cluster and
// refused in the other (its namespace is not admitted there).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/model/objects.js';
import { readClusters } from '../../src/fleet/read.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { writeKubeconfigFile } from '../support/kubeconfig.js';
import { runGw } from '../e2e/run-gw.js';

const GW = 'gateway.networking.k8s.io/v1';

function objects(from: 'All' | 'Same'): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    {
      apiVersion: GW,
      kind: 'GatewayClass',
      metadata: { name: 'eg' },
      spec: { controllerName: 'example.com/gw' },
      status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] },
    },
    {
      apiVersion: GW,
      kind: 'Gateway',
      metadata: { namespace: 'infra', name: 'public' },
      spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from } } }] },
    },
    {
      apiVersion: GW,
      kind: 'HTTPRoute',
      metadata: { namespace: 'shop', name: 'web' },
      spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop', name: 'web' }, spec: { ports: [{ port: 80 }] } },
  ];
}

describe('fleet: --context a,b,c and --all-contexts', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'gw-fleet-'));
  let eu: ApiServer;
  let us: ApiServer;
  let kubeconfig: string;

  before(async () => {
    [eu, us] = await Promise.all([startApiServer({ objects: objects('All') }), startApiServer({ objects: objects('Same') })]);
    // A port nothing listens on: the third context is unreachable.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const a = eu.kubeconfig({ context: 'prod-eu', cluster: 'eu', user: 'eu' }) as Record<string, unknown[]>;
    const b = us.kubeconfig({ context: 'prod-us', cluster: 'us', user: 'us' }) as Record<string, unknown[]>;
    const c = eu.kubeconfig({ context: 'prod-ap', cluster: 'ap', user: 'ap', server: `https://127.0.0.1:${port}` }) as Record<string, unknown[]>;
    kubeconfig = writeKubeconfigFile(join(dir, 'config'), {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [...a.clusters, ...b.clusters, ...c.clusters],
      users: [...a.users, ...b.users, ...c.users],
      contexts: [...a.contexts, ...b.contexts, ...c.contexts],
      'current-context': 'prod-eu',
    });
  });
  after(async () => Promise.all([eu.close(), us.close()]));

  it('check: each cluster in its own section, the unreachable one said there, the differing verdict across clusters', async () => {
    const r = await runGw(['check', '-A', '--all-contexts', '--kubeconfig', kubeconfig, '--request-timeout', '20s']);
    const sections = r.stdout.split(/^==> /m).filter(Boolean).map((s) => s.split(' <==')[0]);
    assert.deepEqual(sections, ['context prod-eu', 'context prod-us', 'context prod-ap', 'across clusters'], r.stdout);
    assert.match(r.stdout, /==> context prod-ap <==\nerror: could not reach the API server at https:\/\/127\.0\.0\.1:\d+: connection refused/);
    assert.match(r.stdout, /==> context prod-us <==[\s\S]*RT203/);
    assert.match(r.stdout, /FL801[\s\S]*prod-eu: Gateway infra\/public: Accepted, ResolvedRefs on http[\s\S]*prod-us: Gateway infra\/public: Accepted=False NotAllowedByListeners/);
    // prod-us has an error finding: problems win over the unreachable cluster's "incomplete".
    assert.equal(r.code, 1, r.stderr);
  });

  it('check -o json carries clusters[] and the findings across them; exit 3 when only a cluster is missing', async () => {
    const r = await runGw(['check', '-A', '--context', 'prod-eu,prod-ap', '-o', 'json', '--kubeconfig', kubeconfig]);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'FleetCheckReport');
    assert.deepEqual(doc.clusters.map((c: { context: string }) => c.context), ['prod-eu', 'prod-ap']);
    assert.equal(doc.clusters[0].counts.error, 0);
    assert.equal(doc.clusters[0].failed, false);
    assert.match(doc.clusters[1].error, /could not reach/);
    assert.deepEqual(doc.findings, []);
    assert.equal(doc.exitCode, 3);
    assert.equal(r.code, 3);
  });

  it('explain route in two clusters: both explanations and the verdict that differs', async () => {
    const r = await runGw(['explain', 'route', 'web', '-n', 'shop', '--context', 'prod-eu,prod-us', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'FleetRouteExplanation');
    assert.deepEqual(doc.clusters.map((c: { context: string }) => c.context), ['prod-eu', 'prod-us']);
    assert.match(doc.clusters[0].verdict, /^HTTPRoute shop\/web is attached to infra\/public \(http\)\./);
    assert.match(doc.clusters[1].verdict, /^HTTPRoute shop\/web is NOT attached/);
    assert.deepEqual(doc.findings.map((f: { code: string }) => f.code), ['FL801']);
  });

  it('tree -o yaml groups by context; -f cannot be combined with several contexts', async () => {
    const r = await runGw(['tree', '-A', '--context', 'prod-eu,prod-us', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'FleetGatewayTree');
    assert.deepEqual(doc.clusters.map((c: { context: string; gateways: unknown[] }) => [c.context, c.gateways.length]), [['prod-eu', 1], ['prod-us', 1]]);
    const usage = await runGw(['tree', '-f', 'examples/', '--all-contexts']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /-f reads files, not clusters/);
  });

  it('reads at most the given number of clusters at once, and keeps each failure to its cluster', async () => {
    let inFlight = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const read = (context: string) =>
      new Promise<string>((resolve, reject) => {
        inFlight++;
        most = Math.max(most, inFlight);
        gates.push(() => {
          inFlight--;
          if (context === 'c') reject(new Error('boom'));
          else resolve(context.toUpperCase());
        });
      });
    const done = readClusters(['a', 'b', 'c', 'd', 'e', 'f'], read, 2);
    // Release the reads one by one as they start: never more than two wait at once.
    while (gates.length || inFlight) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    const results = await done;
    assert.equal(most, 2);
    assert.deepEqual(
      results.map((r) => (r.ok ? `${r.context}=${r.value}` : `${r.context}!${r.error}`)),
      ['a=A', 'b=B', 'c!boom', 'd=D', 'e=E', 'f=F'],
    );
  });
});
