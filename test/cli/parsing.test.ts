// What the command line means: durations, label selectors, curl's target.
import assert from 'node:assert/strict';
import { parseDuration } from '../../src/cli/duration.js';
import { parseLabelSelector } from '../../src/cli/label-selector.js';
import { parseProbeTarget } from '../../src/cli/probe-target.js';
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
    assert.throws(() => parseProbeTarget('/x', { host: 'h', header: ['nocolon'] }), /Name: value/);
  });
});
