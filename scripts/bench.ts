// Benchmark: start-up against `node -e 0`, each command against `kubectl get` of the same kinds on
// synthetic clusters served by the in-repo API server, manifest loading against the `yaml`
// package alone, and peak memory. Prints a Markdown table; asserts nothing (timings belong in a
// benchmark, not in a test). Each pair of commands runs alternately, and the ratio is of the
// medians: these machines are shared, so ratios carry over between runs where times do not.
//
//   npm run bench                              S and M clusters, 5 runs each (needs `npm run build`)
//   npm run bench -- --sizes S,M,L --runs 3    L (500 gateways, 10,000 routes) too; slow on 2 cores
//   npm run bench -- --write                   also rewrite docs/benchmarks.md with the table
//   npm run bench -- --only startup            only some parts: startup, cluster, manifests
//
// Times are wall time (what a user waits); CPU time (user + system) and peak RSS come from
// /usr/bin/time when it is installed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../test/support/apiserver.js';
import type { KubeObject } from '../src/model/objects.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'S,M' },
    runs: { type: 'string', default: '5' },
    latency: { type: 'string', default: '5' },
    write: { type: 'boolean', default: false },
    only: { type: 'string', default: 'startup,cluster,manifests' },
  },
});
const PARTS = new Set(values.only.split(','));
for (const part of PARTS) if (!['startup', 'cluster', 'manifests'].includes(part)) throw new Error(`--only: unknown part ${part}`);
// The table in docs/benchmarks.md is the whole benchmark: a partial run does not replace it.
if (values.write && PARTS.size < 3) throw new Error('--write needs the whole benchmark (no --only)');
const RUNS = Number(values.runs);
const LATENCY = Number(values.latency);
const REPO = resolve(import.meta.dirname, '..');
const GW = join(REPO, 'bin/kubectl-gw');
const SEA = join(REPO, 'dist/release/linux_amd64/kubectl-gw');
const home = mkdtempSync(join(tmpdir(), 'gw-bench-'));
const env = { ...process.env, PATH: `${join(REPO, 'bin')}:${process.env.PATH}`, HOME: home, NO_COLOR: '1', KUBECONFIG: join(home, 'none') };
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const SIZES: Record<string, { gateways: number; routes: number }> = {
  S: { gateways: 10, routes: 100 },
  M: { gateways: 100, routes: 2000 },
  L: { gateways: 500, routes: 10_000 },
};

interface Sample {
  wallMs: number;
  /** user + system, when /usr/bin/time measured it. */
  cpuMs?: number;
  rssMb?: number;
  code: number | null;
  stderr: string;
}

interface Cmd {
  label: string;
  cmd: string;
  args: string[];
  okCodes?: number[];
}

function runOnce(c: Cmd): Promise<Sample> {
  // Asynchronous on purpose: the API server answering these commands runs in this process.
  const stats = join(home, 'time');
  const [cmd, args] = TIME ? [TIME, ['-f', '%U %S %M', '-o', stats, c.cmd, ...c.args]] : [c.cmd, c.args];
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (!TIME) return done({ wallMs, code, stderr });
      const [user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      done({ wallMs, cpuMs: (user + sys) * 1000, rssMb: rssKb / 1024, code, stderr });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Measured {
  wallMs: number;
  cpuMs?: number;
  rssMb?: number;
  failed?: string;
}

function summarise(c: Cmd, samples: Sample[]): Measured {
  const bad = samples.find((s) => !(c.okCodes ?? [0]).includes(s.code ?? -1));
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: samples[0].cpuMs === undefined ? undefined : median(samples.map((s) => s.cpuMs!)),
    rssMb: samples[0].rssMb === undefined ? undefined : Math.max(...samples.map((s) => s.rssMb!)),
    failed: bad ? `exit ${bad.code}: ${bad.stderr.trim().split('\n')[0]}` : undefined,
  };
}

/** Runs `a` and `b` alternately, `runs` times each (after one unmeasured warm-up of each). */
async function pair(a: Cmd, b: Cmd, runs = RUNS, onRun?: () => void): Promise<[Measured, Measured]> {
  await runOnce(a);
  await runOnce(b);
  const sa: Sample[] = [];
  const sb: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    onRun?.();
    sa.push(await runOnce(a));
    sb.push(await runOnce(b));
  }
  return [summarise(a, sa), summarise(b, sb)];
}

interface Row {
  what: string;
  against: string;
  ours: Measured;
  theirs: Measured;
  goal?: number;
  note?: string;
}
const rows: Row[] = [];

function gw(label: string, args: string[], okCodes?: number[]): Cmd {
  return { label, cmd: GW, args, okCodes };
}

// --- the synthetic clusters --------------------------------------------------------------------

function syntheticCluster(gateways: number, routes: number): KubeObject[] {
  const objects: KubeObject[] = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'eg' }, spec: { controllerName: 'example.com/gw' }, status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] } },
  ];
  for (let g = 0; g < gateways; g++) {
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: `gw-${g}`, namespace: 'infra' },
      spec: {
        gatewayClassName: 'eg',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: `*.gw${g}.example.com`, tls: { certificateRefs: [{ name: `gw-${g}-cert` }] }, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    });
  }
  for (let i = 0; i < routes; i++) {
    const ns = `team-${i % 50}`;
    const g = i % gateways;
    objects.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `route-${i}`, namespace: ns },
      spec: {
        parentRefs: [{ name: `gw-${g}`, namespace: 'infra' }],
        hostnames: [`app${i}.gw${g}.example.com`],
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: `svc-${i}`, port: 80 }] },
          { matches: [{ path: { type: 'Exact', value: '/healthz' }, headers: [{ name: 'x-probe', value: 'yes' }] }], backendRefs: [{ name: `svc-${i}`, port: 80 }] },
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
      // Ten endpoints per Service, as the issue's cluster (2,000 Services, 20,000 endpoints).
      endpoints: Array.from({ length: 10 }, (_, e) => ({ addresses: [`10.${e}.${Math.floor(i / 250)}.${i % 250}`], conditions: { ready: true } })),
    });
  }
  for (let n = 0; n < 50; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } });
  objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } });
  return objects;
}

const KINDS = 'gatewayclasses,gateways,httproutes,referencegrants,services,endpointslices,namespaces';

async function clusterRows(size: string, server: ApiServer, kc: string): Promise<void> {
  const { gateways, routes } = SIZES[size];
  const tag = `${size} (${gateways} gateways, ${routes.toLocaleString('en-US')} routes)`;
  const kubectl: Cmd = { label: `kubectl get ${KINDS} -A -o json`, cmd: 'kubectl', args: ['--kubeconfig', kc, 'get', KINDS, '-A', '-o', 'json'] };
  const runs = size === 'L' ? Math.min(RUNS, 3) : RUNS;
  const requests = async (c: Cmd) => {
    server.clearRequests();
    await runOnce(c);
    return server.requests.length;
  };
  const cases: Array<[Cmd, number, string?]> = [
    [gw('tree -A', ['tree', '-A', '--kubeconfig', kc]), 0.8],
    [gw('tree -A -o json', ['tree', '-A', '-o', 'json', '--kubeconfig', kc]), 0.6],
    [gw('explain route route-0 -n team-0', ['explain', 'route', 'route-0', '-n', 'team-0', '--kubeconfig', kc]), 0.25],
    [gw('tree gw-0 -n infra', ['tree', 'gw-0', '-n', 'infra', '--kubeconfig', kc]), 0.4],
  ];
  for (const [cmd, goal] of cases) {
    const n = await requests(cmd);
    const [ours, theirs] = await pair(cmd, kubectl, runs);
    rows.push({ what: `${cmd.label} - ${tag}`, against: 'kubectl get (the same kinds) -A -o json', ours, theirs, goal, note: `${n} requests` });
  }
}

// --- manifests: check -f against the yaml package alone ----------------------------------------

function manifestFile(gateways: number, routes: number): string {
  const file = join(home, `cluster-${routes}.yaml`);
  const objects = syntheticCluster(gateways, routes).filter((o) => o.kind !== 'EndpointSlice' && o.kind !== 'Namespace');
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return file;
}

async function manifestRows(): Promise<void> {
  const yamlAlone = (file: string): Cmd => ({
    label: 'the yaml package alone',
    cmd: process.execPath,
    args: ['-e', `const {parseAllDocuments}=require('yaml');for(const d of parseAllDocuments(require('fs').readFileSync(${JSON.stringify(file)},'utf8')))d.toJS()`],
  });
  const check: Record<number, Measured> = {};
  const tree: Record<number, Measured> = {};
  for (const [gateways, routes] of [
    [100, 2000],
    [1000, 20_000],
  ]) {
    const file = manifestFile(gateways, routes);
    const what = `${routes.toLocaleString('en-US')} routes in one file (${(readFileSync(file).length / 1e6).toFixed(1)} MB)`;
    const runs = routes > 10_000 ? Math.min(RUNS, 3) : RUNS;
    const [ours, theirs] = await pair(gw('check', ['check', '-f', file, '-o', 'json'], [0, 1]), yamlAlone(file), runs);
    check[routes] = ours;
    rows.push({ what: `check -f, ${what}`, against: 'node + yaml parseAllDocuments of the file', ours, theirs, goal: 1.5 });
    const [t, y] = await pair(gw('tree', ['tree', '-A', '-f', file]), yamlAlone(file), Math.min(runs, 3));
    tree[routes] = t;
    rows.push({ what: `tree -A -f, ${what}`, against: 'node + yaml parseAllDocuments of the file', ours: t, theirs: y });
  }
  rows.push({ what: 'check -f: 20,000 routes / 2,000 routes', against: 'the same, 2,000 routes', ours: check[20_000], theirs: check[2000], goal: 11 });
  rows.push({ what: 'tree -A -f: 20,000 routes / 2,000 routes', against: 'the same, 2,000 routes', ours: tree[20_000], theirs: tree[2000] });
}

// --- start-up ----------------------------------------------------------------------------------

async function startupRows(): Promise<void> {
  const bare: Cmd = { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] };
  for (const [cmd, goal] of [
    [gw('kubectl-gw --help', ['--help']), 1.5],
    [gw('kubectl-gw tree -f examples/', ['tree', '-f', 'examples/']), 2.5],
  ] as Array<[Cmd, number]>) {
    const [ours, theirs] = await pair(cmd, bare, Math.max(RUNS, 9));
    rows.push({ what: cmd.label, against: 'node -e 0', ours, theirs, goal });
  }
  if (existsSync(SEA)) {
    for (const cmd of [
      { label: 'single binary --help', cmd: SEA, args: ['--help'] },
      { label: 'single binary tree -f examples/', cmd: SEA, args: ['tree', '-f', 'examples/'] },
    ]) {
      const [ours, theirs] = await pair(cmd, bare, Math.max(RUNS, 9));
      rows.push({ what: cmd.label, against: 'node -e 0', ours, theirs });
    }
  }
}

// --- the table ---------------------------------------------------------------------------------

const ms = (m?: Measured) => (m ? `${Math.round(m.wallMs)} ms` : '');
function table(): string {
  const lines = [
    '| command | against | ours | theirs | ratio (wall) | ratio (CPU) | goal | peak RSS | notes |',
    '|---|---|---:|---:|---:|---:|---|---:|---|',
  ];
  for (const r of rows) {
    const wall = r.theirs ? r.ours.wallMs / r.theirs.wallMs : NaN;
    const cpu = r.ours.cpuMs !== undefined && r.theirs?.cpuMs ? r.ours.cpuMs / r.theirs.cpuMs : NaN;
    const met = r.goal === undefined || !Number.isFinite(wall) ? '' : wall <= r.goal ? ` (met)` : ` (**not met**)`;
    const failed = r.ours.failed ? `FAILED: ${r.ours.failed}` : '';
    lines.push(
      `| ${r.what} | ${r.against} | ${ms(r.ours)} | ${ms(r.theirs)} | ${Number.isFinite(wall) ? `${wall.toFixed(2)}x` : ''} | ${Number.isFinite(cpu) ? `${cpu.toFixed(2)}x` : ''} | ${r.goal === undefined ? '' : `<= ${r.goal}x${met}`} | ${r.ours.rssMb === undefined ? '' : `${Math.round(r.ours.rssMb)} MB`} | ${[failed, r.note].filter(Boolean).join('; ')} |`,
    );
  }
  return lines.join('\n');
}

if (PARTS.has('startup')) await startupRows();
for (const size of PARTS.has('cluster') ? values.sizes.split(',') : []) {
  const { gateways, routes } = SIZES[size];
  const server = await startApiServer({ objects: syntheticCluster(gateways, routes), latencyMs: LATENCY });
  try {
    await clusterRows(size, server, server.writeKubeconfig(join(home, `kubeconfig-${size}`)));
  } finally {
    await server.close();
  }
}
if (PARTS.has('manifests')) await manifestRows();

const commit = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() ? ' (with uncommitted changes)' : '';
const header = `Commit ${commit}${dirty}; ${process.platform}/${process.arch}, ${cpus().length} CPUs, node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end; median of ${RUNS} runs per command (3 for L and the 20,000-route file), ${LATENCY} ms API latency; ${new Date().toISOString().slice(0, 10)}.`;
console.log(`${header}\n\n${table()}`);
if (values.write) {
  const doc = join(REPO, 'docs/benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  writeFileSync(doc, `${text.slice(0, start)}<!-- bench:start -->\n${header}\n\n${table()}\n${text.slice(end)}`);
}
