// Benchmark: start-up time, the bundled examples, and a large synthetic cluster served by the
// in-repo API server, against `kubectl get` reading the same objects. Prints a table; asserts
// nothing (timings belong in a benchmark, not in a test).
//
//   npm run bench               (needs `npm run build` first)
//   npm run bench -- --routes 5000 --runs 7
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer } from '../test/support/apiserver.js';
import type { KubeObject } from '../src/model/objects.js';

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '5' },
    latency: { type: 'string', default: '5' },
  },
});
const ROUTES = Number(values.routes);
const RUNS = Number(values.runs);
const REPO = resolve(import.meta.dirname, '..');
const BIN = join(REPO, 'bin');
const home = mkdtempSync(join(tmpdir(), 'gw-bench-'));
const env = { ...process.env, PATH: `${BIN}:${process.env.PATH}`, HOME: home, NO_COLOR: '1' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runOnce(cmd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  // Asynchronous on purpose: the API server answering these commands runs in this process.
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Median wall time of RUNS runs; `okCodes` are the exit codes that count as success. */
async function time(cmd: string, args: string[], okCodes = [0]): Promise<{ ms: number; ok: boolean; stderr: string }> {
  const runs: number[] = [];
  let ok = true;
  let stderr = '';
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = await runOnce(cmd, args);
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!okCodes.includes(r.code ?? -1)) {
      ok = false;
      stderr = r.stderr;
    }
  }
  return { ms: median(runs), ok, stderr };
}

function syntheticCluster(routes: number): KubeObject[] {
  const objects: KubeObject[] = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'example.com/gw' }, status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] } },
  ];
  const gateways = Math.max(1, Math.round(routes / 100));
  for (let g = 0; g < gateways; g++) {
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: `gw-${g}`, namespace: 'infra' },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: `*.gw${g}.example.com`, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    });
  }
  for (let i = 0; i < routes; i++) {
    const ns = `team-${i % 50}`;
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `route-${i}`, namespace: ns },
      spec: {
        parentRefs: [{ name: `gw-${i % gateways}`, namespace: 'infra' }],
        hostnames: [`app${i}.gw${i % gateways}.example.com`],
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: `svc-${i}`, port: 80 }] },
          { backendRefs: [{ name: `svc-${i}`, port: 80 }] },
        ],
      },
    });
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    objects.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${i}-abc`, namespace: ns, labels: { 'kubernetes.io/service-name': `svc-${i}` } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080 }],
      endpoints: [{ addresses: [`10.0.${Math.floor(i / 250)}.${i % 250}`], conditions: { ready: true } }],
    });
  }
  for (let n = 0; n < 50; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } });
  objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } });
  return objects;
}

const rows: Array<[string, string, string]> = [];
const record = (what: string, r: { ms: number; ok: boolean; stderr: string }, note = '') => {
  rows.push([what, `${r.ms.toFixed(0)} ms`, r.ok ? note : `FAILED: ${r.stderr.trim().split('\n')[0]}`]);
};

record('kubectl-gw --help', await time(join(BIN, 'kubectl-gw'), ['--help']));
record('kubectl gw --help (through kubectl)', await time('kubectl', ['gw', '--help']));
record('kubectl-gw tree -f examples/', await time(join(BIN, 'kubectl-gw'), ['tree', '-f', 'examples/']));

const server = await startApiServer({ objects: syntheticCluster(ROUTES), latencyMs: Number(values.latency) });
const kc = server.writeKubeconfig(join(home, 'kubeconfig'));
try {
  const objects = `${ROUTES} routes, ${ROUTES} services, ${ROUTES} endpointslices; ${values.latency} ms latency per request`;
  server.clearRequests();
  record(`kubectl-gw tree -A (${objects})`, await time(join(BIN, 'kubectl-gw'), ['tree', '-A', '--kubeconfig', kc]), `${server.requests.length / RUNS} requests per run`);
  // check exits 1 when it finds problems: that is a finished run here.
  record('kubectl-gw check -A', await time(join(BIN, 'kubectl-gw'), ['check', '-A', '--kubeconfig', kc, '-o', 'json'], [0, 1]));
  record('kubectl get gateways,httproutes,services,endpointslices -A', await time('kubectl', ['--kubeconfig', kc, 'get', 'gateways,httproutes,services,endpointslices', '-A']));
  record('kubectl get httproutes -A', await time('kubectl', ['--kubeconfig', kc, 'get', 'httproutes', '-A']));
} finally {
  await server.close();
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`median of ${RUNS} runs on ${process.platform}/${process.arch}, node ${process.version}\n`);
for (const [what, ms, note] of rows) console.log(`${what.padEnd(width)}  ${ms.padStart(8)}  ${note}`);
