// `tree -o svg` draws the picture with Graphviz compiled to WebAssembly: no `dot` binary needed.
// The plugin runs with a PATH that holds node and nothing else, so no Graphviz can be found.
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGw } from './run-gw.js';

/** Tags open and close in order, text holds no stray '<' or bad entity: well-formed XML. */
function assertWellFormed(xml: string): void {
  const body = xml
    .replace(/^<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    assert.doesNotMatch(text, /[<>]|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, `bad text before ${m[0]}`);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name);
  }
  assert.match(body.slice(last), /^\s*$/, 'nothing after the root element');
  assert.deepEqual(stack, [], 'every element is closed');
}

/** A node id as Graphviz writes it in a <title> (it escapes '-'). */
function title(id: string): string {
  return `<title>${id.replace(/-/g, '&#45;').replace(/>/g, '&gt;')}</title>`;
}

/** The top of a node's first line of text in the SVG (y grows downwards). */
function nodeY(svg: string, id: string): number {
  const at = svg.indexOf(title(id));
  assert.ok(at >= 0, `node ${id} is drawn`);
  const y = /<text[^>]* y="(-?[\d.]+)"/.exec(svg.slice(at));
  return Number(y![1]);
}

describe('kubectl gw tree -o svg (no Graphviz installed)', function () {
  this.timeout(60_000);

  it('draws the examples as SVG with only node on PATH', async () => {
    const path = mkdtempSync(join(tmpdir(), 'gw-path-'));
    symlinkSync(process.execPath, join(path, 'node'));
    const r = await runGw(['tree', '-f', 'examples/', '-o', 'svg'], { direct: true, env: { PATH: path } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const svg = r.stdout;
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8" standalone="no"\?>\n/);
    assert.match(svg, /<svg width="\d+pt" height="\d+pt"[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assertWellFormed(svg);
    // Every object of the tree is a node, coloured as in -o dot, and the legend is drawn.
    for (const id of ['Gateway/infra/shared-gw', 'HTTPRoute/blog/blog', 'Service/infra/auth:80', 'TLSRoute/infra/postgres']) {
      assert.ok(svg.includes(title(id)), id);
    }
    const refused = svg.indexOf(title('HTTPRoute/blog/blog#rule1->Service/infra/auth:80'));
    assert.match(svg.slice(refused), /^<title>[^<]*<\/title>\n<path fill="none" stroke="#c62828" stroke-dasharray="5,2"/);
    assert.ok(svg.includes('>Legend</text>'));
    // Rules read top to bottom in spec order.
    const rules = [0, 1, 2].map((i) => nodeY(svg, `HTTPRoute/store/store#rule${i}`));
    assert.deepEqual([...rules].sort((a, b) => a - b), rules);
  });
});
