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

  it('does not colour the headers', () => {
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

describe('render/table at a terminal width', () => {
  before(() => useColor(false));

  const rows = [
    ['a', 'ok', 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen'],
    ['bb', 'error', 'short'],
  ];

  it('off a terminal keeps every row on one line, however long', () => {
    assert.equal(renderTable(['n', 's', 'd'], rows).split('\n').length, 3);
  });

  it('wraps the last column under itself, with the continuation text in the first column', () => {
    const out = renderTable(['n', 's', 'd'], rows, { width: 50, continuation: ['│', ''] });
    assert.equal(
      out,
      [
        'N    S       D',
        'a    ok      one two three four five six seven',
        '│            eight nine ten eleven twelve thirteen',
        '│            fourteen',
        'bb   error   short',
      ].join('\n'),
    );
  });

  it('puts the prose under each row when the terminal leaves it too little room', () => {
    const out = renderTable(['n', 's', 'd'], rows, { width: 30 });
    assert.equal(
      out,
      ['N    S', 'a    ok', '    one two three four five', '    six seven eight nine ten', '    eleven twelve thirteen', '    fourteen', 'bb   error', '    short'].join('\n'),
    );
  });

  it('labels the columns after the first one put under the row', () => {
    const out = renderTable(['name', 'message', 'fix'], [['x'.repeat(20), 'the message', 'the fix']], { width: 30, proseFrom: 1 });
    assert.equal(out, ['NAME', 'x'.repeat(20), '    the message', '    Fix: the fix'].join('\n'));
  });

  it('never cuts a cell of the first columns, even wider than the terminal', () => {
    const name = 'n'.repeat(40);
    assert.ok(renderTable(['n', 'd'], [[name, 'words']], { width: 30 }).includes(name));
  });

  it('lays out 150,000 rows without a spread over the cells (it overflowed the stack)', () => {
    const many = Array.from({ length: 150_000 }, (_, i) => [`r${i}`, 'ok', 'd']);
    const out = renderTable(['name', 'status', 'details'], many, { width: 80 });
    assert.equal(out.split('\n').length, 150_001);
  });
});
