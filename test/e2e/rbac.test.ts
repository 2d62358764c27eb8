// Partial RBAC end to end, through kubectl: what a namespace-only user, a user without
// ReferenceGrants and an admin see, and the exit status that tells "found problems" (1) from
// "could not look" (3). The verdict-by-verdict matrix is test/kube/rbac-matrix.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/exit-codes.js';
import { startApiServer, type ApiServer, type ForbiddenRule } from '../support/apiserver.js';
import { runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-rbac-'));
const OTHERS = ['infra', 'payments', 'blog', 'legacy'];
const onlyStore: ForbiddenRule[] = [{ resource: '*', namespace: '' }, ...OTHERS.map((n) => ({ resource: '*', namespace: n }))];

describe('kubectl gw under partial RBAC', function () {
  this.timeout(60_000);
  let server: ApiServer;
  const config: Record<string, string> = {};

  before(async () => {
    server = await startApiServer({
      fixtures: ['examples'],
      users: [
        { name: 'store-dev', token: 'store-dev-token', forbidden: onlyStore },
        { name: 'no-grants', token: 'no-grants-token', forbidden: [{ resource: 'referencegrants' }] },
      ],
    });
    config.admin = server.writeKubeconfig(join(tmp, 'admin'));
    config.store = server.writeKubeconfig(join(tmp, 'store'), { token: 'store-dev-token', user: 'store-dev', namespace: 'store' });
    config.grants = server.writeKubeconfig(join(tmp, 'grants'), { token: 'no-grants-token', user: 'no-grants', namespace: 'blog' });
  });
  after(() => server.close());

  it('check: a namespace-only user gets exit 3 (incomplete), never a false "does not exist"', async () => {
    const r = await runGw(['check', '-n', 'store', '--kubeconfig', config.store]);
    assert.equal(r.code, EXIT.incomplete, r.stderr + r.stdout);
    assert.match(r.stdout, /CV401 +Resource\/gateways +could not read gateways: forbidden: cannot list gateways cluster-wide/);
    assert.match(r.stdout, /CV402 +HTTPRoute\/store\/store \(parentRef 0\) +parentRef 0: Accepted cannot be decided: Gateway infra\/shared-gw: unknown \(forbidden: cannot get gateways in namespace infra\)/);
    assert.doesNotMatch(r.stdout, /RT20[1-7]|does not exist|NotAllowedByListeners|RefNotPermitted/);
  });

  it('check: problems found outrank an incomplete read (exit 1), and the admin reads everything', async () => {
    const user = await runGw(['check', '-n', 'store', '--fail-on', 'warning', '--kubeconfig', config.store]);
    assert.equal(user.code, EXIT.problems, user.stdout);
    const admin = await runGw(['check', '-A', '--kubeconfig', config.admin]);
    assert.equal(admin.code, EXIT.problems);
    assert.doesNotMatch(admin.stdout, /CV40/);
  });

  it('explain route: unknown with the controller status as the best fact, exit 3; tree says what it could not read', async () => {
    const r = await runGw(['explain', 'route', 'store', '--kubeconfig', config.store]);
    assert.equal(r.code, EXIT.incomplete, r.stderr);
    assert.match(r.stdout, /\? Gateway infra\/shared-gw: unknown \(forbidden: cannot get gateways in namespace infra\)/);
    assert.match(r.stdout, /best available fact: the controller gateway.envoyproxy.io\/gatewayclass-controller reports Accepted=True \(Accepted\)/);
    assert.doesNotMatch(r.stdout, /does not exist|NOT attached/);
    const json = JSON.parse((await runGw(['explain', 'route', 'store', '-o', 'json', '--kubeconfig', config.store])).stdout);
    assert.equal(json.parents[0].undecided[0].reported.controllerName, 'gateway.envoyproxy.io/gatewayclass-controller');
    assert.ok(json.incomplete.length > 0);
    const tree = await runGw(['tree', '--kubeconfig', config.store]);
    assert.equal(tree.code, 0);
    assert.match(tree.stderr, /warning: cannot read all gateways: forbidden: cannot list gateways cluster-wide/);
    assert.match(tree.stdout, /Routes whose attachment cannot be decided[\s\S]*\? HTTPRoute\/store\/store\n.*reports Accepted=True/);
  });

  it('explain route without ReferenceGrants: never "agree" and "Findings: none" while the controller says RefNotPermitted', async () => {
    const r = await runGw(['explain', 'route', 'blog', '--kubeconfig', config.grants]);
    assert.equal(r.code, EXIT.incomplete, r.stderr);
    assert.match(r.stdout, /the spec cannot decide ResolvedRefs: rule 1 backend 0: Service infra\/auth is in another namespace and ReferenceGrants are unknown \(forbidden: cannot list referencegrants/);
    assert.match(r.stdout, /best available fact: the controller gateway.envoyproxy.io\/gatewayclass-controller reports ResolvedRefs=False \(RefNotPermitted\)/);
    assert.match(r.stdout, /CV402/);
    assert.doesNotMatch(r.stdout, /controller and spec agree|Findings:\n +none/);
  });

  it('--help of every command shows the exit status table', async () => {
    for (const cmd of [['check'], ['tree'], ['explain', 'route'], ['explain', 'gateway'], ['curl']]) {
      const r = await runGw([...cmd, '--help'], { direct: true });
      assert.match(r.stdout, /EXIT CODES\n[\s\S]*0 +success[\s\S]*3 +incomplete: something could not be read/, cmd.join(' '));
    }
  });
});
