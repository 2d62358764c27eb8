import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCA, makeLeaf } from '../support/certs.js';
import { refusesConnections, startCluster, type TestCluster } from './harness.js';
import { scenarioObjects } from './scenario.js';

const SCRIPT = fileURLToPath(new URL('./scripts/interrupted-probe.ts', import.meta.url));
/** The probe's own request timeout in that script. */
const REQUEST_TIMEOUT_MS = 60_000;

interface Run {
  child: ChildProcess;
  lines: string[];
  /**
   * Resolves when a stdout line satisfies `test`; rejects if the child exits without one. No timer:
   * on a loaded machine a line may take long, and mocha's timeout guards against a hang.
   */
  line(test: (l: string) => boolean): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exited = false;
  // 'close' comes after the last stdout data, so a final check then sees every line.
  child.on('close', () => {
    exited = true;
    for (const w of waiters.splice(0)) w();
  });
  const line = (test: (l: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test);
        if (found !== undefined) resolve(found);
        else if (exited) reject(new Error(`exited without a matching line; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        else waiters.push(check);
      };
      check();
    });
  return { child, lines, line, exit };
}

describe('probe: Ctrl-C during kubectl gw curl', function () {
  // Two child processes that each load tsx and client-node.
  this.timeout(120_000);
  let cluster: TestCluster | undefined;
  let silent: net.Server | undefined;
  let dir: string | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cluster?.close();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    cluster = silent = dir = child = undefined;
  });

  /** A cluster whose gateway pod accepts connections and never answers; returns the child's args. */
  const setUp = async () => {
    silent = net.createServer((socket) => socket.resume());
    const server = silent;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const ca = makeCA();
    const objects = scenarioObjects(makeLeaf(ca, { dnsNames: ['*.example.com'] }));
    cluster = await startCluster({ objects, portForward: () => ({ host: '127.0.0.1', port }) });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-gw-sigint-'));
    const objectsFile = join(dir, 'objects.json');
    writeFileSync(objectsFile, JSON.stringify(objects));
    return [cluster.kubeconfig, objectsFile];
  };

  const connections = () => new Promise<number>((resolve) => silent!.getConnections((_e, n) => resolve(n)));

  /** Starts the child, waits until its request hangs on the data plane; returns the local port. */
  const startHanging = async (args: string[]) => {
    const r = run(args);
    child = r.child;
    const forwardLine = await r.line((l) => l.startsWith('FORWARD '));
    await r.line((l) => l === 'REQUEST');
    while ((await connections()) === 0) await new Promise((res) => setImmediate(res));
    assert.equal(await connections(), 1, 'the request never reached the data plane');
    return { r, localPort: Number(forwardLine.split(' ')[1]) };
  };

  it('exits promptly by the signal, with the forward closed', async () => {
    const args = await setUp();
    const { r, localPort } = await startHanging(args);
    const sent = Date.now();
    r.child.kill('SIGINT');
    const exit = await r.exit;
    const took = Date.now() - sent;
    // Promptly means by the signal, not at the request's own 60 s timeout (scripts/interrupted-probe.ts).
    assert.ok(took < REQUEST_TIMEOUT_MS, `took ${took} ms to exit after SIGINT`);
    assert.ok(exit.signal === 'SIGINT' || exit.code === 130, `exited with ${JSON.stringify(exit)}`);
    assert.ok(!r.lines.includes('FINISHED'));
    assert.ok(await refusesConnections(localPort), 'the local port still listens');
  });

  it('closes the forward before giving up when the caller handles SIGINT itself (exit status 130)', async () => {
    const args = await setUp();
    const { r } = await startHanging([...args, 'handled']);
    const sent = Date.now();
    r.child.kill('SIGINT');
    const report = JSON.parse(await r.line((l) => l.startsWith('{'))) as { error: string; exitCode: number; portClosed: boolean };
    const exit = await r.exit;
    assert.ok(Date.now() - sent < REQUEST_TIMEOUT_MS, `took ${Date.now() - sent} ms`);
    assert.deepEqual(report, { error: 'interrupted', exitCode: 130, portClosed: true });
    assert.equal(exit.code, 130);
    // The pod side of the forward was let go as well.
    // The silent server sees the close as an event; wait for it, mocha's timeout guards a leak.
    while ((await connections()) > 0) await new Promise((res) => setImmediate(res));
    assert.equal(await connections(), 0);
  });
});
