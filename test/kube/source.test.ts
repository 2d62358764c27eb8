// Reading a whole cluster into a Snapshot: what is read, in which version, and how much of it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../src/model/errors.js';
import type { KubeObject } from '../../src/model/objects.js';
import { connect, type Connection, type ConnectOptions } from '../../src/kube/connection.js';
import { listEvents, loadClusterSnapshot } from '../../src/kube/source.js';
import { makeLeaf, testCA } from '../support/certs.js';
import { DEFAULT_SERVED, startApiServer, type ApiServer, type ApiServerOptions } from '../support/apiserver.js';

const GW = 'gateway.networking.k8s.io/v1';

function gateway(namespace: string, name: string, certificateRefs: Array<Record<string, string>> = []): KubeObject {
  return {
    apiVersion: GW,
    kind: 'Gateway',
    metadata: { namespace, name },
    spec: {
      gatewayClassName: 'example',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP' },
        ...(certificateRefs.length ? [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs } }] : []),
      ],
    },
  };
}

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  { apiVersion: GW, kind: 'GatewayClass', metadata: { name: 'example' }, spec: { controllerName: 'example.com/gw' } },
  gateway('infra', 'public'),
  { apiVersion: GW, kind: 'HTTPRoute', metadata: { namespace: 'team-a', name: 'web' }, spec: { parentRefs: [{ name: 'public', namespace: 'infra' }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TLSRoute', metadata: { namespace: 'team-a', name: 'tls' }, spec: {} },
  { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'team-a', name: 'web' }, spec: { ports: [{ port: 80 }] } },
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'team-a', name: 'web-x1', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }],
  },
];

describe('kube/source', () => {
  let dir: string;
  let server: ApiServer | undefined;

  async function cluster(opts: ApiServerOptions & { connect?: ConnectOptions; namespace?: string } = {}): Promise<Connection> {
    server = await startApiServer({ objects, ...opts });
    const kubeconfig = server.writeKubeconfig(path.join(dir, 'config'), { context: 'kind-test', namespace: opts.namespace });
    return connect({ kubeconfig, env: { HOME: dir }, ...opts.connect });
  }

  const secretRequests = () => server!.requests.filter((r) => r.path.includes('/secrets'));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kgw-source-'));
  });
  afterEach(async () => {
    if (server) {
      assert.deepEqual(server.requests.filter((r) => r.method !== 'GET'), [], 'only GET requests are made');
      assert.ok(!server.requests.some((r) => /\/secrets$/.test(r.path)), 'Secrets are never listed');
    }
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every served kind cluster-wide, in parallel, with complete coverage', async () => {
    const conn = await cluster();
    const snapshot = await loadClusterSnapshot(conn);
    assert.deepEqual(snapshot.gatewayClasses.map((o) => o.metadata.name), ['example']);
    assert.deepEqual(snapshot.gateways.map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['infra/public']);
    assert.deepEqual(snapshot.routes.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ['HTTPRoute/web', 'TLSRoute/tls']);
    assert.deepEqual(snapshot.services.map((o) => o.metadata.name), ['web']);
    assert.equal(snapshot.endpointSlices[0].endpoints?.[0].addresses[0], '10.0.0.1');
    assert.deepEqual(snapshot.namespaces.map((o) => o.metadata.name).sort(), ['infra', 'team-a']);
    assert.deepEqual(snapshot.coverage.httproutes, { state: 'complete', apiVersion: GW });
    assert.deepEqual(snapshot.coverage.endpointslices, { state: 'complete', apiVersion: 'discovery.k8s.io/v1' });
    // Secrets are never listed: the ones read by name are known, the rest were not read.
    assert.deepEqual(snapshot.coverage.secrets, { state: 'partial', apiVersion: 'v1', namespaces: [], names: [], denied: {} });
    assert.deepEqual(snapshot.notes, []);
    // Lists are cluster-wide (never under /namespaces/) and paginated.
    const lists = server!.requests.filter((r) => r.query.limit);
    assert.ok(lists.length >= 13);
    assert.ok(lists.every((r) => !r.path.includes('/namespaces/')));
  });

  it('asks for the version each kind is served in', async () => {
    const served = DEFAULT_SERVED.filter((r) => !(r.kind === 'ReferenceGrant' && r.version === 'v1') && !(r.kind === 'TLSRoute' && r.version === 'v1'));
    const conn = await cluster({ served });
    const snapshot = await loadClusterSnapshot(conn);
    assert.deepEqual(snapshot.coverage.referencegrants, { state: 'complete', apiVersion: 'gateway.networking.k8s.io/v1beta1' });
    assert.deepEqual(snapshot.coverage.tlsroutes, { state: 'complete', apiVersion: 'gateway.networking.k8s.io/v1alpha2' });
    assert.ok(server!.requests.some((r) => r.path === '/apis/gateway.networking.k8s.io/v1alpha2/tlsroutes'));
    assert.equal(snapshot.routes.filter((r) => r.kind === 'TLSRoute').length, 1);
  });

  it('skips a kind whose CRD is not installed, saying so once', async () => {
    const conn = await cluster({ served: DEFAULT_SERVED.filter((r) => r.kind !== 'TLSRoute') });
    const snapshot = await loadClusterSnapshot(conn);
    assert.deepEqual(snapshot.coverage.tlsroutes, { state: 'not-served' });
    assert.deepEqual(snapshot.notes, ['TLSRoute CRD not installed: skipped']);
    assert.ok(!server!.requests.some((r) => r.path.endsWith('/tlsroutes')));
    assert.equal(snapshot.routes.length, 1);
  });

  it('marks EndpointSlices forbidden and still loads the rest', async () => {
    const conn = await cluster({ forbidden: [{ resource: 'endpointslices' }] });
    const snapshot = await loadClusterSnapshot(conn);
    assert.deepEqual(snapshot.coverage.endpointslices, {
      state: 'partial',
      apiVersion: 'discovery.k8s.io/v1',
      namespaces: [],
      names: [],
      denied: {
        '*': 'forbidden: cannot list endpointslices cluster-wide',
        default: 'forbidden: cannot list endpointslices in namespace default',
      },
    });
    assert.equal(snapshot.endpointSlices.length, 0);
    assert.equal(snapshot.services.length, 1);
    assert.equal(snapshot.gateways.length, 1);
    assert.ok(snapshot.notes.some((n) => n.includes('cannot list resource "endpointslices"')));
  });

  it('falls back to the namespace when only the cluster-wide list is forbidden', async () => {
    const conn = await cluster({ namespace: 'team-a', forbidden: [{ resource: 'httproutes', namespace: '' }, { resource: 'namespaces', verb: 'list' }] });
    const snapshot = await loadClusterSnapshot(conn);
    assert.deepEqual(snapshot.coverage.httproutes, {
      state: 'partial',
      apiVersion: GW,
      namespaces: ['team-a'],
      names: [],
      denied: { '*': 'forbidden: cannot list httproutes cluster-wide' },
    });
    assert.deepEqual(snapshot.routes.filter((r) => r.kind === 'HTTPRoute').map((r) => r.metadata.name), ['web']);
    assert.ok(server!.requests.some((r) => r.path === '/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes'));
    assert.ok(snapshot.notes.includes('cannot list httproutes cluster-wide (forbidden): read namespace "team-a" and the ones needed by name'));
    // Namespaces are cluster-scoped: none is needed here (no listener selects on labels), so none is read.
    assert.deepEqual(snapshot.namespaces.map((n) => n.metadata.name), []);
    assert.deepEqual(snapshot.coverage.namespaces, { state: 'partial', apiVersion: 'v1', namespaces: [], names: [], denied: { '*': 'forbidden: cannot list namespaces cluster-wide' } });
  });

  it('stops with an install hint when no Gateway API CRDs are installed', async () => {
    const conn = await cluster({ served: DEFAULT_SERVED.filter((r) => !r.group.startsWith('gateway.networking')) });
    await assert.rejects(loadClusterSnapshot(conn), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'The Gateway API CRDs are not installed in this cluster (context "kind-test").');
      assert.equal(
        e.hint,
        'Install them with: kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml',
      );
      assert.equal(e.exitCode, 1);
      return true;
    });
  });

  describe('listener Secrets', () => {
    const ca = testCA();
    const leaf = makeLeaf(ca, { commonName: 'shop.example.com', dnsNames: ['shop.example.com'] });
    const tlsSecret = (namespace: string, name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace, name },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(leaf.certPem).toString('base64'), 'tls.key': Buffer.from(leaf.keyPem).toString('base64') },
    });
    const withTls = [
      ...objects.filter((o) => o.kind !== 'Gateway'),
      gateway('infra', 'public', [
        { name: 'shop-cert' },
        { name: 'shared-cert', namespace: 'certs' },
        // No ReferenceGrant lets the Gateway use it: RefNotPermitted whatever it holds, so not read.
        { name: 'private', namespace: 'vault' },
        { name: 'gone' },
        { kind: 'ConfigMap', name: 'not-a-secret' },
        { group: 'cert.example.com', kind: 'Certificate', name: 'not-core' },
      ]),
      {
        apiVersion: GW,
        kind: 'ListenerSet',
        metadata: { namespace: 'team-a', name: 'extra' },
        spec: { parentRef: { name: 'public', namespace: 'infra' }, listeners: [{ name: 'x', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'team-cert' }] } }] },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: { namespace: 'certs', name: 'gateways-from-infra' },
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }], to: [{ group: '', kind: 'Secret' }] },
      },
      tlsSecret('infra', 'shop-cert'),
      tlsSecret('certs', 'shared-cert'),
      tlsSecret('vault', 'private'),
      tlsSecret('team-a', 'team-cert'),
      tlsSecret('infra', 'unrelated'),
    ];

    it('fetches only the referenced Secrets, by name, and keeps no key material', async () => {
      const conn = await cluster({ objects: withTls });
      const snapshot = await loadClusterSnapshot(conn);
      assert.deepEqual(secretRequests().map((r) => r.path).sort(), [
        '/api/v1/namespaces/certs/secrets/shared-cert',
        '/api/v1/namespaces/infra/secrets/gone',
        '/api/v1/namespaces/infra/secrets/shop-cert',
        '/api/v1/namespaces/team-a/secrets/team-cert',
      ]);
      assert.deepEqual(snapshot.secrets.map((s) => `${s.namespace}/${s.name}`).sort(), ['certs/shared-cert', 'infra/shop-cert', 'team-a/team-cert']);
      const shop = snapshot.secrets.find((s) => s.name === 'shop-cert')!;
      assert.deepEqual(shop.keys, ['tls.crt', 'tls.key']);
      assert.deepEqual(shop.certificates[0].dnsNames, ['shop.example.com']);
      // A 404 is a real absence: the Secret is among the names read, so "missing" can be said.
      assert.deepEqual(snapshot.coverage.secrets, {
        state: 'partial',
        apiVersion: 'v1',
        namespaces: [],
        names: ['certs/shared-cert', 'infra/gone', 'infra/shop-cert', 'team-a/team-cert'],
        denied: {},
      });
      const text = JSON.stringify(snapshot);
      assert.ok(!text.includes('PRIVATE KEY') && !text.includes(Buffer.from(leaf.keyPem).toString('base64').slice(0, 40)));
    });

    it('marks Secrets forbidden when a referenced one may not be read', async () => {
      const conn = await cluster({ objects: withTls, forbidden: [{ resource: 'secrets', namespace: 'certs' }] });
      const snapshot = await loadClusterSnapshot(conn);
      assert.deepEqual(snapshot.coverage.secrets, {
        state: 'partial',
        apiVersion: 'v1',
        namespaces: [],
        names: ['infra/gone', 'infra/shop-cert', 'team-a/team-cert'],
        denied: { certs: 'forbidden: cannot get secrets in namespace certs' },
      });
      assert.deepEqual(snapshot.secrets.map((s) => s.name).sort(), ['shop-cert', 'team-cert']);
    });

    it("reads no Secret with secretsFor: 'none'", async () => {
      const conn = await cluster({ objects: withTls });
      const snapshot = await loadClusterSnapshot(conn, { secretsFor: 'none' });
      assert.equal(secretRequests().length, 0);
      assert.equal(snapshot.coverage.secrets.state, 'error');
    });
  });

  describe('GEP-713 policies', () => {
    const policyKind = { group: 'policy.example.com', version: 'v1alpha1', kind: 'RetryPolicy', plural: 'retrypolicies', namespaced: true };
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'retrypolicies.policy.example.com', labels: { 'gateway.networking.k8s.io/policy': 'Direct' } },
      spec: {
        group: 'policy.example.com',
        names: { kind: 'RetryPolicy', plural: 'retrypolicies' },
        scope: 'Namespaced',
        versions: [{ name: 'v1alpha1', served: true, storage: true }],
      },
    };
    const policy: KubeObject = {
      apiVersion: 'policy.example.com/v1alpha1',
      kind: 'RetryPolicy',
      metadata: { namespace: 'team-a', name: 'retries' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' }] },
    };

    it('lists every kind whose CRD carries the policy label', async () => {
      const conn = await cluster({ objects: [...objects, crd, policy], served: [...DEFAULT_SERVED, policyKind] });
      const snapshot = await loadClusterSnapshot(conn);
      assert.deepEqual(snapshot.policies.map((p) => `${p.kind}/${p.metadata.name}`), ['RetryPolicy/retries']);
      assert.deepEqual(snapshot.coverage.policies, { state: 'complete', apiVersion: 'policy.example.com/v1alpha1' });
      const crdList = server!.requests.find((r) => r.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
      assert.equal(crdList?.query.labelSelector, 'gateway.networking.k8s.io/policy');
    });

    it('goes on without policies when CRDs may not be listed', async () => {
      const conn = await cluster({ forbidden: [{ resource: 'customresourcedefinitions' }] });
      const snapshot = await loadClusterSnapshot(conn);
      assert.equal(snapshot.coverage.policies.state, 'forbidden');
      assert.ok(snapshot.notes.some((n) => n.startsWith('policies: labelled policy kinds unknown')));
      assert.equal(snapshot.gateways.length, 1);
    });
  });

  describe('failures of the whole connection', () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    before(() => process.on('unhandledRejection', onUnhandled));
    after(() => process.off('unhandledRejection', onUnhandled));

    it('times out with one sentence', async () => {
      const conn = await cluster({ hang: [/^\/apis$/], connect: { requestTimeoutMs: 300 } });
      await assert.rejects(loadClusterSnapshot(conn), {
        name: 'UserError',
        message: `the API server at ${server!.url} did not answer within 300ms (--request-timeout)`,
      });
      assert.deepEqual(unhandled, []);
    });

    it('names an unreachable server in one sentence', async () => {
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as net.AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      server = await startApiServer();
      const kubeconfig = server.writeKubeconfig(path.join(dir, 'config'), { server: `https://127.0.0.1:${port}` });
      const conn = await connect({ kubeconfig, env: { HOME: dir } });
      await assert.rejects(loadClusterSnapshot(conn), {
        name: 'UserError',
        message: `could not reach the API server at https://127.0.0.1:${port}: connection refused`,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    });

    it('stops on 401 with kubectl\'s sentence', async () => {
      server = await startApiServer({ objects });
      const conn = await connect({ kubeconfig: server.writeKubeconfig(path.join(dir, 'config'), { token: 'expired' }), env: { HOME: dir } });
      await assert.rejects(loadClusterSnapshot(conn), { name: 'ApiError', message: 'You must be logged in to the server (Unauthorized)' });
    });
  });

  it('lists the Events of one object with a field selector', async () => {
    const event = (name: string, involved: string, last: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'team-a', name },
      involvedObject: { kind: 'HTTPRoute', namespace: 'team-a', name: involved },
      reason: 'Synced',
      message: name,
      lastTimestamp: last,
    });
    const conn = await cluster({
      objects: [...objects, event('b', 'web', '2025-01-02T00:00:00Z'), event('a', 'web', '2025-01-01T00:00:00Z'), event('c', 'other', '2025-01-01T00:00:00Z')],
    });
    const events = await listEvents(conn, 'HTTPRoute', 'team-a', 'web');
    assert.deepEqual(events.map((e) => e.message), ['a', 'b']);
    const req = server!.requests.find((r) => r.path === '/api/v1/namespaces/team-a/events');
    assert.equal(req?.query.fieldSelector, 'involvedObject.kind=HTTPRoute,involvedObject.name=web');
  });
});
