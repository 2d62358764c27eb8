import assert from 'node:assert/strict';
import { dotString, mermaidText, renderDot, renderMermaid } from '../../src/render/dot.js';
import { colorEnabled, useColor } from '../../src/render/style.js';
import { assertGolden } from './golden.js';
import { sampleGraph } from './graph-fixture.js';

describe('render/dot', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
    useColor(true);
  });
  after(() => useColor(saved));

  it('renders Graphviz DOT (golden)', () => {
    assertGolden('dot.txt', renderDot(sampleGraph()));
  });

  it('renders a Mermaid flowchart (golden)', () => {
    assertGolden('mermaid.txt', renderMermaid(sampleGraph()));
  });

  it('escapes DOT strings', () => {
    assert.equal(dotString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(dotString(['HTTPRoute', 'ns/name']), '"HTTPRoute\\nns/name"');
    assert.equal(dotString('one\ntwo'), '"one\\ntwo"');
  });

  it('escapes Mermaid labels', () => {
    assert.equal(mermaidText('rule #0 "x" <a|b>'), 'rule #35;0 #quot;x#quot; #lt;a#124;b#gt;');
  });

  it('keeps a regular expression in a rule summary intact in both', () => {
    const g = sampleGraph();
    g.routes[0].rules[0].summary = 'RegularExpression ^/api/v[0-9]+/"x"\\d';
    assert.ok(renderDot(g).includes('"rule #0\\nRegularExpression ^/api/v[0-9]+/\\"x\\"\\\\d"'));
    assert.ok(renderMermaid(g).includes('["rule #35;0<br/>RegularExpression ^/api/v[0-9]+/#quot;x#quot;\\d"]'));
  });

  it('draws dangling and failing edges dashed, healthy ones solid', () => {
    const dot = renderDot(sampleGraph());
    const edge = (from: string, to: string) => dot.split('\n').find((l) => l.includes(`"${from}" -> "${to}"`)) ?? '';
    assert.match(edge('HTTPRoute/payments/checkout#rule1', 'Service/legacy/billing:8080'), /color="#c62828".*style=dashed/);
    assert.match(edge('Gateway/shop/missing-gw', 'HTTPRoute/shop/orphan'), /label="NoMatchingParent".*style=dashed/);
    assert.match(edge('Gateway/infra/shared-gw#https', 'HTTPRoute/team-x/disputed'), /color="#ef6c00", label="NotAllowedByListeners".*style=dashed/);
    assert.doesNotMatch(edge('HTTPRoute/shop/store#rule0', 'Service/shop/api:8080'), /dashed/);
    assert.match(dot, /"Gateway\/shop\/missing-gw" \[label="Gateway\\nshop\/missing-gw\\n\(not found\)", color="#c62828", style="rounded,dashed"\]/);

    const mermaid = renderMermaid(sampleGraph());
    assert.equal(mermaid.split('\n').filter((l) => l.includes('-.->')).length, 3);
  });

  it('draws a backend shared by two routes once', () => {
    const dot = renderDot(sampleGraph());
    assert.equal(dot.split('\n').filter((l) => l.startsWith('  "Service/shop/web:80" [')).length, 1);
  });

  it('has no terminal colour codes', () => {
    assert.ok(!renderDot(sampleGraph()).includes('\x1b'));
    assert.ok(!renderMermaid(sampleGraph()).includes('\x1b'));
  });

  it('draws only the selected gateway', () => {
    const dot = renderDot(sampleGraph(), { gateway: 'dev/sandbox-gw' });
    assert.ok(dot.includes('"Gateway/dev/sandbox-gw"'));
    assert.ok(!dot.includes('shared-gw'));
  });
});
