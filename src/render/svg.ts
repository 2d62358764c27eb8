// `tree -o svg`: the DOT picture laid out and drawn by Graphviz itself, compiled to WebAssembly
// (@viz-js/viz), so users without Graphviz installed still get the picture. The module (about
// 1.2 MB of JavaScript with the WebAssembly inlined) is imported only here, only for this output.
import { renderDot } from './dot.js';
import type { Graph } from '../model/graph.js';
import type { GraphFilter } from './view.js';

export async function renderSvg(graph: Graph, filter: GraphFilter = {}): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(renderDot(graph, filter), { format: 'svg', engine: 'dot' });
  // The DOT is ours: a Graphviz error here is a bug in kubectl-gw, not the user's input.
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not draw the picture: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}
