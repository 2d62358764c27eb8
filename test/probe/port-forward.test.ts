import assert from 'node:assert/strict';
import net from 'node:net';
import { openForward, type Forward } from '../../src/probe/port-forward.js';
import { sendRequest, type SendRequestOptions } from '../../src/probe/http.js';
import { startDataPlane, type DataPlane } from '../support/dataplane.js';
import { networkHandles, refusesConnections, settleHandles, startCluster, type TestCluster } from './harness.js';

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'envoy-1', namespace: 'infra' },
  spec: { containers: [{ name: 'envoy', ports: [{ name: 'http', containerPort: 10080 }] }] },
};

const ROUTES = [{ hostnames: ['shop.example.com'], path: { type: 'PathPrefix' as const, value: '/' }, backend: 'shop/web:8080' }];

describe('probe: port-forward to a gateway pod', () => {
  let baseline = 0;
  let cluster: TestCluster | undefined;
  let dataPlane: DataPlane | undefined;
  let forward: Forward | undefined;
  let extra: net.Server | undefined;

  beforeEach(() => {
    baseline = networkHandles();
  });

  afterEach(async () => {
    const port = forward?.localPort;
    await forward?.close();
    if (port !== undefined) assert.ok(await refusesConnections(port), `the forward's local port ${port} still accepts connections`);
    await dataPlane?.close();
    await cluster?.close();
    await new Promise<void>((resolve) => (extra ? extra.close(() => resolve()) : resolve()));
    forward = dataPlane = cluster = extra = undefined;
    assert.equal(await settleHandles(baseline), baseline, 'sockets or servers were left open');
  });

  /** The cluster's pod envoy-1 port 10080 is the data plane; other ports have nothing behind them. */
  const setUp = async (opts: { hang?: RegExp[]; forbidden?: Array<{ resource: string }> } = {}) => {
    dataPlane = await startDataPlane({ routes: ROUTES });
    const target = dataPlane;
    cluster = await startCluster({
      objects: [POD],
      hang: opts.hang,
      forbidden: opts.forbidden,
      portForward: (_ns, _pod, port) => (port === 10080 ? { host: '127.0.0.1', port: target.port } : { error: `no container listens on ${port}` }),
    });
    return cluster;
  };

  const get = (localPort: number, extraOpts: Partial<SendRequestOptions> = {}) =>
    sendRequest({ localPort, scheme: 'http', host: 'shop.example.com', path: '/cart', method: 'GET', timeoutMs: 5000, maxBody: 65536, ...extraOpts });

  it('carries a request to the container port and back, then closes everything', async () => {
    const { conn } = await setUp();
    forward = await openForward(conn, 'infra', 'envoy-1', 10080, { connectTimeoutMs: 3000 });
    const res = await get(forward.localPort);
    assert.equal(res.error, undefined);
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).backend, 'shop/web:8080');
    assert.deepEqual(dataPlane!.requests.map((r) => `${r.host}${r.path}`), ['shop.example.com/cart']);
    // A second connection gets its own WebSocket.
    assert.equal((await get(forward.localPort)).status, 200);
    assert.deepEqual(forward.errors, []);
  });

  it("fails the request at once with the kubelet's error-channel text when the pod port refuses", async () => {
    const { conn } = await setUp();
    forward = await openForward(conn, 'infra', 'envoy-1', 80, { connectTimeoutMs: 3000 });
    const res = await get(forward.localPort, { timeoutMs: 10_000 });
    assert.equal(res.status, null);
    assert.ok(res.timings.totalMs < 10_000, `took ${res.timings.totalMs} ms: the failure waited for the 10 s timeout`);
    assert.notEqual(res.error?.kind, 'timeout');
    assert.equal(forward.errors.length, 1);
    assert.match(forward.errors[0], /^error forwarding port 80 to pod [0-9a-f]+, uid : no container listens on 80$/);
  });

  it('reports "connection refused" at once when the data plane goes away mid-forward', async () => {
    const { conn } = await setUp();
    forward = await openForward(conn, 'infra', 'envoy-1', 10080, { connectTimeoutMs: 3000 });
    assert.equal((await get(forward.localPort)).status, 200);
    await dataPlane!.close();
    dataPlane = undefined;
    const res = await get(forward.localPort, { timeoutMs: 10_000 });
    assert.equal(res.status, null);
    assert.ok(res.timings.totalMs < 2000, `took ${res.timings.totalMs} ms`);
    assert.match(forward.errors.join('\n'), /failed to connect to localhost:10080 .*connection refused/);
  });

  it('fails at the timeout when the data plane accepts but never answers', async () => {
    extra = net.createServer((socket) => socket.resume());
    const silent = extra;
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    cluster = await startCluster({ objects: [POD], portForward: () => ({ host: '127.0.0.1', port: silentPort }) });
    forward = await openForward(cluster.conn, 'infra', 'envoy-1', 10080, { connectTimeoutMs: 3000 });
    const res = await get(forward.localPort, { timeoutMs: 400 });
    assert.deepEqual(res.error, { kind: 'timeout', message: 'no response within 0.4s' });
    assert.ok(res.timings.totalMs >= 380 && res.timings.totalMs < 1500, `took ${res.timings.totalMs} ms`);
    // The silent server's connection must be let go by close() (checked in afterEach).
    silent.getConnections((_e, count) => assert.equal(count, 1));
  });

  it("gives the API server's refusal when the pod does not exist", async () => {
    const { conn } = await setUp();
    forward = await openForward(conn, 'infra', 'envoy-gone', 10080, { connectTimeoutMs: 3000 });
    const res = await get(forward.localPort);
    assert.equal(res.status, null);
    assert.deepEqual(forward.errors, ['port-forward to pod infra/envoy-gone port 10080 refused by the API server (HTTP 404): pods "envoy-gone" not found']);
  });

  it('says which permission is missing when port-forward is forbidden', async () => {
    const { conn } = await setUp({ forbidden: [{ resource: 'pods/portforward' }] });
    forward = await openForward(conn, 'infra', 'envoy-1', 10080, { connectTimeoutMs: 3000 });
    await get(forward.localPort);
    assert.match(forward.errors[0], /refused by the API server \(HTTP 403\): .*forbidden.* \(the user needs "create" on pods\/portforward in that namespace\)/);
  });

  it('gives up on a WebSocket handshake the API server never answers, and close() ends it', async () => {
    const { conn } = await setUp({ hang: [/portforward/] });
    forward = await openForward(conn, 'infra', 'envoy-1', 10080, { connectTimeoutMs: 300 });
    const res = await get(forward.localPort, { timeoutMs: 5000 });
    assert.equal(res.status, null);
    assert.ok(res.timings.totalMs < 1500, `took ${res.timings.totalMs} ms`);
    assert.deepEqual(forward.errors, ['port-forward to pod infra/envoy-1 port 10080 did not connect within 0.3s']);
  });
});
