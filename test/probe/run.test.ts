import assert from 'node:assert/strict';
import net from 'node:net';
import { UserError } from '../../src/model/errors.js';
import type { KubeObject, Service } from '../../src/model/objects.js';
import { runProbe, runProbeAll, type ProbeOptions, type ProbeProgress } from '../../src/probe/run.js';
import type { ProbeRequest } from '../../src/probe/predict.js';
import { makeCA, makeLeaf, type KeyPair } from '../support/certs.js';
import { startDataPlane, type DataPlane, type DataPlaneOptions } from '../support/dataplane.js';
import { networkHandles, refusesConnections, settleHandles, startCluster, type TestCluster } from './harness.js';
import { programmedRoutes, scenarioObjects, snapshotOf } from './scenario.js';

describe('probe: kubectl gw curl end to end (prediction, data plane, forward, comparison)', () => {
  let ca: KeyPair;
  let wildcard: KeyPair;
  let shopOnly: KeyPair;
  let baseline = 0;
  let cluster: TestCluster | undefined;
  let planes: DataPlane[] = [];
  let silent: net.Server | undefined;
  let localPorts: number[] = [];

  before(() => {
    ca = makeCA();
    wildcard = makeLeaf(ca, { dnsNames: ['*.example.com'] });
    shopOnly = makeLeaf(ca, { dnsNames: ['shop.example.com'] });
  });

  beforeEach(() => {
    baseline = networkHandles();
    localPorts = [];
  });

  afterEach(async () => {
    for (const port of localPorts) assert.ok(await refusesConnections(port), `local port ${port} still listens after the probe`);
    for (const p of planes) await p.close();
    await cluster?.close();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    planes = [];
    cluster = silent = undefined;
    assert.equal(await settleHandles(baseline), baseline, 'sockets or servers were left open');
  });

  /**
   * The scenario cluster; pod envoy-shared-gw-1 port 10080 is an HTTP data plane with `routes`,
   * port 10443 an HTTPS one serving `certificates` by SNI (default: the wildcard).
   */
  const setUp = async (
    o: {
      routes?: DataPlaneOptions['routes'];
      noEndpoints?: string[];
      tls?: DataPlaneOptions['tls'];
      portForward?: (port: number) => { host: string; port: number } | { error: string };
      objects?: (objects: KubeObject[]) => KubeObject[];
    } = {},
  ) => {
    const routes = o.routes ?? programmedRoutes();
    const noEndpointsBackends = o.noEndpoints ?? ['shop/down:8080'];
    const http = await startDataPlane({ routes, noEndpointsBackends });
    const https = await startDataPlane({ routes, noEndpointsBackends, tls: o.tls ?? [{ sni: ['*.example.com'], certPem: wildcard.certPem, keyPem: wildcard.keyPem }] });
    planes.push(http, https);
    const objects = (o.objects ?? ((x) => x))(scenarioObjects(wildcard));
    cluster = await startCluster({
      objects,
      portForward: (_ns, pod, port) => {
        if (pod !== 'envoy-shared-gw-1') return { error: `pod ${pod} is not the one to forward to` };
        if (o.portForward) return o.portForward(port);
        if (port === 10080) return { host: '127.0.0.1', port: http.port };
        if (port === 10443) return { host: '127.0.0.1', port: https.port };
        return { error: `nothing listens on ${port}` };
      },
    });
    const { snapshot, graph } = snapshotOf(objects);
    return { conn: cluster.conn, snapshot, graph, http, https };
  };

  /** The Service and EndpointSlice requests the API server saw (the snapshot should have answered them). */
  const dataPlaneReads = () =>
    cluster!.api.requests.filter((r) => /\/(services|endpointslices)(\/|$)/.test(r.path)).map((r) => `${r.path}?${r.query.labelSelector ?? ''}`);

  const probe = async (env: Awaited<ReturnType<typeof setUp>>, request: Partial<ProbeRequest>, extra: Partial<ProbeOptions> = {}) => {
    const events: ProbeProgress[] = [];
    const result = await runProbe({
      conn: env.conn,
      graph: env.graph,
      snapshot: env.snapshot,
      gateway: 'infra/shared-gw',
      request: { host: 'shop.example.com', path: '/', method: 'GET', headers: {}, ...request },
      timeoutMs: 5000,
      caPem: ca.certPem,
      handleSigint: false,
      onProgress: (e) => {
        events.push(e);
        if (e.localPort !== undefined) localPorts.push(e.localPort);
      },
      ...extra,
    });
    return { result, events };
  };

  it('agrees when the data plane answers 200 from the predicted backend, through container port 10080', async () => {
    const env = await setUp();
    const { result, events } = await probe(env, { path: '/cart/items' }, { gateway: undefined });
    assert.equal(result.gateway, 'infra/shared-gw');
    assert.equal(result.gatewayChoice, 'the only Gateway with a route for shop.example.com');
    assert.equal(result.response.status, 200);
    assert.equal(result.comparison.verdict, 'ok');
    assert.deepEqual(result.comparison.messages, ['200 OK from backend shop/cart:8080, as predicted (HTTPRoute/shop/shop rule 0).']);
    assert.deepEqual(
      { pod: result.dataPlane.pod, servicePort: result.dataPlane.servicePort, containerPort: result.dataPlane.containerPort },
      { pod: 'infra/envoy-shared-gw-1', servicePort: 80, containerPort: 10080 },
    );
    assert.match(result.dataPlane.rule, /gateway-name=shared-gw \(GEP-1762\)/);
    assert.deepEqual(events.map((e) => e.step), ['gateway', 'dataplane', 'pod', 'forward', 'request']);
    assert.deepEqual(env.http.requests.map((r) => `${r.method} ${r.host}${r.path}`), ['GET shop.example.com/cart/items']);
    // The snapshot listed every Service and EndpointSlice: the probe reads only the Pod.
    assert.deepEqual(dataPlaneReads(), []);
    assert.ok(cluster!.api.requests.some((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/infra/pods/envoy-shared-gw-1'));
  });

  it('explains a 404 where a route was predicted: the data plane has no route for it', async () => {
    const env = await setUp({ routes: programmedRoutes().filter((r) => r.path.value !== '/cart') .map((r) => (r.path.value === '/' ? { ...r, hostnames: ['blog.example.com'] } : r)) });
    const { result } = await probe(env, { path: '/cart' });
    assert.equal(result.response.status, 404);
    assert.equal(result.comparison.verdict, 'mismatch');
    assert.deepEqual(result.comparison.messages, [
      'Predicted HTTPRoute/shop/shop rule 0 -> shop/cart:8080, but the data plane answered 404.',
      'The data plane has no route for this host/path: the controller may not have programmed the route, or it is not attached (see kubectl gw explain route shop/shop).',
    ]);
  });

  it('agrees on a 503 for a backend with no ready endpoints, and names it when 503 was not predicted', async () => {
    const env = await setUp({ noEndpoints: ['shop/down:8080', 'shop/web:8080'] });
    const down = (await probe(env, { path: '/down' })).result;
    assert.equal(down.response.status, 503);
    assert.equal(down.comparison.verdict, 'ok');
    assert.match(down.comparison.messages[0], /^503 as predicted: .*503 likely: no ready endpoints behind shop\/down:8080/);

    const web = (await probe(env, { path: '/home' })).result;
    assert.equal(web.response.status, 503);
    assert.equal(web.comparison.verdict, 'mismatch');
    assert.equal(web.comparison.messages[0], 'Predicted HTTPRoute/shop/shop rule 3 -> shop/web:8080, but the data plane answered 503 Service Unavailable.');
    assert.match(web.comparison.messages[1], /^The backend shop\/web:8080 did not answer the proxy \("no healthy upstream"\)/);
  });

  it('checks the Location of a RequestRedirect', async () => {
    const env = await setUp();
    const { result } = await probe(env, { path: '/old/page?x=1' });
    assert.equal(result.response.status, 301);
    assert.equal(result.comparison.verdict, 'ok');
    assert.deepEqual(result.comparison.messages, ['301 to http://new.example.com/old/page?x=1 as predicted (RequestRedirect filter of HTTPRoute/shop/shop rule 1).']);
  });

  it('flags a 200 from another backend than the predicted one', async () => {
    const env = await setUp({ routes: programmedRoutes().map((r) => (r.path.value === '/cart' ? { ...r, backend: 'shop/web:8080' } : r)) });
    const { result } = await probe(env, { path: '/cart' });
    assert.equal(result.comparison.verdict, 'mismatch');
    assert.match(result.comparison.messages[0], /^200 OK from backend shop\/web:8080, but HTTPRoute\/shop\/shop rule 0 sends to shop\/cart:8080\.$/);
  });

  it('speaks HTTPS with the SNI of the host to container port 10443', async () => {
    const env = await setUp();
    const { result } = await probe(env, { host: 'blog.example.com', scheme: 'https', path: '/posts' });
    assert.equal(result.request.scheme, 'https');
    assert.equal(result.request.sni, 'blog.example.com');
    assert.equal(result.dataPlane.containerPort, 10443);
    assert.equal(result.response.status, 200);
    assert.equal(result.comparison.verdict, 'ok');
    assert.deepEqual(result.response.tls?.peerCertificate?.dnsNames, ['*.example.com']);
    assert.equal(env.https.requests[0].sni, 'blog.example.com');
  });

  it('explains a TLS failure when the data plane has no certificate for an SNI the listener should take', async () => {
    const env = await setUp({ tls: [{ sni: ['shop.example.com'], certPem: shopOnly.certPem, keyPem: shopOnly.keyPem }] });
    const { result } = await probe(env, { host: 'blog.example.com', scheme: 'https' });
    assert.equal(result.response.status, null);
    assert.equal(result.response.error?.kind, 'tls');
    assert.equal(result.comparison.verdict, 'mismatch');
    assert.match(result.comparison.messages[0], /^TLS failed: /);
    assert.match(result.comparison.messages.at(-1)!, /^Listener https should take this name .* the data plane has no certificate for it: check the listener's certificateRefs/);
  });

  it("reports the kubelet's error at once when the gateway pod's port refuses (the pod went away)", async () => {
    const env = await setUp({ portForward: (port) => ({ error: `connect to ${port}: connection refused` }) });
    const started = Date.now();
    const { result } = await probe(env, { path: '/cart' }, { timeoutMs: 10_000 });
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.equal(result.response.error?.kind, 'forward');
    assert.match(result.response.error!.message, /^error forwarding port 10080 to pod [0-9a-f]+, uid : connect to 10080: connection refused$/);
    assert.equal(result.comparison.verdict, 'unknown');
    assert.match(result.comparison.messages[0], /^The request did not reach the data plane: error forwarding port 10080/);
  });

  it('gives up at the timeout when the data plane never answers', async () => {
    silent = net.createServer((socket) => socket.resume());
    const server = silent;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const env = await setUp({ portForward: () => ({ host: '127.0.0.1', port }) });
    const started = Date.now();
    const { result } = await probe(env, { path: '/cart' }, { timeoutMs: 500 });
    const took = Date.now() - started;
    assert.ok(took >= 450 && took < 3000, `took ${took} ms`);
    assert.deepEqual(result.response.error, { kind: 'timeout', message: 'no response within 0.5s' });
    assert.equal(result.comparison.verdict, 'unknown');
  });

  it('stops at once when aborted mid-request, closing the forward', async () => {
    silent = net.createServer((socket) => socket.resume());
    const server = silent;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const env = await setUp({ portForward: () => ({ host: '127.0.0.1', port }) });
    const controller = new AbortController();
    const started = Date.now();
    const run = probe(env, { path: '/cart' }, {
      timeoutMs: 30_000,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.localPort !== undefined) localPorts.push(e.localPort);
        if (e.step === 'request') setTimeout(() => controller.abort(), 100);
      },
    });
    await assert.rejects(run, (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.deepEqual([e.message, e.exitCode], ['interrupted', 130]);
      return true;
    });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(localPorts.length, 1);
  });

  it('refuses to guess the Gateway when none has a route for the host', async () => {
    const env = await setUp();
    await assert.rejects(probe(env, { host: 'nowhere.test' }, { gateway: undefined }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'no Gateway has a listener with a route for host nowhere.test');
      return true;
    });
  });

  it('--all: one row per rule match, through one forward per listener port', async () => {
    const env = await setUp({ routes: programmedRoutes().filter((r) => r.path.value !== '/cart') });
    const ports: number[] = [];
    const all = await runProbeAll({
      conn: env.conn,
      graph: env.graph,
      snapshot: env.snapshot,
      gateway: 'infra/shared-gw',
      timeoutMs: 5000,
      caPem: ca.certPem,
      handleSigint: false,
      onProgress: (e) => {
        if (e.localPort !== undefined) ports.push(e.localPort);
      },
    });
    localPorts.push(...ports);
    assert.equal(ports.length, 2, 'one forward for :80 and one for :443');
    const table = all.rows.map((r) => `${r.request.scheme} ${r.request.host}${r.request.path} ${r.status} ${r.verdict}`);
    // The data plane lacks the /cart route, so '/' answers it from another backend.
    assert.ok(table.includes('http shop.example.com/cart 200 mismatch'), table.join('\n'));
    assert.ok(table.includes('https blog.example.com/ 200 ok'), table.join('\n'));
    assert.ok(table.includes('http shop.example.com/old 301 ok'), table.join('\n'));
    assert.ok(table.includes('http shop.example.com/down 503 ok'), table.join('\n'));
    assert.equal(all.rows.length, 16);
    assert.equal(all.rows.find((r) => r.request.path === '/cart')?.expected, 'HTTPRoute/shop/shop rule 0 -> shop/cart:8080');
    assert.deepEqual(dataPlaneReads(), []);
  });

  it('--all: lists the EndpointSlices once for every port when the snapshot could not read them', async () => {
    const env = await setUp();
    env.snapshot.coverage.endpointslices = { state: 'forbidden', message: 'cannot list endpointslices (forbidden)' };
    env.snapshot.endpointSlices = [];
    const all = await runProbeAll({
      conn: env.conn,
      graph: env.graph,
      snapshot: env.snapshot,
      gateway: 'infra/shared-gw',
      timeoutMs: 5000,
      caPem: ca.certPem,
      handleSigint: false,
      onProgress: (e) => {
        if (e.localPort !== undefined) localPorts.push(e.localPort);
      },
    });
    assert.equal(localPorts.length, 2, 'one forward for :80 and one for :443');
    assert.ok(all.rows.every((r) => r.pod === 'infra/envoy-shared-gw-1'));
    assert.deepEqual(dataPlaneReads(), ['/apis/discovery.k8s.io/v1/namespaces/infra/endpointslices?kubernetes.io/service-name=envoy-shared-gw']);
  });

  it('--all: rows of a listener port the data plane Service lacks say so; the others still run', async () => {
    const env = await setUp({
      objects: (objects) =>
        objects.map((obj) =>
          obj.kind === 'Service' && obj.metadata.name === 'envoy-shared-gw'
            ? ({ ...obj, spec: { ...(obj as Service).spec, ports: (obj as Service).spec.ports!.filter((p) => p.port === 80) } } as KubeObject)
            : obj,
        ),
    });
    const all = await runProbeAll({
      conn: env.conn,
      graph: env.graph,
      snapshot: env.snapshot,
      gateway: 'infra/shared-gw',
      timeoutMs: 5000,
      handleSigint: false,
      onProgress: (e) => {
        if (e.localPort !== undefined) localPorts.push(e.localPort);
      },
    });
    const https = all.rows.filter((r) => r.request.scheme === 'https');
    const http = all.rows.filter((r) => r.request.scheme === 'http');
    assert.equal(https.length, 8);
    for (const row of https) {
      assert.equal(row.verdict, 'unknown');
      assert.deepEqual(row.messages, ['Service infra/envoy-shared-gw has no TCP port 443 for the listener (it has 80 (http-80))']);
    }
    assert.ok(http.every((r) => r.status !== null), 'the HTTP rows were sent');
  });
});
