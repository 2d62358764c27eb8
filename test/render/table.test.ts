import assert from 'node:assert/strict';
import { renderTable } from '../../src/render/table.js';
import { colorEnabled, statusText, stripAnsi, useColor } from '../../src/render/style.js';

describe('render/table', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
  });
  after(() => useColor(saved));

  const rows = [
    ['shared-gw', 'True', '203.0.113.10'],
    ['sandbox', 'False', ''],
  ];

  it('prints kubectl style: UPPERCASE headers, three spaces between columns, no borders', () => {
    useColor(false);
    assert.equal(
      renderTable(['name', 'programmed', 'address'], rows),
      ['NAME        PROGRAMMED   ADDRESS', 'shared-gw   True         203.0.113.10', 'sandbox     False'].join('\n'),
    );
  });

  it('leaves no trailing spaces on any line', () => {
    useColor(false);
    for (const line of renderTable(['a', 'b', 'c'], [['x', '', ''], ['yy', 'z', '']]).split('\n')) {
      assert.equal(line, line.trimEnd());
    }
  });

  it('does not colour the headers (cli-table3 makes them red by default)', () => {
    useColor(true);
    const out = renderTable(['name', 'status'], [['a', 'b']]);
    assert.equal(out.split('\n')[0], 'NAME   STATUS');
  });

  it('aligns coloured cells as if they had no colour codes', () => {
    useColor(true);
    const coloured = renderTable(['name', 'status', 'details'], [
      ['a', statusText('ok', 'Accepted'), 'one'],
      ['bbbb', statusText('error', 'RefNotPermitted'), 'two'],
    ]);
    assert.match(coloured, /\x1b\[3\dm/);
    useColor(false);
    const plain = renderTable(['name', 'status', 'details'], [
      ['a', statusText('ok', 'Accepted'), 'one'],
      ['bbbb', statusText('error', 'RefNotPermitted'), 'two'],
    ]);
    assert.equal(stripAnsi(coloured), plain);
  });

  it('keeps a cell with a newline on one row', () => {
    useColor(false);
    assert.equal(renderTable(['a', 'b'], [['x\ny', 'z']]), 'A     B\nx y   z');
  });
});
