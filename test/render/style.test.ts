import assert from 'node:assert/strict';
import {
  colorEnabled,
  mark,
  markChar,
  shouldColor,
  statusText,
  stripAnsi,
  useColor,
  type ColorContext,
} from '../../src/render/style.js';

describe('render/style', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
  });
  after(() => useColor(saved));

  describe('shouldColor', () => {
    const cases: Array<[string, ColorContext, boolean]> = [
      ['a terminal', { env: {}, isTTY: true }, true],
      ['a pipe', { env: {}, isTTY: false }, false],
      ['stdout of unknown kind', { env: {}, isTTY: undefined }, false],
      ['NO_COLOR set but empty', { env: { NO_COLOR: '' }, isTTY: true }, false],
      ['NO_COLOR=1', { env: { NO_COLOR: '1' }, isTTY: true }, false],
      ['NO_COLOR beats FORCE_COLOR', { env: { NO_COLOR: '', FORCE_COLOR: '1' }, isTTY: true }, false],
      ['NODE_DISABLE_COLORS', { env: { NODE_DISABLE_COLORS: '1' }, isTTY: true }, false],
      ['--no-color', { noColorFlag: true, env: {}, isTTY: true }, false],
      ['--no-color beats FORCE_COLOR', { noColorFlag: true, env: { FORCE_COLOR: '1' }, isTTY: true }, false],
      ['TERM=dumb', { env: { TERM: 'dumb' }, isTTY: true }, false],
      ['FORCE_COLOR into a pipe', { env: { FORCE_COLOR: '1' }, isTTY: false }, true],
      ['FORCE_COLOR on TERM=dumb', { env: { FORCE_COLOR: '1', TERM: 'dumb' }, isTTY: false }, true],
      ['FORCE_COLOR=0', { env: { FORCE_COLOR: '0' }, isTTY: true }, false],
      ['-o json on a terminal', { env: {}, isTTY: true, output: 'json' }, false],
      ['-o yaml even with FORCE_COLOR', { env: { FORCE_COLOR: '1' }, isTTY: true, output: 'yaml' }, false],
      ['-o jsonpath=...', { env: {}, isTTY: true, output: 'jsonpath={.x}' }, false],
      ['-o wide on a terminal', { env: {}, isTTY: true, output: 'wide' }, true],
    ];
    for (const [name, ctx, expected] of cases) {
      it(`${expected ? 'colours' : 'does not colour'}: ${name}`, () => {
        assert.equal(shouldColor(ctx), expected);
      });
    }
  });

  it('marks are distinct characters, so they read without colour', () => {
    useColor(false);
    assert.deepEqual(
      (['ok', 'error', 'warning', 'unknown'] as const).map((s) => mark(s)),
      ['✔', '✖', '!', '?'],
    );
    assert.equal(markChar('error'), '✖');
    assert.equal(statusText('ok', 'Accepted'), '✔ Accepted');
  });

  it('colours only when told to', () => {
    useColor(true);
    assert.equal(statusText('ok', 'Accepted'), '\x1b[32m✔ Accepted\x1b[39m');
    assert.equal(stripAnsi(statusText('error', 'BackendNotFound')), '✖ BackendNotFound');
    useColor(false);
    assert.equal(statusText('ok', 'Accepted'), '✔ Accepted');
  });
});
