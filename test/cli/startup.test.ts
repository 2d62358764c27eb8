// How the CLI starts: bin/kubectl-gw and the bundle the build writes (scripts/build.mjs). What
// loads for which command, the refusal of an older Node.js, and that every command is reachable.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import { kubectlCompletionScript } from '../../src/cli/complete.js';
import { REPO, runGw } from '../e2e/run-gw.js';
import { startApiServer } from '../support/apiserver.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-startup-'));
let traces = 0;

/** Runs bin/kubectl-gw and returns the bundle files (relative to dist/bundle) the process loaded. */
async function loadedBy(args: string[]): Promise<{ code: number | null; stderr: string; files: string[] }> {
  const trace = join(tmp, `loads-${traces++}`);
  const r = await runGw(args, {
    direct: true,
    env: { NODE_OPTIONS: `--import=${join(REPO, 'test/support/trace-loads.mjs')}`, GW_TRACE_LOADS: trace },
  });
  const urls = readFileSync(trace, 'utf8').trim().split('\n');
  const bundle = join(REPO, 'dist/bundle');
  const files = urls.filter((u) => u.startsWith('file:')).map((u) => new URL(u).pathname).filter((p) => p.startsWith(bundle)).map((p) => relative(bundle, p));
  return { code: r.code, stderr: r.stderr, files };
}

describe('start-up: what each command loads', function () {
  this.timeout(60_000);

  it('-f never loads the Kubernetes client; a read of the cluster does', async () => {
    for (const args of [['tree', '-f', 'examples/'], ['check', '-f', 'examples/']]) {
      const r = await loadedBy(args);
      assert.ok([0, 1].includes(r.code ?? -1), r.stderr);
      assert.ok(r.files.includes('kubectl-gw.js'), `the trace saw the bundle: ${r.files}`);
      assert.ok(r.files.some((f) => /^chunks\/manifests-/.test(f)), `manifest reading is a lazy chunk: ${r.files}`);
      assert.ok(!r.files.includes('client-node.js'), `${args.join(' ')} loaded the Kubernetes client`);
    }
    const server = await startApiServer({ fixtures: ['examples'] });
    try {
      const kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'));
      const r = await loadedBy(['tree', '-A', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.files.includes('client-node.js'), `a cluster read loads the client: ${r.files}`);
    } finally {
      await server.close();
    }
  });

  it('--help loads only the entry bundle and oclif, none of the commands\u2019 lazy parts', async () => {
    const r = await loadedBy(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.files.includes('client-node.js'));
    // Lazily imported modules (graph, render, manifests) are chunks named after their source
    // (the test above sees manifests-*.js load for -f).
    const lazy = r.files.filter((f) => /^chunks\/(build|render|manifests|analyse|index|run)-/.test(f));
    assert.deepEqual(lazy, []);
  });

  it('runs from bin/, dist/bundle and package.json alone (no node_modules)', async () => {
    const root = join(tmp, 'installed');
    for (const entry of ['bin', 'dist/bundle', 'package.json']) cpSync(join(REPO, entry), join(root, entry), { recursive: true });
    cpSync(join(REPO, 'examples'), join(root, 'examples'), { recursive: true });
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(join(root, 'bin/kubectl-gw'), ['tree', '-f', join(root, 'examples')], { encoding: 'utf8', cwd: root });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Gateway\/infra\/shared-gw/);
  });
});

describe('start-up: the Node.js version', () => {
  it('an older Node.js than package.json allows gets one sentence and exit 1', async () => {
    const preload = join(tmp, 'old-node.cjs');
    // Stands in for an old Node.js: what bin/kubectl-gw reads is process.versions.node.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(preload, "Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\n");
    const r = await runGw(['tree', '-f', 'examples/'], { direct: true, env: { NODE_OPTIONS: `--require=${preload}` } });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: kubectl-gw needs Node.js 20.19 or later, and this is Node.js 18.19.0.\n');
    const engines = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).engines.node;
    assert.equal(engines, '>=20.19');
  });
});

describe('start-up: commands', () => {
  it('commands/index.ts lists every command file, under its oclif id', () => {
    const ids: string[] = [];
    const walk = (dir: string, prefix: string[]) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name), [...prefix, e.name]);
        else if (e.name.endsWith('.ts') && !(prefix.length === 0 && e.name === 'index.ts')) ids.push([...prefix, e.name.slice(0, -3)].join(':'));
      }
    };
    walk(join(REPO, 'commands'), []);
    assert.deepEqual(Object.keys(COMMANDS).sort(), ids.sort());
  });

  it('command ids are lower-case ASCII words joined by ":", so help lists them in the same order by code point as by locale', () => {
    // The build has oclif sort commands by code point (scripts/build.mjs, oclifCommandOrder): the
    // locale's collator costs milliseconds to set up. For such ids the two orders are the same.
    for (const id of Object.keys(COMMANDS)) assert.match(id, /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/);
    const ids = Object.keys(COMMANDS);
    assert.deepEqual([...ids].sort(), [...ids].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('bin/kubectl_complete-gw is the script `completion kubectl` prints', async () => {
    assert.equal(readFileSync(join(REPO, 'bin/kubectl_complete-gw'), 'utf8'), await kubectlCompletionScript());
  });
});
