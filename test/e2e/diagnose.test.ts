// `explain route`, `explain gateway` and `check` end to end: through kubectl against the in-repo
// API server, and offline with -f.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-diagnose-'));

describe('kubectl gw explain route', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let kubeconfig: string;

  before(async () => {
    server = await startApiServer({
      fixtures: ['examples'],
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'refunds.1', namespace: 'payments' },
          involvedObject: { kind: 'HTTPRoute', name: 'refunds', namespace: 'payments' },
          reason: 'ParentNotFound',
          message: 'Gateway infra/shared-gateway not found',
          type: 'Warning',
          count: 3,
          lastTimestamp: '2026-11-20T10:00:00Z',
        },
      ],
    });
    kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'));
  });
  after(() => server.close());

  it('a typo in the parentRef: says the Gateway does not exist and offers the right name', async () => {
    const r = await runGw(['explain', 'route', 'refunds', '-n', 'payments', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Gateway infra\/shared-gateway does not exist/);
    assert.match(r.stdout, /did you mean "shared-gw"\?/);
    assert.match(r.stdout, /is NOT attached/);
    // Recent Events of the route are listed.
    assert.match(r.stdout, /ParentNotFound \(x3\): Gateway infra\/shared-gateway not found/);
  });

  it('a cross-namespace backend without ReferenceGrant: RefNotPermitted and the grant to apply', async () => {
    const r = await runGw(['explain', 'route', 'blog/blog', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ResolvedRefs=False RefNotPermitted/);
    assert.match(r.stdout, /kind: ReferenceGrant\n\s+metadata:\n\s+name: allow-blog-httproutes\n\s+namespace: infra/);
    assert.match(r.stdout, /listener https :443 \*\.example\.com - accepts the route/);
  });

  it('a namespace the listener does not select: names the label to add', async () => {
    const r = await runGw(['explain', 'route', 'old-api', '-n', 'legacy', '--kubeconfig', kubeconfig]);
    assert.match(r.stdout, /NotAllowedByListeners/);
    assert.match(r.stdout, /kubectl label namespace legacy shared-gateway-access=true/);
  });

  it('-o json has the documented shape, with the spec reason names', async () => {
    const r = await runGw(['explain', 'route', 'refunds', '-n', 'payments', '-o', 'json', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.route, { kind: 'HTTPRoute', namespace: 'payments', name: 'refunds' });
    const parent = doc.parents[0];
    assert.deepEqual(parent.parentRef, { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'shared-gateway', sectionName: 'https' });
    assert.equal(parent.gateway, null);
    const accepted = parent.computed.conditions.find((c: { type: string }) => c.type === 'Accepted');
    assert.equal(accepted.status, 'False');
    assert.equal(accepted.reason, 'NoMatchingParent');
    assert.ok(parent.computed.conditions.some((c: { type: string }) => c.type === 'ResolvedRefs'));
    assert.equal(parent.reported, null);
    assert.equal(typeof parent.agrees, 'boolean');
    assert.equal(doc.backends[0].resolved, true);
    assert.equal(doc.backends[0].readyEndpoints, 1);
    assert.ok(doc.findings.some((f: { code: string }) => f.code === 'RT201'));
  });

  it('-f takes one value per use, so the route name may come after it (as with kubectl)', async () => {
    const r = await runGw(['explain', 'route', '-f', 'examples/', '-n', 'blog', 'blog']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Verdict: HTTPRoute blog\/blog /);
    const missing = await runGw(['explain', 'route', '-f', 'examples/']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: Missing 1 required arg: name/);
  });

  it('an unknown route: one sentence with a suggestion, exit 1', async () => {
    const r = await runGw(['explain', 'route', 'chekout', '-n', 'payments', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /route "chekout" not found in namespace "payments"/);
    assert.match(r.stderr, /Did you mean "checkout"\?/);
  });

  it('kinds sharing a name: --kind picks one, and the ambiguity is said', async () => {
    const extra = join(tmp, 'grpc-store.yaml');
    writeFileSync(
      extra,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: store, namespace: store}
spec:
  parentRefs: [{name: shared-gw, namespace: infra, sectionName: https}]
  hostnames: [grpc.example.com]
  rules: [{backendRefs: [{name: inventory, port: 9090}]}]
`,
    );
    const both = await runGw(['explain', 'route', 'store', '-n', 'store', '-f', 'examples/', '-f', extra]);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /^Verdict: HTTPRoute store\/store /);
    assert.match(both.stdout, /GRPCRoute store also exists in store; showing the HTTPRoute \(choose with --kind grpc\)/);
    const grpc = await runGw(['explain', 'route', 'store', '-n', 'store', '--kind', 'grpc', '-f', 'examples/', '-f', extra]);
    assert.match(grpc.stdout, /^Verdict: GRPCRoute store\/store /);
  });
});

describe('kubectl gw explain gateway', function () {
  this.timeout(30_000);

  it('class, listeners, certificate facts (never key material), failed routes', async () => {
    const r = await runGw(['explain', 'gateway', 'infra/shared-gw', '-f', 'examples/']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /GatewayClass eg \(gateway\.envoyproxy\.io\/gatewayclass-controller\): Accepted=True/);
    assert.match(r.stdout, /Listener https: HTTPS :443 \*\.example\.com TLS Terminate/);
    assert.match(r.stdout, /DNS names \*\.example\.com, example\.com/);
    assert.match(r.stdout, /attached routes: 5 computed, 5 reported/);
    assert.match(r.stdout, /HTTPRoute legacy\/old-api \(parentRef 1\): NotAllowedByListeners/);
    assert.ok(!/PRIVATE KEY|tls\.key:/.test(r.stdout), 'no key material');
  });

  it('ListenerSets of the gateway: their listeners and their own conditions', async () => {
    const file = join(tmp, 'listenerset.yaml');
    writeFileSync(
      file,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: example.com/gw}
status: {conditions: [{type: Accepted, status: "True", reason: Accepted}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: team, namespace: infra}
spec:
  parentRef: {name: gw}
  listeners: [{name: extra, port: 80, protocol: HTTP, hostname: a.example.com}]
`,
    );
    const r = await runGw(['explain', 'gateway', 'infra/gw', '-f', file]);
    assert.equal(r.code, 0, r.stderr);
    // The Gateway sets no allowedListeners: the default admits no ListenerSet.
    assert.match(r.stdout, /ListenerSet infra\/team: listeners extra\n\s+spec says:\s+Accepted=False NotAllowed/);
  });

  it('an unclaimed GatewayClass is named as such, with its controller', async () => {
    const r = await runGw(['explain', 'gateway', 'internal-gw', '-n', 'infra', '-f', 'examples/']);
    assert.match(r.stdout, /no controller claims gateway\.nginx\.org\/nginx-gateway-controller/);
  });
});

describe('kubectl gw check', function () {
  this.timeout(60_000);

  it('lists every finding with a stable code; exit 1 when errors are found', async () => {
    const r = await runGw(['check', '-f', 'examples/']);
    assert.equal(r.code, 1);
    for (const code of ['GC002', 'RT201', 'RT203', 'RT207', 'RT209', 'ST302']) assert.match(r.stdout, new RegExp(`\\b${code}\\b`), code);
    assert.match(r.stdout, /\d+ errors, \d+ warnings, \d+ info/);
  });

  it('--ignore and --fail-on decide the exit code; a usage error exits 2', async () => {
    const ignored = ['GC002', 'RT201', 'RT203', 'RT207'].flatMap((c) => ['--ignore', c]);
    const clean = await runGw(['check', '-f', 'examples/', ...ignored]);
    assert.equal(clean.code, 0, clean.stdout);
    const strict = await runGw(['check', '-f', 'examples/', ...ignored, '--fail-on', 'warning']);
    assert.equal(strict.code, 1);
    const usage = await runGw(['check', '--fail-on', 'sometimes', '-f', 'examples/']);
    assert.equal(usage.code, 2);
  });

  it('-o json: findings with code, severity, subject, message, fix', async () => {
    const r = await runGw(['check', '-f', 'examples/', '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.kind, 'CheckReport');
    const rt207 = doc.findings.find((f: { code: string }) => f.code === 'RT207');
    assert.deepEqual(rt207.subject, { kind: 'HTTPRoute', namespace: 'blog', name: 'blog', section: 'rule 1 backend 0' });
    assert.equal(rt207.severity, 'error');
    assert.match(rt207.fix, /kind: ReferenceGrant/);
    assert.equal(rt207.origin, 'examples/50-team-blog.yaml:8');
    assert.equal(doc.failed, true);
  });

  it('-l filters by labels, -n by namespace', async () => {
    const r = await runGw(['check', '-f', 'examples/', '-l', 'app=refunds', '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.ok(doc.findings.length > 0);
    assert.ok(doc.findings.every((f: { subject: { name: string } }) => f.subject.name === 'refunds'));
    const ns = JSON.parse((await runGw(['check', '-f', 'examples/', '-n', 'blog', '-o', 'json'])).stdout);
    assert.ok(ns.findings.every((f: { subject: { namespace?: string } }) => f.subject.namespace === undefined || f.subject.namespace === 'blog'));
  });

  it('a manifest set that only holds routes does not claim the Gateway is missing', async () => {
    const route = join(tmp, 'team-route.yaml');
    writeFileSync(
      route,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: team}
spec:
  parentRefs: [{name: shared-gw, namespace: infra}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`,
    );
    const r = await runGw(['check', '-f', route, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    assert.ok(!doc.findings.some((f: { code: string }) => f.code === 'RT201'), JSON.stringify(doc.findings));
  });

  it('--against-cluster: the impact of a change before it is applied', async () => {
    const server = await startApiServer({ fixtures: ['examples'] });
    try {
      // The change narrows the http listener to Same-namespace routes: old-api and blog lose it.
      const change = join(tmp, 'change.yaml');
      const gw = (await import('node:fs')).readFileSync('examples/20-infra-gateway.yaml', 'utf8');
      const doc = gw.split(/^---$/m).find((d) => /kind: Gateway\n/.test(d) && /name: shared-gw\n/.test(d))!;
      writeFileSync(change, doc.replace(/(name: http\n(?:.*\n)*?\s+from: )All/, '$1Same'));
      const kc = server.writeKubeconfig(join(tmp, 'kc-impact'));
      const r = await runGw(['check', '-f', change, '--against-cluster', '-A', '--kubeconfig', kc]);
      assert.match(r.stdout, /This change detaches 2 route attachments:/);
      assert.match(r.stdout, /HTTPRoute legacy\/old-api -> infra\/shared-gw listener http/);
      assert.match(r.stdout, /HTTPRoute blog\/blog -> infra\/shared-gw listener http/);
      assert.deepEqual([...new Set(server.requests.map((q) => q.method))], ['GET']);
      const same = await runGw(['check', '-f', 'examples/', '--against-cluster', '-A', '--kubeconfig', kc]);
      assert.match(same.stdout, /This change detaches no route\./);
      assert.match(same.stdout, /Introduced \(0\)/);
    } finally {
      await server.close();
    }
  });
});

describe('kubectl gw usage errors', function () {
  this.timeout(30_000);

  it('an unknown subcommand: kubectl words, a suggestion, exit 2', async () => {
    const r = await runGw(['tre', '-f', 'examples/']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "tre" for "kubectl gw"/);
    assert.match(r.stderr, /Did you mean "tree"\?/);
  });
});
