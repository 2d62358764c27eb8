import assert from 'node:assert/strict';
import { compareOutcome, describeExpectation, echoedBackend } from '../../src/probe/compare.js';
import type { ProbeResponse } from '../../src/probe/http.js';
import type { Prediction, PredictedBackend } from '../../src/probe/predict.js';

const cart: PredictedBackend = { namespace: 'shop', name: 'cart', port: 8080, weight: 1, kind: 'Service', readyEndpoints: 2, resolved: true };

function prediction(expected: Prediction['expected'], listener: string | null = 'http'): Prediction {
  return {
    request: { host: 'shop.example.com', path: '/cart', method: 'GET', headers: {}, query: {} },
    gateway: 'infra/shared-gw',
    listener,
    expected,
    reason: 'the reason the prediction gives.',
    candidates: [],
    assumptions: [],
  };
}

const routed = (backends: PredictedBackend[] = [cart], extra: Partial<NonNullable<Prediction['expected']>> = {}) =>
  prediction({ route: { kind: 'HTTPRoute', namespace: 'shop', name: 'shop' }, rule: 0, backends, ...extra });

function response(status: number | null, o: Partial<ProbeResponse> = {}): ProbeResponse {
  return { status, statusText: '', httpVersion: '1.1', headers: [], body: '', bodyBytes: 0, truncatedBytes: 0, timings: { totalMs: 5 }, ...o };
}

const json = (body: object): Partial<ProbeResponse> => ({ headers: [['Content-Type', 'application/json']], body: JSON.stringify(body) });

describe('probe: comparing the answer with the prediction', () => {
  const cases: Array<{ name: string; p: Prediction; r: ProbeResponse; verdict: string; first: RegExp }> = [
    { name: '404 where no route matches', p: prediction(null), r: response(404), verdict: 'ok', first: /^404 as predicted: the reason/ },
    {
      name: 'an answer where 404 was predicted',
      p: prediction(null),
      r: response(200, json({ backend: 'shop/web:8080' })),
      verdict: 'mismatch',
      first: /^Predicted 404, but the data plane answered 200 from backend shop\/web:8080\.$/,
    },
    { name: 'the predicted backend, named in a JSON body', p: routed(), r: response(200, json({ backend: 'shop/cart:8080' })), verdict: 'ok', first: /^200 from backend shop\/cart:8080, as predicted/ },
    {
      name: 'the predicted backend, named by an x-backend header as a cluster DNS name',
      p: routed(),
      r: response(200, { headers: [['X-Backend', 'cart.shop.svc.cluster.local:8080']] }),
      verdict: 'ok',
      first: /as predicted \(HTTPRoute\/shop\/shop rule 0\)/,
    },
    {
      name: 'another backend than predicted',
      p: routed(),
      r: response(200, json({ backend: 'shop/web:8080' })),
      verdict: 'mismatch',
      first: /^200 from backend shop\/web:8080, but HTTPRoute\/shop\/shop rule 0 sends to shop\/cart:8080\.$/,
    },
    { name: 'an answer that names no backend', p: routed(), r: response(200, { body: 'hello' }), verdict: 'ok', first: /only the status was compared/ },
    {
      name: '404 where a route was predicted',
      p: routed(),
      r: response(404),
      verdict: 'mismatch',
      first: /^Predicted HTTPRoute\/shop\/shop rule 0 -> shop\/cart:8080, but the data plane answered 404\.$/,
    },
    {
      name: '503 from a backend with no ready endpoints that the prediction did not flag',
      p: routed([{ ...cart, readyEndpoints: 0 }]),
      r: response(503, { body: 'no healthy upstream' }),
      verdict: 'mismatch',
      first: /answered 503\.$/,
    },
    {
      name: '500 from an unresolved backendRef',
      p: routed([{ ...cart, resolved: false }]),
      r: response(500),
      verdict: 'mismatch',
      first: /answered 500\.$/,
    },
    { name: 'a predicted 500', p: routed([{ ...cart, resolved: false }], { status: 500 }), r: response(500), verdict: 'ok', first: /^500 as predicted/ },
    {
      name: 'a predicted 503 that the data plane does not give',
      p: routed([{ ...cart, readyEndpoints: 0 }], { status: 503 }),
      r: response(200),
      verdict: 'mismatch',
      first: /^Predicted 503, but the data plane answered 200\.$/,
    },
    {
      name: 'the predicted redirect',
      p: routed([], { status: 301, redirect: { statusCode: 301, location: 'https://new.example.com/cart' } }),
      r: response(301, { headers: [['Location', 'https://new.example.com:443/cart']] }),
      verdict: 'ok',
      first: /^301 to https:\/\/new\.example\.com:443\/cart as predicted \(RequestRedirect filter of HTTPRoute\/shop\/shop rule 0\)\.$/,
    },
    {
      name: 'a redirect to another Location',
      p: routed([], { status: 301, redirect: { statusCode: 301, location: 'https://new.example.com/cart' } }),
      r: response(301, { headers: [['Location', 'https://old.example.com/cart']] }),
      verdict: 'mismatch',
      first: /but Location is https:\/\/old\.example\.com\/cart where the RequestRedirect filter .* gives https:\/\/new\.example\.com\/cart/,
    },
    {
      name: 'a TLS failure for a name no listener takes',
      p: prediction(null, null),
      r: response(null, { error: { kind: 'tls', message: 'the connection closed during the TLS handshake' } }),
      verdict: 'ok',
      first: /^TLS failed: /,
    },
    {
      name: 'a TLS failure for a name a listener takes',
      p: routed(),
      r: response(null, { error: { kind: 'tls', message: 'the connection closed during the TLS handshake' } }),
      verdict: 'mismatch',
      first: /^TLS failed: the connection closed during the TLS handshake$/,
    },
    {
      name: 'an untrusted certificate that covers the name',
      p: routed(),
      r: response(null, {
        error: { kind: 'tls', message: 'not trusted' },
        tls: { protocol: 'TLSv1.3', cipher: 'x', trusted: false, coversServerName: true, peerCertificate: { subject: 'CN=a', issuer: 'CN=ca', dnsNames: ['shop.example.com'], notAfter: '2030-01-01T00:00:00.000Z' } },
      }),
      verdict: 'unknown',
      first: /^TLS failed: not trusted$/,
    },
    {
      name: 'a redirect answered by a backendRef\'s RequestRedirect',
      p: routed([{ ...cart, redirect: { statusCode: 302, location: 'https://redirect-example.com/' } }, { ...cart, name: 'v2', redirect: { statusCode: 301, location: 'http://redirect-example.com/' } }]),
      r: response(301, { headers: [['Location', 'http://redirect-example.com/']] }),
      verdict: 'ok',
      first: /^301 to http:\/\/redirect-example\.com\/ as predicted \(RequestRedirect on backendRef shop\/v2:8080 of HTTPRoute\/shop\/shop rule 0\)\.$/,
    },
    {
      name: 'a redirect elsewhere than the backendRef\'s RequestRedirect says',
      p: routed([{ ...cart, redirect: { statusCode: 302, location: 'https://redirect-example.com/' } }]),
      r: response(302, { headers: [['Location', 'https://other.example.com/']] }),
      verdict: 'mismatch',
      first: /give 302 to https:\/\/redirect-example\.com\/\.$/,
    },
    { name: 'a timeout', p: routed(), r: response(null, { error: { kind: 'timeout', message: 'no response within 10s' } }), verdict: 'unknown', first: /^No answer: no response within 10s\.$/ },
    {
      name: 'a failed forward',
      p: routed(),
      r: response(null, { error: { kind: 'forward', message: 'error forwarding port 10080 to pod x' } }),
      verdict: 'unknown',
      first: /^The request did not reach the data plane: error forwarding port 10080 to pod x$/,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const got = compareOutcome(c.p, c.r);
      assert.equal(got.verdict, c.verdict, got.messages.join('\n'));
      assert.match(got.messages[0], c.first);
    });
  }

  it('names the unresolved backendRef and the backend without ready endpoints behind a 5xx', () => {
    const unresolved = compareOutcome(routed([{ ...cart, resolved: false }]), response(500));
    assert.equal(unresolved.messages[1], 'Unresolved backendRef: shop/cart:8080 (see kubectl gw explain route shop/shop).');
    const empty = compareOutcome(routed([{ ...cart, readyEndpoints: 0 }]), response(503));
    assert.equal(empty.messages[1], 'No ready endpoints behind shop/cart:8080.');
  });

  it('describes expectations in one phrase', () => {
    assert.equal(describeExpectation(prediction(null)), '404 (no matching route)');
    assert.equal(describeExpectation(prediction(null, null)), '404 (no listener)');
    assert.equal(describeExpectation(routed()), 'HTTPRoute/shop/shop rule 0 -> shop/cart:8080');
    assert.equal(describeExpectation(routed([cart], { status: 503 })), 'HTTPRoute/shop/shop rule 0 -> 503 (shop/cart:8080)');
    assert.equal(describeExpectation(routed([], { status: 302, redirect: { statusCode: 302, location: 'https://a/' } })), '302 -> https://a/');
  });

  it('reads the echoed backend from a JSON body, not from a body cut short', () => {
    assert.equal(echoedBackend(response(200, json({ backend: 'a/b' }))), 'a/b');
    assert.equal(echoedBackend(response(200, { headers: [['content-type', 'application/json']], body: '{"backend":"a/' })), undefined);
  });
});
