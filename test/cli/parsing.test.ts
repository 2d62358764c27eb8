// What the command line means: durations, label selectors, curl's target.
import assert from 'node:assert/strict';
import { parseDuration } from '../../src/cli/duration.js';
import { parseLabelSelector } from '../../src/cli/label-selector.js';
import { parseMeshTarget, parseProbeTarget } from '../../src/cli/probe-target.js';
import { UserError } from '../../src/model/errors.js';
import { labelSelectorMatches } from '../../src/spec/label-selectors.js';

describe('--request-timeout / --timeout durations (kubectl syntax)', () => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['5', 5000],
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
  ];
  for (const [text, ms] of cases) it(`${text} = ${ms} ms`, () => assert.equal(parseDuration(text, '--timeout'), ms));
  it('rejects what is not a duration, as a usage error', () => {
    for (const bad of ['soon', '5 s', '5x', '']) {
      assert.throws(() => parseDuration(bad, '--timeout'), (e: unknown) => e instanceof UserError && e.exitCode === 2);
    }
  });
});

describe('-l label selectors (kubectl syntax)', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  const cases: Array<[string, boolean]> = [
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['env in (prod, staging)', true],
    ['env notin (prod)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['env in (prod,staging),app=web', true],
  ];
  for (const [text, want] of cases) it(`${text} -> ${want}`, () => assert.equal(labelSelectorMatches(parseLabelSelector(text), labels), want));
  it('a malformed selector is a usage error', () => {
    assert.throws(() => parseLabelSelector('app=(web'), (e: unknown) => e instanceof UserError && e.exitCode === 2);
  });
});

describe('kubectl gw curl target', () => {
  it('a PATH with --host', () => {
    assert.deepEqual(parseProbeTarget('/cart?id=1', { host: 'shop.example.com' }).request, { host: 'shop.example.com', path: '/cart?id=1', method: 'GET', headers: {} });
  });
  it('a URL gives host, scheme, port and path', () => {
    const t = parseProbeTarget('https://shop.example.com:8443/a/b?q=1', {});
    assert.deepEqual(t.request, { host: 'shop.example.com', path: '/a/b?q=1', method: 'GET', headers: {}, port: 8443, scheme: 'https' });
    assert.equal(t.hostOnly, 'shop.example.com');
  });
  it('an IPv6 host keeps its brackets in the Host header and loses only the port', () => {
    const t = parseProbeTarget('http://[::1]:8080/x', {});
    assert.deepEqual(t.request, { host: '[::1]', path: '/x', method: 'GET', headers: {}, port: 8080, scheme: 'http' });
    assert.equal(t.hostOnly, '[::1]');
    assert.equal(parseProbeTarget('/x', { host: '[::1]:8080' }).hostOnly, '[::1]');
    // A bare IPv6 address has no port to remove.
    assert.equal(parseProbeTarget('/x', { host: '::1' }).hostOnly, '::1');
  });
  it('headers, -d makes a POST, -X wins', () => {
    assert.deepEqual(parseProbeTarget('/x', { host: 'h', header: ['X-Env: canary', 'accept:text/plain'], data: '{}' }).request, {
      host: 'h',
      path: '/x',
      method: 'POST',
      headers: { 'x-env': 'canary', accept: 'text/plain' },
    });
    assert.equal(parseProbeTarget('/x', { host: 'h', request: 'put', data: '{}' }).request.method, 'PUT');
  });
  it('no host, or a header without a colon, is a usage error', () => {
    assert.throws(() => parseProbeTarget('/x', {}), /--host/);
    assert.throws(() => parseProbeTarget('/x', { service: 'store/foo' }), /for mesh traffic to Service store\/foo, add --mesh/);
    assert.throws(() => parseProbeTarget('/x', { host: 'h', header: ['nocolon'] }), /Name: value/);
  });
});

describe('kubectl gw curl --mesh target', () => {
  const usage = (e: unknown) => e instanceof UserError && e.exitCode === 2;
  it('the URL host names the Service as the cluster DNS reads it, for a client in namespace web', () => {
    const cases: Array<[string, string]> = [
      ['http://foo/', 'web/foo'],
      ['http://foo.store/', 'store/foo'],
      ['http://foo.store.svc/', 'store/foo'],
      ['http://foo.store.svc.cluster.local:8080/', 'store/foo'],
      ['http://FOO.Store.svc.example.org./', 'store/foo'],
    ];
    for (const [url, service] of cases) {
      const t = parseMeshTarget(url, {}, 'web');
      assert.equal(`${t.service.namespace}/${t.service.name}`, service, url);
    }
  });
  it('the port: --port, the URL\'s, the scheme\'s; none for a PATH with --service', () => {
    assert.equal(parseMeshTarget('http://foo.store:8080/x', {}, 'web').request.port, 8080);
    assert.equal(parseMeshTarget('http://foo.store/x', {}, 'web').request.port, 80);
    assert.equal(parseMeshTarget('https://foo.store/x', {}, 'web').request.port, 443);
    assert.equal(parseMeshTarget('http://foo.store/x', { port: 9090 }, 'web').request.port, 9090);
    assert.deepEqual(parseMeshTarget('/x?y=1', { service: 'store/foo' }, 'web'), {
      service: { namespace: 'store', name: 'foo' },
      request: { host: 'foo.store', path: '/x?y=1', method: 'GET', headers: {} },
    });
  });
  it('--service names the Service (NAME alone: the client\'s namespace); --host only sets the Host header', () => {
    const t = parseMeshTarget('http://foo.store/', { service: 'bar', host: 'api.internal' }, 'web');
    assert.deepEqual(t.service, { namespace: 'web', name: 'bar' });
    assert.equal(t.request.host, 'api.internal');
    // MeshFrontendHostname: sent to echo-v2, with Host echo-v1.
    const f = parseMeshTarget('http://echo-v2/', { host: 'echo-v1' }, 'mesh');
    assert.deepEqual([f.service.name, f.request.host], ['echo-v2', 'echo-v1']);
  });
  it('a host that names no Service, a malformed --service, or no Service at all is a usage error', () => {
    assert.throws(() => parseMeshTarget('http://api.example.com/', {}, 'web'), (e: unknown) => usage(e) && /does not name a Service .*--service NAMESPACE\/NAME/.test((e as Error).message));
    assert.throws(() => parseMeshTarget('http://10.96.0.10/', {}, 'web'), usage);
    assert.throws(() => parseMeshTarget('/x', { service: 'a/b/c' }, 'web'), usage);
    assert.throws(() => parseMeshTarget('/x', { service: 'Store/Foo' }, 'web'), usage);
    assert.throws(() => parseMeshTarget('/x', {}, 'web'), (e: unknown) => usage(e) && /say which Service/.test((e as Error).message));
  });
});
