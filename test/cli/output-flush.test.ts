// Issue 8 item 3: every byte a command writes reaches the reader, on every exit path, however
// slowly the reader takes it. Node writes to pipes asynchronously; a process that exits as soon as
// the command returns loses what the pipe has not taken yet (`check -o json | jq` stopped at
// 128 KiB). Each case runs the built CLI twice, once into a slow pipe reader and once with output
// redirected to a file, and compares the bytes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../e2e/run-gw.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-flush-'));
const GW = join(BIN, 'kubectl-gw');
const READER = join(import.meta.dirname, '../support/slow-reader.mjs');
const ENV = { ...process.env, KUBECONFIG: join(tmp, 'none'), NO_COLOR: '1' };

type Stream = 'stdout' | 'stderr';

/** The command with `stream` going through the slow reader; the other one is collected. */
function throughSlowPipe(args: string[], stream: Stream): Promise<{ code: number | null; bytes: Buffer }> {
  const file = join(tmp, `pipe-${Math.random().toString(36).slice(2)}`);
  const reader = spawn(process.execPath, [READER, file], { stdio: ['pipe', 'ignore', 'inherit'] });
  const stdio: Array<'ignore' | 'pipe' | NodeJS.WritableStream> = ['ignore', 'ignore', 'ignore'];
  stdio[stream === 'stdout' ? 1 : 2] = reader.stdin!;
  const gw = spawn(GW, args, { env: ENV, stdio: stdio as never });
  // The reader sees the end of its input only once every writer has closed the pipe: ours too.
  reader.stdin!.destroy();
  const gwDone = new Promise<number | null>((resolve, reject) => {
    gw.on('error', reject);
    gw.on('exit', (code) => resolve(code));
  });
  const readerDone = new Promise<void>((resolve, reject) => {
    reader.on('error', reject);
    reader.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`slow reader exited ${code}`))));
  });
  return Promise.all([gwDone, readerDone]).then(([code]) => ({ code, bytes: readFileSync(file) }));
}

/** The command with `stream` redirected to a file. */
function toFile(args: string[], stream: Stream): Promise<{ code: number | null; bytes: Buffer }> {
  const file = join(tmp, `file-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(file, 'w');
  const stdio: Array<'ignore' | number> = ['ignore', 'ignore', 'ignore'];
  stdio[stream === 'stdout' ? 1 : 2] = fd;
  const gw = spawn(GW, args, { env: ENV, stdio });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    gw.on('error', reject);
    gw.on('exit', (code) => resolve({ code, bytes: readFileSync(file) }));
  });
}

async function sameThroughPipeAndFile(args: string[], stream: Stream, code: number): Promise<Buffer> {
  const [piped, filed] = await Promise.all([throughSlowPipe(args, stream), toFile(args, stream)]);
  assert.equal(filed.code, code, `exit status with ${stream} redirected to a file`);
  assert.equal(piped.code, code, `exit status with ${stream} through a slow pipe`);
  assert.ok(filed.bytes.length > 1_000_000, `only ${filed.bytes.length} bytes: the case must write over 1 MB`);
  assert.equal(piped.bytes.length, filed.bytes.length, `${stream} through a slow pipe is cut short`);
  assert.ok(piped.bytes.equals(filed.bytes));
  return filed.bytes;
}

// Long names make long findings and long lines cheaply: few objects, over a megabyte of output.
const LONG = (i: number) => `${'x'.repeat(240)}-${i}`;

function routesToMissingGateways(): string {
  const docs: string[] = [];
  for (let i = 0; i < 50; i++) {
    const parents = Array.from({ length: 32 }, (_, j) => `{name: ${LONG(j)}, namespace: infra, sectionName: s${j}}`);
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-${i}, namespace: apps}
spec:
  parentRefs: [${parents.join(', ')}]
  hostnames: [${Array.from({ length: 16 }, (_, j) => `h${j}-${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`).join(', ')}]
  rules: [{backendRefs: [{name: svc-${i}, port: 80}]}]`);
  }
  docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec: {gatewayClassName: eg, listeners: [{name: http, port: 80, protocol: HTTP}]}`);
  return docs.join('\n---\n');
}

function manyIgnoredObjects(): string {
  return Array.from(
    { length: 900 },
    (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${LONG(i)}, namespace: ${'n'.repeat(60)}}\n`,
  ).join('---\n');
}

describe('complete output through slow pipes, on every exit path', function () {
  this.timeout(120_000);
  const routes = join(tmp, 'routes.yaml');
  // Each -v note names the file: a deep path makes each note over a kilobyte.
  const deep = join(tmp, ...Array.from({ length: 4 }, (_, i) => `${i}${'d'.repeat(200)}`));
  const ignored = join(deep, 'ignored.yaml');
  before(() => {
    mkdirSync(deep, { recursive: true });
    writeFileSync(routes, routesToMissingGateways());
    writeFileSync(ignored, manyIgnoredObjects());
  });

  it('check -o json with findings (exit 1): every byte of the report', async () => {
    const bytes = await sameThroughPipeAndFile(['check', '-A', '-f', routes, '-o', 'json'], 'stdout', 1);
    const report = JSON.parse(bytes.toString()) as { findings: unknown[] };
    assert.ok(report.findings.length >= 50 * 32);
  });

  it('tree -o json (exit 0): every byte of the document', async () => {
    const bytes = await sameThroughPipeAndFile(['tree', '-A', '-f', routes, '-o', 'json'], 'stdout', 0);
    assert.equal((JSON.parse(bytes.toString()) as { routes: unknown[] }).routes.length, 50);
  });

  it('an error after a megabyte of -v notes on stderr (exit 1): every note, then the error', async () => {
    const bytes = await sameThroughPipeAndFile(['explain', 'route', 'nope', '-A', '-v', '-f', ignored, '-f', routes], 'stderr', 1);
    const text = bytes.toString();
    assert.match(text, /ignored Deployment n+\/x+-899 /);
    assert.match(text, /\nerror: .*nope.*\n/);
  });

  describe('Ctrl-C', () => {
    let server: ApiServer;
    let kubeconfig: string;
    before(async () => {
      // Every route list hangs, so the command is still reading when it is interrupted.
      server = await startApiServer({ fixtures: ['examples'], hang: [/routes/] });
      kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'));
    });
    after(() => server.close());

    it('exits 130 with what was written so far, flushed', async () => {
      const gw = spawn(GW, ['tree', '-A', '-v', '--kubeconfig', kubeconfig], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        gw.on('exit', (code, signal) => resolve({ code, signal })),
      );
      const closed = new Promise<void>((resolve) => gw.on('close', () => resolve()));
      // -v says what discovery found before the lists start: interrupt once it has said that.
      await new Promise<void>((resolve) =>
        gw.stderr.on('data', (chunk) => {
          stderr += chunk;
          if (/HTTPRoute: /.test(stderr)) resolve();
        }),
      );
      gw.kill('SIGINT');
      const { code, signal } = await exited;
      await closed;
      assert.equal(signal, null, 'ended by its own exit, not killed by the signal');
      assert.equal(code, 130);
      assert.match(stderr, /Gateway: gateway\.networking\.k8s\.io\/v1/);
    });
  });
});
