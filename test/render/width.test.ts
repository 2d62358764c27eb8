// On a terminal every line fits its width: the last column (DETAILS, MESSAGE) and prose wrap at
// word boundaries under themselves, tree guides run on past wrapped rows, and names are whole.
// Off a terminal (no width) each row stays one line. Golden files at 80 and 120 columns, rendered
// from the bundled examples/.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../src/analyse.js';
import { checkSnapshot } from '../../src/check/report.js';
import { explainGateway, findGateway } from '../../src/explain/gateway.js';
import { explainRoute, findRoute } from '../../src/explain/route.js';
import { loadSource } from '../../src/cli/load.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { renderCheck } from '../../src/render/check.js';
import { renderGatewayExplanation, renderRouteExplanation } from '../../src/render/explain.js';
import { colorEnabled, stripAnsi, useColor } from '../../src/render/style.js';
import { displayWidth } from '../../src/render/text.js';
import { renderTree } from '../../src/render/tree.js';
import { assertGolden } from './golden.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));
const NOW = new Date('2026-01-01T00:00:00Z');

function assertFits(text: string, width: number): void {
  for (const line of text.split('\n')) {
    assert.ok(displayWidth(line) <= width, `line wider than ${width}: ${JSON.stringify(line)}`);
  }
}

/**
 * The words of the text after its header line, in order, whatever the line breaks and tree
 * guides between them. (On a narrow terminal DETAILS goes under each row, and its header with it.)
 */
function words(text: string): string[] {
  const body = text.startsWith('NAME') || text.startsWith('SEVERITY') ? text.slice(text.indexOf('\n')) : text;
  return stripAnsi(body).replace(/[│├└─]/g, ' ').split(/\s+/).filter(Boolean);
}

describe('render at a terminal width', () => {
  let snapshot: Snapshot;
  let saved: boolean;
  before(async () => {
    saved = colorEnabled();
    useColor(false);
    snapshot = (await loadSource({ files: [EXAMPLES], requestTimeoutMs: 0 })).snapshot;
  });
  after(() => useColor(saved));

  const outputs = () => {
    const { graph, findings } = analyse(snapshot, { now: NOW });
    const route = findRoute(graph, 'blog', 'blog').route;
    const gateway = findGateway(graph, 'infra', 'shared-gw');
    const report = checkSnapshot(snapshot, { namespace: null, ignore: [], failOn: 'error', now: NOW });
    return {
      tree: (width?: number) => renderTree(graph, { width }),
      'tree-wide': (width?: number) => renderTree(graph, { wide: true, width }),
      check: (width?: number) => renderCheck(report, undefined, width),
      'check-wide': (width?: number) => renderCheck(report, 'wide', width),
      'explain-route': (width?: number) => renderRouteExplanation(explainRoute(graph, route, findings, []), width),
      'explain-gateway': (width?: number) => renderGatewayExplanation(explainGateway(graph, gateway, findings, []), width),
    };
  };

  for (const width of [80, 120]) {
    it(`fits tree, check and explain in ${width} columns (golden)`, () => {
      for (const [name, render] of Object.entries(outputs())) {
        // Origins name the files as loaded (absolute): the golden holds them relative to the checkout.
        const out = render(width).split(`${dirname(EXAMPLES)}/`).join('');
        assertFits(out, width);
        assertGolden(`width/${name}-${width}.txt`, out);
      }
    });
  }

  it('says the same words at any width as off a terminal, where each row is one line', () => {
    for (const [name, render] of Object.entries(outputs())) {
      const whole = render(undefined);
      for (const width of [60, 80, 120]) {
        // Allowed differences: a word cut to fit (a long controller name), and the label FIX
        // takes when it goes under its row ("Fix: ...").
        const joined = (text: string) => words(text).join(' ').replace(/Fix: /g, '').replace(/([/.\-_:,]) /g, '$1');
        assert.equal(joined(render(width)), joined(whole), `${name} at ${width}`);
      }
    }
  });

  it('never cuts a name in the tree, and keeps guides on the lines of a wrapped row', () => {
    const out = outputs().tree(80);
    const whole = outputs().tree(undefined);
    for (const line of whole.split('\n')) {
      const name = /(?:Gateway|Listener|HTTPRoute|GRPCRoute|TLSRoute)\/\S+/.exec(line)?.[0];
      if (name) assert.ok(out.includes(name), `${name} cut at 80 columns`);
    }
    // The HTTPRoute under the first listener wraps; the listener's guide still runs past it.
    const lines = out.split('\n');
    const blog = lines.findIndex((l) => l.startsWith('│  ├─ HTTPRoute/blog/blog'));
    assert.ok(blog > 0);
    assert.match(lines[blog + 1], /^│ {2}│ {2}│ {2}hostname blog\.example\.com/);
  });

  it('wraps DETAILS under its own column when the terminal leaves room for it', () => {
    const lines = outputs().tree(120).split('\n');
    const detailsAt = lines[0].indexOf('DETAILS');
    const gw = lines.findIndex((l) => l.startsWith('Gateway/infra/shared-gw'));
    assert.equal(lines[gw + 1].slice(0, detailsAt).trim(), '│');
    assert.notEqual(lines[gw + 1][detailsAt], ' ');
  });

  it('keeps colour codes paired on every wrapped line', () => {
    useColor(true);
    try {
      for (const render of Object.values(outputs())) {
        for (const line of render(80).split('\n')) {
          const codes = line.match(/\x1b\[[0-9;]*m/g) ?? [];
          const opens = codes.filter((c) => !/\x1b\[(0|22|39|49)?m/.test(c)).length;
          const closes = codes.length - opens;
          assert.ok(closes >= opens, `unclosed colour in ${JSON.stringify(line)}`);
        }
      }
    } finally {
      useColor(false);
    }
  });
});
