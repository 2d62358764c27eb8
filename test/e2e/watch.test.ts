// `kubectl gw tree -w` and `check -w` against the in-repo API server, through the real kubectl:
// changes made while watching show up, a dropped watch and a 410 Gone make the plugin list again
// (a change made while it had no watch still shows up), and Ctrl-C exits 0 with every watch
// connection closed. Every wait is for an event: an output line, or the server's request log.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/model/objects.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { loadFixtures } from '../support/fixtures.js';
import { BIN, REPO } from './run-gw.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-watch-'));
const ROUTES = '/apis/gateway.networking.k8s.io/v1/httproutes';
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices';

/** A running `kubectl gw ...`: its output so far, and a way to wait for a line. */
class Running {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      this.stdout += d;
      for (const w of this.waiters) w();
    });
    child.stderr.on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with stdout from `from` on, once it matches `pattern`. */
  output(pattern: RegExp, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const text = this.stdout.slice(from);
        if (!pattern.test(text)) return false;
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(text);
        return true;
      };
      if (check()) return;
      this.waiters.push(check);
      void this.exited.then(() => {
        if (!check()) reject(new Error(`exited before ${pattern}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      });
    });
  }
}

function gw(args: string[], kubeconfig: string): Running {
  const env = { PATH: `${BIN}:${process.env.PATH}`, HOME: tmp, KUBECONFIG: kubeconfig };
  return new Running(spawn('kubectl', ['gw', ...args, '--kubeconfig', kubeconfig], { cwd: REPO, env, stdio: 'pipe' }));
}

/** Lists (not watches) of `path` the server has answered so far. */
function lists(server: ApiServer, path: string): number {
  return server.requests.filter((r) => r.path === path && r.query.watch === undefined).length;
}

function watching(server: ApiServer, ...plurals: string[]): () => boolean {
  return () => plurals.every((p) => server.openWatches().some((w) => w.plural === p));
}

const example = (kind: string, name: string) =>
  structuredClone(loadFixtures([join(REPO, 'examples')]).find((o) => o.kind === kind && o.metadata.name === name)!) as KubeObject & {
    endpoints: Array<{ conditions: { ready: boolean; serving: boolean } }>;
  };

describe('watch mode (live, through kubectl)', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let kubeconfig: string;

  const running: Running[] = [];
  const start = (args: string[]) => {
    const run = gw(args, kubeconfig);
    running.push(run);
    return run;
  };

  beforeEach(async () => {
    server = await startApiServer({ fixtures: ['examples'] });
    kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'), { namespace: 'store' });
  });
  afterEach(async () => {
    // A test that failed half-way leaves its watcher running: end it, or mocha waits for it.
    for (const run of running.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await server.close();
  });

  it('tree -w prints the changed rows; a dropped watch and a 410 re-list; Ctrl-C exits 0 and closes every watch', async () => {
    const run = start(['tree', '-A', '-w']);
    await run.output(/Routes attached to no listener:[\s\S]*shared-gateway does not exist\n/);
    await server.waitFor(watching(server, 'httproutes', 'endpointslices'));

    // A route added while watching: its rows, under their context.
    let mark = run.stdout.length;
    server.put({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'new-route', namespace: 'store' },
      spec: {
        parentRefs: [{ name: 'shared-gw', namespace: 'infra', sectionName: 'http' }],
        rules: [{ backendRefs: [{ name: 'store-v1', port: 80 }] }],
      },
    });
    let out = await run.output(/^\+ .*HTTPRoute\/store\/new-route/m, mark);
    assert.match(out, /^ {2}Gateway\/infra\/shared-gw /m, 'the rows above it are context');
    assert.doesNotMatch(out, /HTTPRoute\/store\/store /, 'unchanged rows are not printed');

    // A change to an object already there: old-api's Pod turns ready.
    mark = run.stdout.length;
    const slice = example('EndpointSlice', 'old-api-c3x5v');
    slice.endpoints[0].conditions = { ready: true, serving: true };
    server.put(slice);
    out = await run.output(/^\+ .*endpoints\s+✔ 1\/1 ready/m, mark);
    assert.match(out, /^ {2}.*Service legacy\/old-api:80/m);
    assert.match(out, /^- .*endpoints\s+✖ 0\/1 ready/m);

    // The route watch drops, and the route goes away before the plugin watches again: only a
    // new list can see that.
    mark = run.stdout.length;
    const routeLists = lists(server, ROUTES);
    assert.equal(server.dropWatches('httproutes'), 1);
    server.remove('HTTPRoute', 'store', 'new-route');
    out = await run.output(/^- .*HTTPRoute\/store\/new-route/m, mark);
    assert.ok(lists(server, ROUTES) > routeLists, 'listed httproutes again after the drop');
    await server.waitFor(watching(server, 'httproutes'));

    // 410 Gone on the EndpointSlice watch, and the Pod turns unready meanwhile.
    mark = run.stdout.length;
    const sliceLists = lists(server, SLICES);
    assert.equal(server.expireWatches('endpointslices'), 1);
    server.put(example('EndpointSlice', 'old-api-c3x5v'));
    out = await run.output(/^\+ .*endpoints\s+✖ 0\/1 ready/m, mark);
    assert.ok(lists(server, SLICES) > sliceLists, 'listed endpointslices again after 410 Gone');
    await server.waitFor(watching(server, 'endpointslices'));

    // A bookmark changes nothing the user sees.
    server.sendBookmarks();

    assert.ok(run.child.kill('SIGINT'));
    const { code } = await run.exited;
    assert.equal(code, 0, run.stderr);
    await server.waitFor(() => server.openWatches().length === 0);
    assert.equal(run.stderr, '');
  });

  it('check -w prints new and resolved findings with the totals', async () => {
    const run = start(['check', '-A', '-w']);
    const first = await run.output(/\d+ errors?, \d+ warnings?, \d+ info\n/);
    const [, errors, warnings, info] = /(\d+) errors?, (\d+) warnings?, (\d+) info/.exec(first)!.map(Number);
    await server.waitFor(watching(server, 'referencegrants'));
    const mark = run.stdout.length;
    // The grant blog/blog lacks: its RefNotPermitted finding is resolved.
    server.put({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'blog-to-auth', namespace: 'infra' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'blog' }],
        to: [{ group: '', kind: 'Service', name: 'auth' }],
      },
    });
    const out = await run.output(/^= .*\n/m, mark);
    assert.match(out, /^- error RT207 HTTPRoute\/blog\/blog \(rule 1 backend 0\): Service infra\/auth:80 is in another namespace/m);
    // The controller's status still says RefNotPermitted: now that disagrees with the spec.
    assert.match(out, /^\+ warning ST301 HTTPRoute\/blog\/blog \(parentRef 0\): .*controller reports False \(RefNotPermitted\)/m);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    assert.match(out, new RegExp(`^= ${plural(errors - 1, 'error')}, ${plural(warnings + 1, 'warning')}, ${info} info$`, 'm'));
    assert.ok(run.child.kill('SIGINT'));
    assert.equal((await run.exited).code, 0, run.stderr);
    await server.waitFor(() => server.openWatches().length === 0);
  });

  it('refuses -w with -f or a picture output, before reading anything', async () => {
    for (const args of [['tree', '-w', '-f', 'examples/'], ['tree', '-w', '-o', 'dot'], ['check', '-w', '-f', 'examples/']]) {
      const run = start(args);
      const { code } = await run.exited;
      assert.equal(code, 2, args.join(' '));
      assert.match(run.stderr, /^error: --watch /, args.join(' '));
    }
  });
});
