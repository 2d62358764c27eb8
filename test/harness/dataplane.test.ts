import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { makeCA, makeLeaf, type KeyPair } from '../support/certs.js';
import { startDataPlane, type DataPlane, type DataPlaneRoute } from '../support/dataplane.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  peerCN?: string;
}

function get(port: number, host: string, path: string,
  opts: { method?: string; headers?: Record<string, string>; tls?: { ca: string; servername?: string } } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const common = { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', agent: false,
      headers: { host, ...opts.headers } };
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      const peer = opts.tls ? (res.socket as TLSSocket).getPeerCertificate() : undefined;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers,
        body: Buffer.concat(chunks).toString(), peerCN: peer?.subject?.CN as string | undefined }));
    };
    const req = opts.tls
      ? https.request({ ...common, ca: opts.tls.ca, servername: opts.tls.servername ?? host }, onResponse)
      : http.request(common, onResponse);
    req.on('error', reject);
    req.end();
  });
}

describe('test data plane', () => {
  describe('routing', () => {
    const routes: DataPlaneRoute[] = [
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'shop-default' },
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/api' }, backend: 'api' },
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/api/v2/' }, backend: 'api-v2' },
      { hostnames: ['shop.example.com'], path: { type: 'Exact', value: '/api/health' }, backend: 'health' },
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/api' }, method: 'POST', backend: 'api-writes' },
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/api' }, headers: { 'X-Canary': 'yes' },
        backend: 'api-canary' },
      { hostnames: ['shop.example.com'], path: { type: 'Exact', value: '/teapot' }, backend: 'tea', status: 418 },
      { hostnames: ['shop.example.com'], path: { type: 'Exact', value: '/old' }, backend: 'unused',
        redirect: { scheme: 'https', hostname: 'new.example.com', statusCode: 301 } },
      { hostnames: ['*.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'wildcard' },
      { hostnames: ['*.apps.example.com'], path: { type: 'Exact', value: '/only' }, backend: 'apps' },
      { hostnames: ['down.example.net'], path: { type: 'PathPrefix', value: '/' }, backend: 'empty' },
    ];
    let dp: DataPlane;
    before(async () => {
      dp = await startDataPlane({ routes, noEndpointsBackends: ['empty'] });
    });
    after(() => dp.close());

    const backendOf = async (host: string, path: string, opts?: Parameters<typeof get>[3]): Promise<string> => {
      const reply = await get(dp.port, host, path, opts);
      assert.equal(reply.status, 200, `${host}${path}: ${reply.status} ${reply.body}`);
      return (JSON.parse(reply.body) as { backend: string }).backend;
    };

    it('matches path prefixes by whole path element, the longest winning', async () => {
      assert.equal(await backendOf('shop.example.com', '/api'), 'api');
      assert.equal(await backendOf('shop.example.com', '/api/orders'), 'api');
      assert.equal(await backendOf('shop.example.com', '/apis'), 'shop-default');
      assert.equal(await backendOf('shop.example.com', '/api/v2'), 'api-v2');
      assert.equal(await backendOf('shop.example.com', '/api/v2/x'), 'api-v2');
    });

    it('prefers an Exact path, then a method or header match', async () => {
      assert.equal(await backendOf('shop.example.com', '/api/health'), 'health');
      assert.equal(await backendOf('shop.example.com', '/api/health/deep'), 'api');
      assert.equal(await backendOf('shop.example.com', '/api/orders', { method: 'POST' }), 'api-writes');
      assert.equal(await backendOf('shop.example.com', '/api/orders', { headers: { 'x-canary': 'yes' } }), 'api-canary');
      assert.equal(await backendOf('shop.example.com', '/api/orders', { headers: { 'x-canary': 'no' } }), 'api');
    });

    it('selects the host ignoring its port, exact names before wildcards', async () => {
      assert.equal(await backendOf('SHOP.example.com:8443', '/'), 'shop-default');
      assert.equal(await backendOf('cart.example.com', '/anything'), 'wildcard');
      assert.equal(await backendOf('a.b.example.com', '/'), 'wildcard');
      assert.equal(await backendOf('x.apps.example.com', '/only'), 'apps');
    });

    it('answers 404 when the selected host has no matching route, as Envoy does', async () => {
      // *.apps.example.com is the most specific host; its routes do not fall back to *.example.com.
      assert.equal((await get(dp.port, 'x.apps.example.com', '/other')).status, 404);
      assert.equal((await get(dp.port, 'example.com', '/')).status, 404);
      assert.equal((await get(dp.port, 'other.test', '/')).status, 404);
    });

    it('echoes the request, and answers configured statuses, redirects and empty backends', async () => {
      const echo = await get(dp.port, 'shop.example.com', '/api/x?a=1&b=two', { headers: { 'x-trace': 't1' } });
      const body = JSON.parse(echo.body) as Record<string, unknown>;
      assert.deepEqual({ ...body, headers: undefined }, { host: 'shop.example.com', path: '/api/x', method: 'GET',
        headers: undefined, query: { a: '1', b: 'two' }, backend: 'api' });
      assert.equal((body.headers as Record<string, string>)['x-trace'], 't1');

      const tea = await get(dp.port, 'shop.example.com', '/teapot');
      assert.equal(tea.status, 418);
      assert.equal((JSON.parse(tea.body) as { backend: string }).backend, 'tea');

      const moved = await get(dp.port, 'shop.example.com', '/old?q=1');
      assert.equal(moved.status, 301);
      assert.equal(moved.headers.location, 'https://new.example.com/old?q=1');

      const down = await get(dp.port, 'down.example.net', '/');
      assert.equal(down.status, 503);
      assert.equal(down.body, 'no healthy upstream');
    });

    it('records every request it served', () => {
      assert.ok(dp.requests.some((r) => r.host === 'cart.example.com' && r.path === '/anything' && r.method === 'GET'));
      assert.ok(dp.requests.every((r) => r.sni === undefined));
    });
  });

  describe('TLS', () => {
    let ca: KeyPair;
    let shop: KeyPair;
    let wild: KeyPair;
    before(() => {
      ca = makeCA('data plane test CA');
      shop = makeLeaf(ca, { dnsNames: ['shop.example.com'] });
      wild = makeLeaf(ca, { dnsNames: ['*.example.org'] });
    });
    const routes: DataPlaneRoute[] = [{ path: { type: 'PathPrefix', value: '/' }, backend: 'echo' }];

    it('serves one certificate for every handshake', async () => {
      const dp = await startDataPlane({ routes, tls: shop });
      try {
        const reply = await get(dp.port, 'shop.example.com', '/', { tls: { ca: ca.certPem } });
        assert.equal(reply.status, 200);
        assert.equal(reply.peerCN, 'shop.example.com');
        assert.equal(dp.requests[0].sni, 'shop.example.com');
      } finally {
        await dp.close();
      }
    });

    it('picks the certificate by SNI, wildcards included, and fails the handshake for an uncovered SNI', async () => {
      const dp = await startDataPlane({ routes, tls: [
        { sni: ['shop.example.com'], ...shop },
        { sni: ['*.example.org'], ...wild },
      ] });
      try {
        assert.equal((await get(dp.port, 'shop.example.com', '/', { tls: { ca: ca.certPem } })).peerCN, 'shop.example.com');
        assert.equal((await get(dp.port, 'a.example.org', '/', { tls: { ca: ca.certPem } })).peerCN, '*.example.org');
        await assert.rejects(get(dp.port, 'nope.example.com', '/', { tls: { ca: ca.certPem } }),
          (err: NodeJS.ErrnoException) => /ECONNRESET|socket hang up|alert|handshake/i.test(`${err.code} ${err.message}`));
        // The Host header does not choose the certificate; the SNI does.
        await assert.rejects(get(dp.port, 'shop.example.com', '/', { tls: { ca: ca.certPem, servername: 'other.test' } }));
        assert.deepEqual(dp.requests.map((r) => r.sni), ['shop.example.com', 'a.example.org']);
      } finally {
        await dp.close();
      }
    });
  });
});
