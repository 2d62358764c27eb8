// The RBAC matrix: one API server holding the example cluster, one user per row, each denied
// something (a kind, cluster-wide lists, everything outside one namespace). For every row the
// verdicts are compared with the truth read as admin: a verdict the restricted user gets may be
// "unknown", but a decided one must be the admin's. So a 403 never reads as "does not exist",
// NotAllowedByListeners or RefNotPermitted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyse, type Analysis } from '../../src/analyse.js';
import { connect } from '../../src/kube/connection.js';
import { loadClusterSnapshot } from '../../src/kube/source.js';
import type { Graph } from '../../src/model/graph.js';
import { startApiServer, type ApiServer, type ForbiddenRule, type TestUser } from '../support/apiserver.js';

const NAMESPACES = ['infra', 'store', 'payments', 'blog', 'legacy'];
const KINDS = [
  'gatewayclasses',
  'gateways',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'referencegrants',
  'services',
  'endpointslices',
  'namespaces',
  'secrets',
  'listenersets',
  'backendtlspolicies',
  'customresourcedefinitions',
];

/** Everything but `ns`: cluster-scope requests and every other namespace are refused. */
function onlyNamespace(ns: string): ForbiddenRule[] {
  return [{ resource: '*', namespace: '' }, ...NAMESPACES.filter((n) => n !== ns).map((n) => ({ resource: '*', namespace: n }))];
}

interface Row {
  user: string;
  namespace: string;
  forbidden: ForbiddenRule[];
}

const ROWS: Row[] = [
  ...KINDS.map((k) => ({ user: `no-${k}`, namespace: 'store', forbidden: [{ resource: k }] })),
  { user: 'no-cluster-wide-lists', namespace: 'store', forbidden: [{ resource: '*', namespace: '', verb: 'list' as const }] },
  { user: 'no-cluster-scope', namespace: 'blog', forbidden: [{ resource: '*', namespace: '' }] },
  ...['store', 'blog', 'legacy', 'payments'].map((ns) => ({ user: `only-${ns}`, namespace: ns, forbidden: onlyNamespace(ns) })),
];

/** Every decided verdict of the graph, by a stable key: "status reason" or "resolved reason". */
function verdicts(graph: Graph): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of graph.gatewayClasses) for (const x of c.computed) out.set(`${c.id}:${x.type}`, `${x.status} ${x.reason}`);
  for (const g of graph.gateways) {
    for (const x of g.computed) out.set(`${g.id}:${x.type}`, `${x.status} ${x.reason}`);
    for (const l of g.listeners) {
      for (const x of l.computed) out.set(`${l.id}:${x.type}`, `${x.status} ${x.reason}`);
      for (const [i, c] of l.certificates.entries()) out.set(`${l.id}:cert${i}`, `${c.resolved} ${c.reason}`);
    }
  }
  for (const r of graph.routes) {
    for (const p of r.parents) {
      for (const x of p.computed) out.set(`${r.id}#parent${p.index}:${x.type}`, `${x.status} ${x.reason}`);
      for (const l of p.listeners) out.set(`${r.id}#parent${p.index}:${l.id}`, `${l.accepted} ${l.reason}`);
    }
    for (const rule of r.rules) {
      for (const [j, b] of rule.backends.entries()) {
        out.set(`${r.id}#rule${rule.index}backend${j}`, `${b.resolved} ${b.reason}`);
        if (b.endpoints) out.set(`${r.id}#rule${rule.index}backend${j}:endpoints`, `${b.endpoints.ready}/${b.endpoints.total}`);
      }
    }
  }
  return out;
}

const undecided = (v: string) => v.startsWith('Unknown ') || v.startsWith('null ') || v.endsWith(' Unknown');

describe('RBAC matrix: what a restricted user is told never contradicts what an admin reads', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ApiServer;
  let truth: Analysis;
  let truthVerdicts: Map<string, string>;

  const users: TestUser[] = ROWS.map((r, i) => ({ name: r.user, token: `token-${i}-${r.user}`, forbidden: r.forbidden }));

  async function analyseAs(user: string | undefined, namespace: string): Promise<Analysis> {
    const token = user ? users.find((u) => u.name === user)!.token : undefined;
    const kubeconfig = server.writeKubeconfig(path.join(dir, `${user ?? 'admin'}.config`), { namespace, token, user: user ?? 'admin' });
    const conn = await connect({ kubeconfig, env: { HOME: dir } });
    return analyse(await loadClusterSnapshot(conn), { now: new Date('2026-12-01T00:00:00Z') });
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgw-rbac-'));
    server = await startApiServer({ fixtures: ['examples/'], users });
    truth = await analyseAs(undefined, 'default');
    truthVerdicts = verdicts(truth.graph);
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the truth has the verdicts the rows are about', () => {
    // The examples hold each kind of false verdict a 403 used to cause.
    assert.equal(truthVerdicts.get('HTTPRoute/blog/blog#rule1backend0'), 'false RefNotPermitted');
    assert.equal(truthVerdicts.get('HTTPRoute/legacy/old-api#parent1:Accepted'), 'False NotAllowedByListeners');
    assert.equal(truthVerdicts.get('HTTPRoute/store/store#parent0:Accepted'), 'True Accepted');
    assert.equal(truthVerdicts.get('HTTPRoute/payments/refunds#parent0:Accepted'), 'False NoMatchingParent');
  });

  for (const row of ROWS) {
    it(`${row.user}: no decided verdict contradicts the admin's; only GETs; a 403 is named`, async () => {
      server.clearRequests();
      const mine = await analyseAs(row.user, row.namespace);
      const requests = server.requests.filter((r) => r.user === row.user);
      assert.ok(requests.every((r) => r.method === 'GET'));
      const contradictions: string[] = [];
      for (const [key, value] of verdicts(mine.graph)) {
        if (undecided(value)) continue;
        const admin = truthVerdicts.get(key);
        if (admin !== undefined && admin !== value) contradictions.push(`${key}: ${value} (admin: ${admin})`);
      }
      assert.deepEqual(contradictions, []);
      // Error findings are a subset of the admin's: nothing "missing" or "not allowed" is invented.
      const key = (f: { code: string; subject: { kind: string; namespace?: string; name: string; section?: string } }) =>
        `${f.code} ${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name} ${f.subject.section ?? ''}`;
      const adminErrors = new Set(truth.findings.filter((f) => f.severity === 'error').map(key));
      const invented = mine.findings.filter((f) => f.severity === 'error' && !adminErrors.has(key(f))).map(key);
      assert.deepEqual(invented, []);
      // What was refused is said (CV401), so the run can exit "incomplete".
      if (requests.some((r) => r.status === 403)) assert.ok(mine.findings.some((f) => f.code === 'CV401'), 'a refused read is reported');
    });
  }

  it('a namespace-only user: the parent Gateway is unknown (forbidden), with the controller status as the best fact', async () => {
    const mine = await analyseAs('only-store', 'store');
    const route = mine.graph.routes.find((r) => r.id === 'HTTPRoute/store/store')!;
    const accepted = route.parents[0].computed.find((c) => c.type === 'Accepted')!;
    assert.equal(`${accepted.status} ${accepted.reason}`, 'Unknown Unknown');
    assert.equal(accepted.message, 'Gateway infra/shared-gw: unknown (forbidden: cannot get gateways in namespace infra)');
    const fact = route.parents[0].undecided?.find((u) => u.type === 'Accepted');
    assert.deepEqual(fact?.reported && { who: fact.reported.controllerName, status: fact.reported.status }, {
      who: 'gateway.envoyproxy.io/gatewayclass-controller',
      status: 'True',
    });
    assert.ok(!mine.findings.some((f) => ['RT201', 'RT202', 'RT203', 'RT207'].includes(f.code)));
    assert.ok(mine.findings.some((f) => f.code === 'CV402' && f.subject.name === 'store'));
    // Its own backends were read (by name or with its namespace) and resolve.
    assert.equal(route.rules[0].backends[0].resolved, true);
  });

  it('a user who cannot read Namespaces: a label selector is unknown, never NotAllowedByListeners', async () => {
    const mine = await analyseAs('no-namespaces', 'store');
    const legacy = mine.graph.routes.find((r) => r.id === 'HTTPRoute/legacy/old-api')!;
    const https = legacy.parents[1].computed.find((c) => c.type === 'Accepted')!;
    assert.equal(`${https.status} ${https.reason}`, 'Unknown Unknown');
    assert.match(https.message, /labels of Namespace legacy are unknown \(forbidden: cannot get namespaces legacy\)/);
    assert.ok(!mine.findings.some((f) => f.code === 'RT203'));
    // A listener that takes all namespaces needs no Namespace at all.
    assert.equal(legacy.parents[0].computed.find((c) => c.type === 'Accepted')!.status, 'True');
  });

  it('a user who cannot read ReferenceGrants: the cross-namespace backend is unknown, and the controller says RefNotPermitted', async () => {
    const mine = await analyseAs('no-referencegrants', 'blog');
    const blog = mine.graph.routes.find((r) => r.id === 'HTTPRoute/blog/blog')!;
    assert.equal(blog.rules[1].backends[0].resolved, null);
    const fact = blog.parents[0].undecided?.find((u) => u.type === 'ResolvedRefs');
    assert.equal(fact?.reported?.reason, 'RefNotPermitted');
    const cv402 = mine.findings.find((f) => f.code === 'CV402' && f.subject.name === 'blog');
    assert.match(cv402?.cause ?? '', /gateway.envoyproxy.io\/gatewayclass-controller reports ResolvedRefs=False \(RefNotPermitted\)/);
  });
});
