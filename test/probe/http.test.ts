import assert from 'node:assert/strict';
import { openForward, type Forward } from '../../src/probe/port-forward.js';
import { sendRequest, serverNameOf, type SendRequestOptions } from '../../src/probe/http.js';
import { makeCA, makeLeaf, type KeyPair } from '../support/certs.js';
import { startDataPlane, type DataPlane, type DataPlaneOptions } from '../support/dataplane.js';
import { networkHandles, settleHandles, startCluster, type TestCluster } from './harness.js';

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'envoy-1', namespace: 'infra' }, spec: { containers: [{ name: 'envoy' }] } };

describe('probe: the HTTP(S) request through the forward', () => {
  let ca: KeyPair;
  let shop: KeyPair;
  let api: KeyPair;
  let baseline = 0;
  let cluster: TestCluster | undefined;
  let dataPlane: DataPlane | undefined;
  let forward: Forward | undefined;

  before(() => {
    ca = makeCA();
    shop = makeLeaf(ca, { dnsNames: ['shop.example.com'] });
    api = makeLeaf(ca, { dnsNames: ['*.api.example.com'] });
  });

  beforeEach(() => {
    baseline = networkHandles();
  });

  afterEach(async () => {
    await forward?.close();
    await dataPlane?.close();
    await cluster?.close();
    forward = dataPlane = cluster = undefined;
    assert.equal(await settleHandles(baseline), baseline, 'sockets or servers were left open');
  });

  const through = async (opts: DataPlaneOptions) => {
    dataPlane = await startDataPlane(opts);
    const port = dataPlane.port;
    cluster = await startCluster({ objects: [POD], portForward: () => ({ host: '127.0.0.1', port }) });
    forward = await openForward(cluster.conn, 'infra', 'envoy-1', 10443, { connectTimeoutMs: 3000 });
    return (o: Partial<SendRequestOptions>) =>
      sendRequest({ localPort: forward!.localPort, scheme: 'https', host: 'shop.example.com', path: '/', method: 'GET', timeoutMs: 5000, maxBody: 65536, caPem: ca.certPem, ...o });
  };

  const routes: DataPlaneOptions['routes'] = [
    { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'shop/web:8080' },
    { hostnames: ['*.api.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'api/v1:80' },
  ];
  const bySni = () => [
    { sni: ['shop.example.com'], certPem: shop.certPem, keyPem: shop.keyPem },
    { sni: ['*.api.example.com'], certPem: api.certPem, keyPem: api.keyPem },
  ];

  it('sends SNI and Host, verifies the certificate and describes it', async () => {
    const send = await through({ routes, tls: bySni() });
    const res = await send({ host: 'eu.api.example.com', path: '/orders?id=7', method: 'POST', headers: { 'x-env': 'prod' }, body: '{"a":1}' });
    assert.equal(res.error, undefined);
    assert.equal(res.status, 200);
    const echoed = JSON.parse(res.body);
    assert.equal(echoed.backend, 'api/v1:80');
    assert.equal(echoed.method, 'POST');
    assert.equal(echoed.host, 'eu.api.example.com');
    assert.deepEqual(echoed.query, { id: '7' });
    assert.equal(echoed.headers['x-env'], 'prod');
    assert.equal(echoed.headers['content-length'], '7');
    assert.equal(dataPlane!.requests[0].sni, 'eu.api.example.com');
    assert.equal(res.tls?.trusted, true);
    assert.equal(res.tls?.coversServerName, true);
    assert.deepEqual(res.tls?.peerCertificate?.dnsNames, ['*.api.example.com']);
    assert.match(res.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(res.timings.tlsMs !== undefined && res.timings.firstByteMs! >= res.timings.tlsMs);
    assert.ok(res.headers.some(([name, value]) => name.toLowerCase() === 'content-type' && value === 'application/json'));
  });

  it('explains a failed handshake when no certificate is configured for the SNI', async () => {
    const send = await through({ routes, tls: bySni() });
    const res = await send({ host: 'unknown.example.com' });
    assert.equal(res.status, null);
    assert.equal(res.error?.kind, 'tls');
    assert.match(res.error!.message, /the connection closed during the TLS handshake|TLS handshake failed/);
    assert.deepEqual(dataPlane!.requests, []);
  });

  it('refuses to send to a certificate that does not cover the SNI, and shows what it covers', async () => {
    const send = await through({ routes, tls: { certPem: shop.certPem, keyPem: shop.keyPem } });
    const res = await send({ host: 'admin.example.com' });
    assert.deepEqual(res.error, {
      kind: 'tls',
      message: 'the certificate served for SNI "admin.example.com" does not cover that name (it covers: shop.example.com)',
    });
    assert.equal(res.tls?.trusted, true);
    assert.equal(res.tls?.coversServerName, false);
    assert.deepEqual(dataPlane!.requests, [], 'the request was sent although the certificate did not match');
    // Told to skip verification, it sends the request and still reports the mismatch.
    const insecure = await send({ host: 'admin.example.com', insecure: true });
    assert.equal(insecure.status, 404);
    assert.equal(insecure.tls?.coversServerName, false);
  });

  it('says a certificate is not trusted when it was not signed by the given CA', async () => {
    const send = await through({ routes, tls: { certPem: shop.certPem, keyPem: shop.keyPem } });
    const res = await send({ caPem: makeCA('another CA').certPem });
    assert.equal(res.error?.kind, 'tls');
    assert.match(res.error!.message, /^the certificate served for SNI "shop\.example\.com" is not trusted \([A-Z_]+\)/);
    assert.equal(res.tls?.coversServerName, true);
  });

  it('keeps at most maxBody bytes and says how many were cut', async () => {
    const send = await through({ routes, tls: bySni() });
    const res = await send({ maxBody: 10 });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 10);
    assert.equal(res.truncatedBytes, res.bodyBytes - 10);
    assert.ok(res.truncatedBytes > 0);
  });
});

describe('probe/http: serverNameOf', () => {
  it('is the Host without its port, and an IPv6 address without brackets', () => {
    assert.equal(serverNameOf('shop.example.com:8443'), 'shop.example.com');
    assert.equal(serverNameOf('shop.example.com'), 'shop.example.com');
    assert.equal(serverNameOf('[::1]:8443'), '::1');
    assert.equal(serverNameOf('[2001:db8::7]'), '2001:db8::7');
    assert.equal(serverNameOf('2001:db8::7'), '2001:db8::7');
  });
});
