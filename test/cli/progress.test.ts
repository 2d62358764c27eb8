// The progress line of a slow cluster read (src/cli/progress.ts): on a terminal only, after a
// delay, redrawn in place and cleared at the end; never on a pipe or for machine output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progressWanted, resourceOfPath, startProgress } from '../../src/cli/progress.js';
import { BIN, REPO, runGw } from '../e2e/run-gw.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

function terminal(columns = 80) {
  const written: string[] = [];
  return { stream: { isTTY: true, columns, write: (s: string) => (written.push(s), true) }, written };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('progress line (unit)', () => {
  it('appears once the read has run for the delay, counts objects, and clears itself', async () => {
    const t = terminal();
    const p = startProgress({ stream: t.stream, stdoutIsTTY: true, delayMs: 0, redrawMs: 0 });
    p.onRead('/apis/gateway.networking.k8s.io/v1/httproutes', 500);
    await tick();
    p.onRead('/apis/gateway.networking.k8s.io/v1/httproutes', 500);
    p.onRead('/api/v1/namespaces/team-a/services', 1);
    p.done();
    assert.deepEqual(t.written, [
      '\rReading the cluster: httproutes, 500 objects so far...\x1b[K',
      '\rReading the cluster: httproutes, 1,000 objects so far...\x1b[K',
      '\rReading the cluster: services, 1,001 objects so far...\x1b[K',
      '\r\x1b[K',
    ]);
  });

  it('a read that ends before the delay shows nothing at all', async () => {
    const t = terminal();
    const p = startProgress({ stream: t.stream, stdoutIsTTY: true, delayMs: 60_000 });
    p.onRead('/api/v1/services', 3);
    p.done();
    await tick();
    assert.deepEqual(t.written, []);
  });

  it('never wraps: the line is cut to the terminal width', async () => {
    const t = terminal(20);
    const p = startProgress({ stream: t.stream, stdoutIsTTY: true, delayMs: 0 });
    p.onRead('/apis/gateway.networking.k8s.io/v1/httproutes', 5);
    await tick();
    p.done();
    assert.equal(t.written[0], '\rReading the cluster\x1b[K');
  });

  it('is wanted on a terminal only, not with -v, not for -o json|yaml into a pipe, not on TERM=dumb', () => {
    const tty = { isTTY: true, columns: 80, write: () => true };
    const pipe = { isTTY: false, columns: 0, write: () => true };
    const env = { TERM: 'xterm' };
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: true, env }), true);
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: false, env }), true, 'text output into a pipe: the person at the terminal still waits');
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: true, output: 'json', env }), true);
    assert.equal(progressWanted({ stream: pipe, stdoutIsTTY: true, env }), false);
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: true, verbose: true, env }), false);
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: false, output: 'json', env }), false);
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: false, output: 'yaml', env }), false);
    assert.equal(progressWanted({ stream: tty, stdoutIsTTY: true, env: { TERM: 'dumb' } }), false);
  });

  it('names the resource of a request path', () => {
    assert.equal(resourceOfPath('/apis/gateway.networking.k8s.io/v1/httproutes'), 'httproutes');
    assert.equal(resourceOfPath('/apis/gateway.networking.k8s.io/v1/namespaces/a/gateways/gw'), 'gateways');
    assert.equal(resourceOfPath('/api/v1/namespaces'), 'namespaces');
    assert.equal(resourceOfPath('/api/v1/namespaces/team-a'), 'namespaces');
    assert.equal(resourceOfPath('/api/v1/namespaces/team-a/secrets/tls'), 'secrets');
    assert.equal(resourceOfPath('/apis'), 'discovery');
    assert.equal(resourceOfPath('/apis/gateway.networking.k8s.io/v1'), 'discovery');
  });
});

describe('progress line (a slow cluster, through kubectl)', function () {
  this.timeout(120_000);
  let server: ApiServer;
  let kubeconfig: string;
  const home = mkdtempSync(join(tmpdir(), 'gw-progress-'));

  before(async () => {
    // Every request waits 600 ms; discovery alone is two requests one after the other, so the
    // read takes well over the second before the line appears.
    server = await startApiServer({ fixtures: ['examples'], latencyMs: 600 });
    kubeconfig = server.writeKubeconfig(join(home, 'kubeconfig'));
  });
  after(() => server.close());

  it('on a terminal: one line, redrawn in place, cleared before the tree', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', `stty cols 100 rows 50; kubectl gw tree -A --kubeconfig ${kubeconfig}`, '/dev/null'], {
        cwd: REPO,
        env: { PATH: `${BIN}:${process.env.PATH}`, HOME: home, TERM: 'xterm', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    assert.match(out, /\rReading the cluster: \w+, [\d,]+ objects? so far\.\.\.\x1b\[K/);
    // Cleared (carriage return, erase line) before the first line of the tree.
    const cleared = out.lastIndexOf('\r\x1b[K');
    assert.ok(cleared >= 0 && cleared < out.indexOf('NAME'), JSON.stringify(out.slice(0, 400)));
  });

  it('never into a pipe, however slow the read', async () => {
    const r = await runGw(['tree', '-A', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.doesNotMatch(r.stdout, /Reading the cluster/);
  });
});
