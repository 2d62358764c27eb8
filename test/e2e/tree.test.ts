// `kubectl gw tree` end to end: the real kubectl dispatching to the plugin, the plugin reading the
// in-repo API server over HTTPS with the real client-node, and the same tree from -f files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SERVED, startApiServer, type ApiServer } from '../support/apiserver.js';
import { runGw } from './run-gw.js';

const ANSI = /\x1b\[[0-9;]*m/;
const tmp = mkdtempSync(join(tmpdir(), 'gw-tree-'));

describe('kubectl gw tree (live, through kubectl)', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let kubeconfig: string;

  before(async () => {
    server = await startApiServer({ fixtures: ['examples'] });
    kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'), { namespace: 'store' });
  });
  after(() => server.close());

  it('shows every gateway, listener, route, rule, backend and endpoint count of the examples', async () => {
    server.clearRequests();
    const r = await runGw(['tree', '-A', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    for (const line of [
      'Gateway/infra/shared-gw',
      'Gateway/infra/internal-gw',
      'Listener/http',
      'Listener/https',
      'Listener/tls-passthrough',
      'HTTPRoute/store/store',
      'HTTPRoute/store/store-sale',
      'GRPCRoute/store/grpc-inventory',
      'HTTPRoute/payments/checkout',
      'HTTPRoute/blog/blog',
      'HTTPRoute/legacy/old-api',
      'HTTPRoute/infra/http-to-https',
      'TLSRoute/infra/postgres',
      'rule #2',
      'Service store/store-v2:80',
      'Service infra/postgres:5432',
    ]) {
      assert.ok(out.includes(line), `missing ${line} in:\n${out}`);
    }
    // Endpoint counts: store-v2 is mid-rollout (1 of 2 ready), old-api has none ready.
    assert.match(out, /endpoints\s+\S+ 1\/2 ready/);
    assert.match(out, /endpoints\s+\S+ 0\/1 ready/);
    // The route with a typo in its parentRef is listed after the tree, with why.
    assert.match(out, /Routes attached to no listener:\n[\s\S]*HTTPRoute\/payments\/refunds[\s\S]*shared-gateway does not exist/);
    assert.ok(!ANSI.test(out), 'no colour when stdout is not a terminal');
    // Read-only: every request the plugin made was a GET.
    assert.ok(server.requests.length > 0);
    assert.deepEqual([...new Set(server.requests.map((q) => q.method))], ['GET']);
    assert.ok(!server.requests.some((q) => /\/secrets(\?|$)/.test(q.path)), 'Secrets are never listed');
  });

  it('prints the same tree from -f examples/ with no cluster at all', async () => {
    const live = await runGw(['tree', '-A', '--kubeconfig', kubeconfig]);
    const files = await runGw(['tree', '-f', 'examples/']);
    assert.equal(files.code, 0, files.stderr);
    assert.equal(files.stdout, live.stdout);
  });

  it('-o json carries the same gateways, routes and endpoint counts', async () => {
    const r = await runGw(['tree', '-A', '--kubeconfig', kubeconfig, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'GatewayTree');
    const gateways = doc.gateways.map((g: { namespace: string; name: string }) => `${g.namespace}/${g.name}`);
    assert.deepEqual(gateways, ['infra/internal-gw', 'infra/shared-gw']);
    const routes = doc.routes.map((x: { kind: string; namespace: string; name: string }) => `${x.kind}/${x.namespace}/${x.name}`);
    for (const id of ['HTTPRoute/store/store', 'TLSRoute/infra/postgres', 'HTTPRoute/payments/refunds', 'GRPCRoute/store/grpc-inventory']) {
      assert.ok(routes.includes(id), `${id} in ${routes}`);
    }
    const store = doc.routes.find((x: { name: string }) => x.name === 'store');
    const v2 = store.rules[2].backends.find((b: { ref: { name: string } }) => b.ref.name === 'store-v2');
    assert.equal(v2.endpoints.ready, 1);
    assert.equal(v2.endpoints.total, 2);
    assert.ok(!ANSI.test(r.stdout));
  });

  it('-n (and the context namespace) narrows to one namespace; -A shows all', async () => {
    const ctx = await runGw(['tree', '--kubeconfig', kubeconfig]);
    assert.equal(ctx.code, 0, ctx.stderr);
    assert.ok(ctx.stdout.includes('HTTPRoute/store/store'));
    assert.ok(!ctx.stdout.includes('HTTPRoute/payments/checkout'), 'context namespace is store');
    const pay = await runGw(['tree', '-n', 'payments', '--kubeconfig', kubeconfig]);
    assert.ok(pay.stdout.includes('HTTPRoute/payments/checkout'));
    assert.ok(!pay.stdout.includes('HTTPRoute/store/store'));
    const empty = await runGw(['tree', '-n', 'nothing-here', '--kubeconfig', kubeconfig]);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, '');
    assert.equal(empty.stderr, 'No resources found in nothing-here namespace.\n');
  });

  it('a single gateway by name, and a gateway that does not exist is an error with a hint', async () => {
    const one = await runGw(['tree', 'infra/internal-gw', '--kubeconfig', kubeconfig]);
    assert.equal(one.code, 0, one.stderr);
    assert.ok(one.stdout.includes('Gateway/infra/internal-gw'));
    assert.ok(!one.stdout.includes('Gateway/infra/shared-gw'));
    const none = await runGw(['tree', 'nope', '-n', 'infra', '--kubeconfig', kubeconfig]);
    assert.equal(none.code, 1);
    assert.equal(none.stderr, 'error: gateway "nope" not found in namespace "infra"\nIn namespace infra: internal-gw, shared-gw.\n');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', async () => {
    const forced = await runGw(['tree', '-A', '--kubeconfig', kubeconfig], { env: { FORCE_COLOR: '1' } });
    assert.ok(ANSI.test(forced.stdout));
    const noColor = await runGw(['tree', '-A', '--kubeconfig', kubeconfig], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    assert.ok(!ANSI.test(noColor.stdout));
    const flag = await runGw(['tree', '-A', '--kubeconfig', kubeconfig, '--no-color'], { env: { FORCE_COLOR: '1' } });
    assert.ok(!ANSI.test(flag.stdout));
  });

  it('KUBECONFIG with several paths merges like kubectl, and --context picks a context', async () => {
    const first = server.writeKubeconfig(join(tmp, 'first'), { context: 'prod', namespace: 'payments' });
    const second = server.writeKubeconfig(join(tmp, 'second'), { context: 'prod', namespace: 'blog', token: 'wrong' });
    const other = server.writeKubeconfig(join(tmp, 'other'), { context: 'dev', cluster: 'dev', user: 'dev', namespace: 'legacy' });
    const KUBECONFIG = [join(tmp, 'missing'), first, second, other].join(':');
    const merged = await runGw(['tree'], { env: { KUBECONFIG } });
    assert.equal(merged.code, 0, merged.stderr);
    assert.ok(merged.stdout.includes('HTTPRoute/payments/checkout'), 'first file wins for "prod" and for current-context');
    const dev = await runGw(['tree', '--context', 'dev'], { env: { KUBECONFIG } });
    assert.equal(dev.code, 0, dev.stderr);
    assert.ok(dev.stdout.includes('HTTPRoute/legacy/old-api'));
    const unknown = await runGw(['tree', '--context', 'staging'], { env: { KUBECONFIG } });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /context "staging" does not exist/);
  });
});

describe('kubectl gw tree with an exec credential plugin', function () {
  this.timeout(60_000);

  it('authenticates with the token the plugin prints (as EKS, GKE and OIDC logins do)', async () => {
    const server = await startApiServer({ fixtures: ['examples'] });
    try {
      const plugin = join(tmp, 'cred-plugin.mjs');
      writeFileSync(
        plugin,
        `#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {token: ${JSON.stringify(server.token)}}}));\n`,
        { mode: 0o755 },
      );
      const cfg = server.kubeconfig() as { users: Array<{ user: Record<string, unknown> }> };
      cfg.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
      const file = join(tmp, 'kexec');
      writeFileSync(file, JSON.stringify(cfg));
      const r = await runGw(['tree', '-A', '--kubeconfig', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('Gateway/infra/shared-gw'));
    } finally {
      await server.close();
    }
  });
});

describe('kubectl gw tree when the cluster says no', function () {
  this.timeout(60_000);

  it('a 403 on EndpointSlices: the tree is still drawn, endpoints "unknown (forbidden)"', async () => {
    const server = await startApiServer({ fixtures: ['examples'], forbidden: [{ resource: 'endpointslices' }] });
    try {
      const r = await runGw(['tree', '-A', '--kubeconfig', server.writeKubeconfig(join(tmp, 'k403'))]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.includes('HTTPRoute/store/store'));
      assert.match(r.stdout, /unknown\s+\(?forbidden/);
      assert.ok(!/0\/0 ready|missing/.test(r.stdout));
      assert.match(r.stderr, /endpointslices/);
    } finally {
      await server.close();
    }
  });

  it('a kind whose CRD is not installed is skipped, and said once with -v', async () => {
    const served = DEFAULT_SERVED.filter((s) => s.kind !== 'TLSRoute');
    const server = await startApiServer({ fixtures: ['examples'], served });
    try {
      const kc = server.writeKubeconfig(join(tmp, 'knotls'));
      const quiet = await runGw(['tree', '-A', '--kubeconfig', kc]);
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.ok(!quiet.stdout.includes('TLSRoute/infra/postgres'));
      assert.ok(!quiet.stderr.includes('TLSRoute'), quiet.stderr);
      const loud = await runGw(['tree', '-A', '-v', '--kubeconfig', kc]);
      assert.equal(loud.stderr.match(/TLSRoute CRD not installed: skipped/g)?.length, 1, loud.stderr);
    } finally {
      await server.close();
    }
  });

  it('no Gateway API CRDs: one sentence with the install command, exit 1', async () => {
    const served = DEFAULT_SERVED.filter((s) => !s.group.startsWith('gateway.networking'));
    const server = await startApiServer({ fixtures: ['examples'], served });
    try {
      const r = await runGw(['tree', '-A', '--kubeconfig', server.writeKubeconfig(join(tmp, 'kcrd'))]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Gateway API CRDs are not installed/);
      assert.match(r.stderr, /kubectl apply/);
      assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    } finally {
      await server.close();
    }
  });

  it('an unreachable API server: one sentence, exit 1, no stack trace', async () => {
    const server = await startApiServer({});
    const kc = server.writeKubeconfig(join(tmp, 'kdown'));
    await server.close();
    const r = await runGw(['tree', '-A', '--kubeconfig', kc]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not reach the API server at https:\/\/127\.0\.0\.1:\d+/);
    assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
    assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
  });

  it('a server that does not answer in --request-timeout: one sentence, exit 1', async () => {
    const server = await startApiServer({ fixtures: ['examples'], hang: [/httproutes/] });
    try {
      const started = Date.now();
      const r = await runGw(['tree', '-A', '--request-timeout', '1s', '--kubeconfig', server.writeKubeconfig(join(tmp, 'khang'))]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /did not answer within 1s/);
      assert.ok(Date.now() - started < 15_000);
      assert.ok(!/\n\s+at /.test(r.stderr));
    } finally {
      await server.close();
    }
  });
});

describe('kubectl gw tree -f with bad input', function () {
  this.timeout(30_000);

  it('malformed YAML names file:line:col, exit 1', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   namespace: y\n');
    const r = await runGw(['tree', '-f', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${bad.replace(/[.]/g, '\\.')}:5:\\d+`));
    assert.ok(!/\n\s+at /.test(r.stderr));
  });

  it('a missing file is one sentence', async () => {
    const r = await runGw(['tree', '-f', 'no-such-dir/x.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no-such-dir\/x\.yaml.*does not exist/);
  });

  it('reads stdin with -f -', async () => {
    const r = await runGw(['tree', '-f', '-'], {
      stdin: 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g, namespace: a}\nspec:\n  gatewayClassName: c\n  listeners: [{name: web, port: 80, protocol: HTTP}]\n',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('Gateway/a/g'));
    assert.ok(r.stdout.includes('Listener/web'));
  });

  it('--help starts with the kubectl usage line', async () => {
    const r = await runGw(['tree', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\$ kubectl gw tree/);
  });
});
