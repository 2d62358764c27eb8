// Issue 8 item 5: accept what kubectl accepts, refuse clearly what it refuses. Merge keys and a
// partial status are read; a malformed object, a file that is not UTF-8, a link to nothing, a loop
// of links, a URL that fails are each reported by place while the rest is still read, and the
// command exits 1 at the end.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifestSnapshot } from '../../src/manifests/index.js';
import { describeInputProblem } from '../../src/manifests/problems.js';
import { UserError } from '../../src/model/errors.js';
import { runGw } from '../e2e/run-gw.js';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
`;

const route = (name: string, extra = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: app}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
${extra}`;

describe('-f: what kubectl accepts and what it refuses', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gw-input-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    return path;
  }

  const problems = (snap: { inputProblems?: Parameters<typeof describeInputProblem>[0][] }) =>
    (snap.inputProblems ?? []).map((p) => `${p.code} ${describeInputProblem(p)}`);

  describe('accepted', () => {
    it('YAML merge keys (<<), as kubectl resolves them', async () => {
      const path = await file(
        'merge.yaml',
        `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  ports:
  - <<: &http {port: 80, protocol: TCP}
    name: http
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: merged, namespace: app}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - backendRefs:
    - <<: &backend {name: web, port: 80}
      weight: 5
    - <<: *backend
      name: web-canary
`,
      );
      const snap = await loadManifestSnapshot([path]);
      assert.deepEqual(problems(snap), []);
      assert.deepEqual(snap.services[0].spec?.ports, [{ port: 80, protocol: 'TCP', name: 'http' }]);
      assert.deepEqual(snap.routes[0].spec?.rules?.[0].backendRefs, [
        { name: 'web', port: 80, weight: 5 },
        { name: 'web-canary', port: 80 },
      ]);
    });

    it('a partial or odd status: never required, what cannot be read of it is dropped (said with -v)', async () => {
      const path = await file(
        'status.yaml',
        route(
          'partial',
          `status:
  parents:
  - parentRef: {name: gw, namespace: infra}
    conditions: [{type: Accepted, status: "True", reason: Accepted}]
  - parentRef: {name: gw, namespace: infra}
    controllerName: example.io/gw
    conditions: [{type: Accepted}, {type: ResolvedRefs, status: "True", reason: ResolvedRefs}]
`,
        ) +
          '---\n' +
          route('odd', 'status: pending\n') +
          '---\n' +
          route('unknown-fields', 'status: {phase: Ready, parents: [{parentRef: {name: gw, namespace: infra}, controllerName: x, conditions: []}]}\n'),
      );
      const said: string[] = [];
      const snap = await loadManifestSnapshot([path], { verbose: (l) => said.push(l) });
      assert.deepEqual(problems(snap), []);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['partial', 'odd', 'unknown-fields']);
      const partial = snap.routes[0]!;
      assert.deepEqual(partial.status?.parents?.map((p) => p.controllerName), ['example.io/gw']);
      assert.deepEqual(partial.status?.parents?.[0]?.conditions?.map((c) => c.type), ['ResolvedRefs']);
      assert.equal(snap.routes[1].status, undefined);
      assert.ok(said.some((l) => l.startsWith(`${path}:9:5: HTTPRoute app/partial: status.parents[0] ignored: status.parents[0].controllerName is missing`)), said.join('\n'));
      assert.ok(said.some((l) => /HTTPRoute app\/odd: status ignored: not an object/.test(l)), said.join('\n'));
    });
  });

  describe('refused clearly, the rest still read', () => {
    it('a malformed object in the middle of a file: file:line:col, the objects around it kept', async () => {
      const path = await file('mixed.yaml', `${route('before')}---\n${route('bad').replace('name: gw,', 'nme: gw,')}---\n${route('after')}`);
      const snap = await loadManifestSnapshot([path]);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['before', 'after']);
      assert.deepEqual(problems(snap), [`VL502 ${path}:12:16: HTTPRoute app/bad: spec.parentRefs[0].name is required`]);
    });

    it('a YAML syntax error skips one document, a JSON one the rest of its file', async () => {
      const yaml = await file('a.yaml', `${route('one')}---\nkind: [\n---\n${route('two')}`);
      const json = await file('b.json', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}\n{"kind": ');
      const snap = await loadManifestSnapshot([yaml, json]);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['one', 'two']);
      assert.deepEqual(snap.services.map((s) => s.metadata.name), ['s']);
      assert.equal(snap.inputProblems?.length, 2);
      assert.match(problems(snap)[0], new RegExp(`^VL502 ${yaml}:9:\\d+: `));
      assert.equal(problems(snap)[1], `VL502 ${json}:2:10: the input ends where a value should be`);
    });

    it('bytes that are not UTF-8: the file is named with where, and not read', async () => {
      const bad = await file('bad.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
      const good = await file('good.yaml', route('good'));
      const snap = await loadManifestSnapshot([dir]);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['good']);
      assert.deepEqual(problems(snap), [`VL501 ${bad}:3:21: the file is not valid UTF-8 (byte 0xe9): it was not read`]);
      assert.ok(good);
    });

    it('a link to nothing, and a loop of links, inside a -f directory: named by path', async () => {
      await file('good.yaml', route('good'));
      await symlink('nowhere.yaml', join(dir, 'dangling.yaml'));
      await symlink('loop-b.yaml', join(dir, 'loop-a.yaml'));
      await symlink('loop-a.yaml', join(dir, 'loop-b.yaml'));
      // Without a manifest's name a link is not a manifest, as for kubectl: not reported.
      await symlink('nowhere', join(dir, 'README'));
      const snap = await loadManifestSnapshot([dir]);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['good']);
      assert.deepEqual(problems(snap), [
        `VL501 ${join(dir, 'dangling.yaml')}: cannot be read: it is a symbolic link to "nowhere.yaml", which does not exist`,
        `VL501 ${join(dir, 'loop-a.yaml')}: cannot be read: too many levels of symbolic links (a loop)`,
        `VL501 ${join(dir, 'loop-b.yaml')}: cannot be read: too many levels of symbolic links (a loop)`,
      ]);
    });

    it('a file that cannot be opened (permissions)', async () => {
      const locked = await file('locked.yaml', route('locked'));
      await file('good.yaml', route('good'));
      await chmod(locked, 0);
      // root reads any file whatever its mode (CI runs as root): read as an ordinary user then, by
      // switching the effective uid for this one read (the loader's modules are already loaded).
      const asRoot = process.geteuid?.() === 0;
      if (asRoot) {
        await chmod(dir, 0o755);
        process.seteuid!(65534);
      }
      try {
        const snap = await loadManifestSnapshot([dir]);
        assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['good']);
        assert.deepEqual(problems(snap), [`VL501 ${locked}: cannot be read: permission denied`]);
      } finally {
        if (asRoot) process.seteuid!(0);
      }
    });

    it('nothing readable at all: the first problem is the error, with how many more', async () => {
      await symlink('nowhere.yaml', join(dir, 'a.yaml'));
      await symlink('gone.yaml', join(dir, 'b.yaml'));
      await assert.rejects(loadManifestSnapshot([dir]), (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.equal(e.message, `${join(dir, 'a.yaml')}: cannot be read: it is a symbolic link to "nowhere.yaml", which does not exist`);
        assert.equal(e.hint, '1 more problem in the input; no object could be read.');
        return true;
      });
    });
  });

  describe('-f URL', () => {
    let server: Server;
    let base: string;
    before(async () => {
      server = createServer((req, res) => {
        if (req.url === '/gateway.yaml') return res.end(GATEWAY);
        // No extension: JSON is told from its first character, as kubectl does.
        if (req.url === '/route') return res.end(JSON.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'from-url', namespace: 'app' }, spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }] } }));
        if (req.url === '/moved.yaml') {
          res.writeHead(302, { location: '/gateway.yaml' });
          return res.end();
        }
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reads YAML and JSON over HTTP, following redirects, and names a URL that fails', async () => {
      const snap = await loadManifestSnapshot([`${base}/moved.yaml`, `${base}/route`, `${base}/missing.yaml`]);
      assert.deepEqual(snap.gateways.map((g) => g.metadata.name), ['gw']);
      assert.deepEqual(snap.routes.map((r) => r.metadata.name), ['from-url']);
      assert.equal(snap.origins['HTTPRoute/app/from-url'], `${base}/route:1`);
      assert.deepEqual(problems(snap), [`VL501 ${base}/missing.yaml: unable to read URL, server reported 404 Not Found, status code=404`]);
    });

    it('tree -f URL through the CLI', async () => {
      const r = await runGw(['tree', '-f', `${base}/gateway.yaml`, '-f', `${base}/route`], { direct: true });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /└─ HTTPRoute\/app\/from-url/);
    });
  });

  describe('through the commands: one sentence per problem, the rest analysed, exit 1 at the end', () => {
    it('tree prints the tree, says each problem on stderr, and exits 1', async () => {
      const path = await file('all.yaml', `${GATEWAY}---\n${route('good')}---\n${route('bad').replace('port: 80}', 'port: eighty}')}`);
      await symlink('nowhere.yaml', join(dir, 'dangling.yaml'));
      const r = await runGw(['tree', '-f', dir], { direct: true });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /HTTPRoute\/app\/good/);
      assert.equal(
        r.stderr,
        `error: ${path}:20:44: HTTPRoute app/bad: spec.rules[0].backendRefs[0].port must be an integer, not "eighty"\n` +
          `error: ${join(dir, 'dangling.yaml')}: cannot be read: it is a symbolic link to "nowhere.yaml", which does not exist\n`,
      );
    });

    it('check lists them as findings (VL501, VL502) and exits 1; a skipped Gateway is never called missing', async () => {
      const path = await file('all.yaml', `${GATEWAY.replace('listeners:', 'listners:')}---\n${route('good')}`);
      const r = await runGw(['check', '-f', path, '-o', 'json'], { direct: true });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
      const findings = (JSON.parse(r.stdout) as { findings: Array<{ code: string; message: string; subject: { name: string } }> }).findings;
      assert.deepEqual(
        findings.filter((f) => f.code.startsWith('VL')).map((f) => [f.code, f.subject.name, f.message]),
        [['VL502', 'gw', `${path}:5:3: spec.listeners is required`]],
      );
      assert.ok(!findings.some((f) => f.code === 'RT201'), 'the Gateway that was skipped is not "missing"');
    });
  });
});
