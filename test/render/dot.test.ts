import assert from 'node:assert/strict';
import { dotString, mermaidText, renderDot, renderMermaid } from '../../src/render/dot.js';
import { colorEnabled, useColor } from '../../src/render/style.js';
import { buildGraph } from '../../src/graph/build.js';
import { loadSource } from '../../src/cli/load.js';
import type { Graph } from '../../src/model/graph.js';
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

    // Three in the picture, one in the legend.
    const mermaid = renderMermaid(sampleGraph());
    assert.equal(mermaid.split('\n').filter((l) => l.includes('-.->')).length, 4);
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

  describe('each edge and node by its own verdict (the examples)', () => {
    let examples: Graph;
    before(async () => {
      // As `tree -f examples/` reads them.
      examples = buildGraph((await loadSource({ files: ['examples'], requestTimeoutMs: 0 })).snapshot);
    });
    const OK = '#2e7d32';
    const ERROR = '#c62828';
    const line = (dot: string, start: string) => dot.split('\n').find((l) => l.startsWith(`  ${start}`)) ?? '';

    it('keeps a shared Service its own colour when one route is refused it; the refused edge is red', () => {
      const dot = renderDot(examples);
      // blog/blog may not reference infra/auth (no ReferenceGrant); payments/checkout may.
      const auth = line(dot, '"Service/infra/auth:80" [');
      assert.match(auth, /label="Service\\ninfra\/auth:80\\n2\/2 ready", color="#2e7d32"/);
      assert.doesNotMatch(auth, /RefNotPermitted|dashed/);
      const refusedEdge = line(dot, '"HTTPRoute/blog/blog#rule1" -> "Service/infra/auth:80"');
      assert.match(refusedEdge, new RegExp(`color="${ERROR}", label="weight 1\\\\nRefNotPermitted".*style=dashed`));
      assert.match(line(dot, '"HTTPRoute/payments/checkout#rule1" -> "Service/infra/auth:80"'), new RegExp(`^[^\\]]*color="${OK}"`));
    });

    it('colours an attachment by its own verdict, not by the route\'s backends', () => {
      const dot = renderDot(examples);
      // blog/blog attaches (Accepted) but one backend is refused: the route is red, the edge green.
      assert.match(line(dot, '"HTTPRoute/blog/blog" ['), new RegExp(`color="${ERROR}"`));
      assert.match(line(dot, '"Gateway/infra/shared-gw#http" -> "HTTPRoute/blog/blog"'), new RegExp(`color="${OK}"`));
      // legacy/old-api is taken by http and turned away by https: a dashed edge says so, and the
      // route itself (which serves on http) stays green.
      assert.match(line(dot, '"HTTPRoute/legacy/old-api" ['), new RegExp(`color="${OK}"`));
      assert.match(
        line(dot, '"Gateway/infra/shared-gw#https" -> "HTTPRoute/legacy/old-api"'),
        new RegExp(`color="${ERROR}", label="NotAllowedByListeners".*style=dashed`),
      );
      // The https listener is drawn once, with its own label.
      assert.equal(dot.split('\n').filter((l) => l.startsWith('  "Gateway/infra/shared-gw#https" [')).length, 1);
      assert.match(line(dot, '"Gateway/infra/shared-gw#https" ['), /label="Listener https\\nHTTPS :443/);
    });

    it('says the same in Mermaid', () => {
      const mermaid = renderMermaid(examples).split('\n');
      const id = (text: string) => mermaid.find((l) => l.includes(text))!.trim().split('[')[0];
      const auth = id('["Service<br/>infra/auth:80');
      assert.ok(mermaid.some((l) => l.trim().startsWith('class ') && l.endsWith(' ok') && l.split(' ')[3].split(',').includes(auth)));
      const links = mermaid.filter((l) => / (-->|-\.->)/.test(l));
      const refused = links.findIndex((l) => l.includes('RefNotPermitted') && l.trim().endsWith(` ${auth}`));
      assert.ok(refused >= 0 && links[refused].includes('-.->'));
      const errorLinks = mermaid.find((l) => l.includes('linkStyle') && l.includes(ERROR))!;
      assert.ok(errorLinks.split(' ')[3].split(',').includes(String(refused)));
    });

    it('keeps listeners and rules in spec order', () => {
      const dot = renderDot(examples);
      assert.ok(dot.includes('{ rank=same; "HTTPRoute/store/store#rule0" -> "HTTPRoute/store/store#rule1" -> "HTTPRoute/store/store#rule2" [style=invis]; }'));
      assert.ok(dot.includes('{ rank=same; "Gateway/infra/shared-gw#http" -> "Gateway/infra/shared-gw#https" -> "Gateway/infra/shared-gw#tls-passthrough" [style=invis]; }'));
      const mermaid = renderMermaid(examples);
      const at = (text: string) => mermaid.indexOf(text);
      assert.ok(at('rule #35;0<br/>Exact /healthz') < at('rule #35;1<br/>PathPrefix / x-env=canary'));
      assert.ok(at('rule #35;1<br/>PathPrefix / x-env=canary') < at('rule #35;2<br/>PathPrefix /"'));
    });

    it('carries a legend for every colour and for dashed lines', () => {
      const dot = renderDot(examples);
      for (const word of ['ok:', 'warning:', 'error:', 'unknown:', 'no verdict of its own', 'dashed:']) {
        assert.ok(line(dot, '"legend" [').includes(word), word);
      }
      const mermaid = renderMermaid(examples);
      assert.match(mermaid, /subgraph legend\["Legend"\][\s\S]*legend0\["ok: accepted, resolved, ready"\][\s\S]*legendFrom -\.->\|"dashed: refused, or leads nowhere"\| legendTo\n  end/);
    });
  });
});

