// kubectl's manners, through the real kubectl dispatching to the plugin: version, help [COMMAND],
// -o name, -l, -A on explain, "No resources found" on stderr, one not-found error for every
// command, `error:` and exit 2 for every usage error, --ignore checked, and check refusing to pass
// input with nothing to check.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODE_TABLE } from '../../src/cli/exit-codes.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { runGw } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-manners-'));

/** Asserts a usage error: one `error:` line (never oclif's ` ›   Error:`), exit 2, nothing on stdout. */
function assertUsageError(r: { code: number | null; stdout: string; stderr: string }, what: RegExp): void {
  assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, /^error: /);
  assert.match(r.stderr, what);
  assert.doesNotMatch(r.stderr, /›|Error:/);
  assert.equal(r.stdout, '');
}

describe('kubectl manners (through kubectl)', function () {
  // A guard against a hang only: a loaded machine may take long, and that is no failure.
  this.timeout(300_000);
  let server: ApiServer;
  let kubeconfig: string;

  before(async () => {
    server = await startApiServer({ fixtures: ['examples'] });
    kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'), { namespace: 'store' });
  });
  after(() => server.close());

  describe('version', () => {
    it('prints the plugin and Node.js versions without a cluster, exit 0', async () => {
      const r = await runGw(['version']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^kubectl-gw: v\d+\.\d+\.\d+\nNode\.js: v\d+\.\d+\.\d+\n$/);
      assert.match(r.stderr, /^note: no Gateway API version: the cluster could not be reached/);
    });

    it('adds the Gateway API bundle version and channel the CRDs declare', async () => {
      const r = await runGw(['version', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Gateway API: v1\.6\.1 \(standard channel\), context \S+$/m);
      const json = await runGw(['version', '--kubeconfig', kubeconfig, '-o', 'json']);
      const doc = JSON.parse(json.stdout) as { kind: string; plugin: string; gatewayAPI: { bundleVersion: string; channel: string } };
      assert.equal(doc.kind, 'Version');
      assert.deepEqual([doc.gatewayAPI.bundleVersion, doc.gatewayAPI.channel], ['v1.6.1', 'standard']);
    });
  });

  describe('help', () => {
    it('help COMMAND is --help: summary once, the description wrapped once, the exit codes', async () => {
      const [help, flag, short] = await Promise.all([runGw(['help', 'tree']), runGw(['tree', '--help']), runGw(['tree', '-h'])]);
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stdout, flag.stdout);
      assert.equal(short.stdout, flag.stdout);
      const summary = 'Show what is wired to what';
      assert.equal(help.stdout.split(summary).length - 1, 1, 'the summary is said once');
      const codes = help.stdout.slice(help.stdout.indexOf('EXIT CODES'));
      for (const [code, meaning] of EXIT_CODE_TABLE) {
        assert.match(codes, new RegExp(`^  ${code} +${meaning.split(' ')[0]}`, 'm'), `exit code ${code}`);
      }
      // Wrapped once: every line of the description but its last is filled (no ragged short lines).
      const description = help.stdout.slice(help.stdout.indexOf('DESCRIPTION\n') + 12, help.stdout.indexOf('\n\nEXIT CODES')).split('\n');
      for (const line of description.slice(0, -1)) assert.ok(line.length > 60, `ragged line: ${JSON.stringify(line)}`);
    });

    it('help with two words, and help alone, list like --help', async () => {
      const [route, root] = await Promise.all([runGw(['help', 'explain', 'route']), runGw(['help'])]);
      assert.match(route.stdout, /^USAGE\n {2}\$ kubectl gw explain route NAME/m);
      assert.match(root.stdout, /^COMMANDS\n/m);
      assert.match(root.stdout, /^ {2}version +Print the plugin/m);
    });
  });

  it('every usage error is `error:` and exit 2, the kubectl way', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['tree', '--namespace'], /Flag --namespace expects a value/],
      [['tree', '-o'], /Flag --output expects one of these values/],
      [['check', '-f', 'examples/', '--ignore', 'XX999'], /unknown finding code "XX999"/],
      [['check', '-f', 'examples/', '--ignore', 'RT2099'], /unknown finding code[\s\S]*Did you mean RT209\?/],
      [['check', '-f', 'examples/', '--ignore', 'RT209=HTTPRoute/old-api'], /expected CODE=KIND\/NAMESPACE\/NAME/],
      [['help', 'nosuch'], /unknown command "nosuch"/],
      [['nosuch', '--help'], /unknown command "nosuch"/],
      [['version', '--bogus'], /Nonexistent flag: --bogus/],
    ];
    const results = await Promise.all(cases.map(([args]) => runGw(args)));
    results.forEach((r, i) => assertUsageError(r, cases[i][1]));
    const versionHelp = await runGw(['version', '--help']);
    assert.equal(versionHelp.code, 0, versionHelp.stderr);
  });

  it('-o name prints kind.group/name, as kubectl', async () => {
    const [tree, check] = await Promise.all([
      runGw(['tree', '-n', 'store', '--kubeconfig', kubeconfig, '-o', 'name']),
      runGw(['check', '-f', 'examples/', '-o', 'name']),
    ]);
    assert.equal(tree.code, 0, tree.stderr);
    assert.match(tree.stdout, /^gateway\.gateway\.networking\.k8s\.io\/shared-gw$/m);
    assert.match(tree.stdout, /^httproute\.gateway\.networking\.k8s\.io\/store$/m);
    assert.match(tree.stdout, /^grpcroute\.gateway\.networking\.k8s\.io\/grpc-inventory$/m);
    assert.doesNotMatch(tree.stdout, /blog|\s{2}/);
    assert.match(check.stdout, /^gatewayclass\.gateway\.networking\.k8s\.io\/nginx$/m);
    assert.match(check.stdout, /^httproute\.gateway\.networking\.k8s\.io\/refunds$/m);
  });

  it('-l on tree selects gateways and routes by label, as on check', async () => {
    const file = join(tmp, 'labelled.yaml');
    writeFileSync(
      file,
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra, labels: {tier: edge}}
spec: {gatewayClassName: eg, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: other, namespace: infra}
spec: {gatewayClassName: eg, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: mine, namespace: app, labels: {team: a}}
spec: {parentRefs: [{name: other, namespace: infra}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: theirs, namespace: app, labels: {team: b}}
spec: {parentRefs: [{name: other, namespace: infra}]}
`,
    );
    const [edge, team, none] = await Promise.all([
      runGw(['tree', '-f', file, '-l', 'tier=edge', '-o', 'name']),
      runGw(['tree', '-f', file, '-l', 'team=a', '-o', 'name']),
      runGw(['tree', '-f', file, '-l', 'team=c']),
    ]);
    assert.equal(edge.stdout, 'gateway.gateway.networking.k8s.io/gw\n');
    assert.equal(team.stdout, 'gateway.gateway.networking.k8s.io/other\nhttproute.gateway.networking.k8s.io/mine\n');
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'No resources found\n');
  });

  it('an empty answer is "No resources found in NS namespace." on stderr, stdout empty, exit 0', async () => {
    const r = await runGw(['tree', '-n', 'empty', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'No resources found in empty namespace.\n');
  });

  it('an object named on the command line that is not there: exit 1 and the same hint in every command', async () => {
    const [tree, gateway, route, curl, typo] = await Promise.all([
      runGw(['tree', 'shared-gw', '--kubeconfig', kubeconfig]),
      runGw(['explain', 'gateway', 'shared-gw', '--kubeconfig', kubeconfig]),
      runGw(['explain', 'route', 'blog', '--kubeconfig', kubeconfig]),
      runGw(['curl', '--host', 'store.example.com', '/', '--gateway', 'shared-gw', '--dry-run', '--kubeconfig', kubeconfig]),
      runGw(['tree', 'shared', '-n', 'infra', '--kubeconfig', kubeconfig]),
    ]);
    for (const r of [tree, gateway, curl]) {
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, 'error: gateway "shared-gw" not found in namespace "store"\nA gateway named shared-gw exists in namespace infra: add -n infra.\n');
    }
    assert.equal(route.code, 1);
    assert.equal(route.stderr, 'error: route "blog" not found in namespace "store"\nA route named blog exists in namespace blog: add -n blog.\n');
    assert.equal(typo.code, 1);
    assert.equal(typo.stderr, 'error: gateway "shared" not found in namespace "infra"\nDid you mean "shared-gw"?\n');
  });

  it('explain NAME -A finds the one namespace that holds the name', async () => {
    const [route, gateway, missing] = await Promise.all([
      runGw(['explain', 'route', 'blog', '-A', '--kubeconfig', kubeconfig]),
      runGw(['explain', 'gateway', 'shared-gw', '-A', '--kubeconfig', kubeconfig]),
      runGw(['explain', 'route', 'blgo', '-A', '--kubeconfig', kubeconfig]),
    ]);
    assert.equal(route.code, 0, route.stderr);
    assert.match(route.stdout, /^Verdict: HTTPRoute blog\/blog /);
    assert.equal(gateway.code, 0, gateway.stderr);
    assert.match(gateway.stdout, /^Verdict: Gateway infra\/shared-gw: /);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: route "blgo" not found in any namespace\nDid you mean "blog" (in namespace blog)?\n');
  });

  it('check with nothing to check says so and exits 1', async () => {
    const dir = mkdtempSync(join(tmp, 'no-gateway-api-'));
    writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec: {ports: [{port: 80}]}\n');
    const [files, ns] = await Promise.all([runGw(['check', '-f', dir]), runGw(['check', '-n', 'empty', '--kubeconfig', kubeconfig])]);
    assert.equal(files.code, 1);
    assert.equal(files.stdout, '');
    assert.equal(files.stderr, 'error: nothing to check: no Gateway, ListenerSet or route in the given files\n');
    assert.equal(ns.code, 1);
    assert.match(ns.stderr, /^error: nothing to check: no Gateway, ListenerSet or route in namespace empty of the cluster\nUse -A/);
  });

  it('silences a finding for one object with --ignore CODE=KIND/NAMESPACE/NAME or the object\'s annotation', async () => {
    const file = join(tmp, 'suppress.yaml');
    const route = (name: string, annotations = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: app${annotations}}
spec: {parentRefs: [{name: missing, namespace: infra}]}
`;
    writeFileSync(
      file,
      [
        `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec: {gatewayClassName: eg, listeners: [{name: http, port: 80, protocol: HTTP}]}
`,
        route('a'),
        route('b'),
        route('c', ', annotations: {kubectl-gw/ignore: "GW110, RT201"}'),
      ].join('---\n'),
    );
    const [all, one] = await Promise.all([
      runGw(['check', '-f', file, '-o', 'name']),
      runGw(['check', '-f', file, '-o', 'name', '--ignore', 'RT201=HTTPRoute/app/a']),
    ]);
    assert.equal(all.stdout.match(/^httproute/gm)?.length, 2, all.stdout);
    assert.doesNotMatch(all.stdout, /\/c$/m, 'the annotation silences RT201 on route c');
    assert.equal(one.stdout.match(/^httproute/gm)?.length, 1, one.stdout);
    assert.match(one.stdout, /^httproute\.gateway\.networking\.k8s\.io\/b$/m);
  });

  it('one severity per fact: an unclaimed class is an error in tree as in check; an unselected listener is neutral', async () => {
    const [tree, check, explain] = await Promise.all([
      runGw(['tree', '-f', 'examples/']),
      runGw(['check', '-f', 'examples/']),
      runGw(['explain', 'route', 'store', '-n', 'store', '-f', 'examples/']),
    ]);
    assert.match(tree.stdout, /^Gateway\/infra\/internal-gw +✖ .*class nginx \(unclaimed\)/m);
    assert.match(check.stdout, /^✖ error +GC002 +GatewayClass\/nginx/m);
    assert.match(explain.stdout, /^ {2}- listener http :80 - not selected \(parentRef sectionName "https"\)$/m);
    assert.doesNotMatch(explain.stdout, /✖ listener/);
  });
});
