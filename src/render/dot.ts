// The tree as a picture: Graphviz DOT (`dot -Tsvg`, or `tree -o svg` without Graphviz) and
// Mermaid (`flowchart LR`, renders in GitHub markdown). Both come from one list of nodes and
// edges, so they always show the same thing. Every node and every edge carries its own verdict:
// a route's reference to a Service is refused on the edge from that route's rule, while the
// Service keeps its own colour (found, endpoints ready), however many other routes use it; a
// parentRef a listener turns away is a dashed edge, not a red route. A dashed line says the edge
// does not hold (a refused reference or parentRef) or leads to an object that does not exist.
import type { BackendEdge, Graph, GraphGateway, GraphListener, GraphRoute, ParentEvaluation } from '../model/graph.js';
import { conditionLine } from './conditions.js';
import { worst, type Status } from './style.js';
import { selectView, type GraphFilter, type GraphView } from './view.js';

/** Rules, and the edges that only say "holds" (gateway -> listener, route -> rule), carry no
 *  verdict of their own: drawn in a neutral colour. */
type Tone = Status | 'neutral';

interface PicNode {
  id: string;
  lines: string[];
  status: Tone;
  /** The object does not exist (or is not known to): drawn dashed. */
  dangling: boolean;
}

interface PicEdge {
  from: string;
  to: string;
  label?: string[];
  status: Tone;
  dashed: boolean;
}

interface Picture {
  nodes: PicNode[];
  edges: PicEdge[];
  /** Siblings to draw in this order, top to bottom: a gateway's listeners, a route's rules. */
  orders: string[][];
}

const COLORS: Record<Tone, string> = {
  ok: '#2e7d32',
  error: '#c62828',
  warning: '#ef6c00',
  unknown: '#757575',
  neutral: '#424242',
};

/** What each colour means, for the legend both pictures carry. */
const LEGEND: Array<[Tone, string]> = [
  ['ok', 'ok: accepted, resolved, ready'],
  ['warning', 'warning: controller disagrees, or partly ready'],
  ['error', 'error: refused, missing, nothing ready'],
  ['unknown', 'unknown: no status, or not readable'],
  ['neutral', 'no verdict of its own (holds)'],
];
const LEGEND_DASHED = 'dashed: refused, or leads nowhere';

/** Nodes keyed by id (first one wins, so a shared object is drawn once), edges in order. */
class PictureBuilder {
  readonly nodes = new Map<string, PicNode>();
  readonly edges: PicEdge[] = [];
  readonly orders: string[][] = [];
  /** Every reference to one backend, so its node can be drawn from the one that knows most. */
  readonly backendRefs = new Map<string, BackendEdge[]>();
  node(n: PicNode): void {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
  }
  edge(e: PicEdge): void {
    this.edges.push(e);
  }
}

function picture(graph: Graph, filter: GraphFilter): Picture {
  const view = selectView(graph, filter);
  const pic = new PictureBuilder();

  for (const gw of view.gateways) {
    const cls = view.gatewayClass(gw.gatewayClass);
    const clsStatus: Status = !cls?.exists || cls.reported === null ? 'error' : classAccepted(cls.reported.conditions);
    pic.node({
      id: gw.gatewayClass,
      lines: ['GatewayClass', gw.className, ...(cls?.exists ? [] : ['(not found)']), ...(cls?.reported === null ? ['(unclaimed)'] : [])],
      status: clsStatus,
      dangling: !cls?.exists,
    });
    pic.node({
      id: gw.id,
      lines: ['Gateway', `${gw.namespace}/${gw.name}`, ...gw.addresses],
      status: conditionLine(['Accepted', 'Programmed'], gw.computed, gw.reported, gw.disagreements).status,
      dangling: false,
    });
    pic.edge({ from: gw.gatewayClass, to: gw.id, status: clsStatus, dashed: !cls?.exists });
    pic.orders.push(gw.listeners.map((l) => l.id));
    for (const l of gw.listeners) addListener(pic, l, gw, view);
  }

  for (const u of view.unattached) {
    const route = view.route(u.route);
    if (route) addRoute(pic, route, view);
  }
  // Backend nodes last: by now every reference to each is known.
  for (const n of pic.nodes.values()) {
    const refs = pic.backendRefs.get(n.id);
    if (refs) Object.assign(n, backendNode(n.id, refs));
  }
  return { nodes: [...pic.nodes.values()], edges: pic.edges, orders: pic.orders.filter((o) => o.length > 1) };
}

function classAccepted(conditions: Array<{ type: string; status: string }>): Status {
  const accepted = conditions.find((c) => c.type === 'Accepted');
  if (!accepted) return 'unknown';
  return accepted.status === 'True' ? 'ok' : accepted.status === 'False' ? 'error' : 'unknown';
}

/** The node a parentRef points at: a listener by sectionName, else the gateway itself. */
function parentTarget(p: ParentEvaluation, view: GraphView): PicNode & { isListener?: true } {
  const id = `${p.parentRef.kind}/${p.parentRef.namespace}/${p.parentRef.name}`;
  const gw = view.gateways.find((g) => g.id === id);
  const listener = gw?.listeners.find((l) => l.name === p.parentRef.sectionName);
  if (listener) return { id: listener.id, lines: [], status: 'unknown', dangling: false, isListener: true };
  return {
    id,
    lines: [p.parentRef.kind, `${p.parentRef.namespace}/${p.parentRef.name}`, ...(p.gateway === null ? ['(not found)'] : [])],
    status: p.gateway === null ? 'error' : 'unknown',
    dangling: p.gateway === null,
  };
}

function addListener(pic: PictureBuilder, l: GraphListener, gw: GraphGateway, view: GraphView): void {
  pic.node({
    id: l.id,
    lines: [`Listener ${l.name}`, [`${l.protocol} :${l.port}`, l.hostname, l.tlsMode].filter(Boolean).join(' ')],
    status: conditionLine(['Accepted', 'Programmed'], l.computed, l.reported, l.disagreements).status,
    dangling: false,
  });
  pic.edge({ from: gw.id, to: l.id, status: 'neutral', dashed: false });
  for (const id of l.routes) {
    const route = view.route(id);
    if (!route) continue;
    const parent = route.parents.find((p) => p.attachedListeners.includes(l.id));
    pic.edge({ from: l.id, to: route.id, status: parent ? attachment(parent) : 'unknown', dashed: false });
    addRoute(pic, route, view);
  }
}

/**
 * The verdict of one attachment edge: the parentRef's Accepted (and a disagreement about it).
 * ResolvedRefs belongs to the route and its backend edges, not to the listener that took it.
 */
function attachment(p: ParentEvaluation): Status {
  const only = (type: string) => <T extends { type: string }>(c: T) => c.type === type;
  const reported = p.reported && { ...p.reported, conditions: p.reported.conditions.filter(only('Accepted')) };
  const disagreements = p.disagreements.filter((d) => d.conditionType !== 'ResolvedRefs');
  return conditionLine(['Accepted'], p.computed.filter(only('Accepted')), reported, disagreements).status;
}

/** A parentRef that attaches nowhere (to a Gateway or ListenerSet): its own dashed edge. */
function refused(p: ParentEvaluation): boolean {
  return (p.target === 'Gateway' || p.target === 'ListenerSet') && p.attachedListeners.length === 0;
}

/**
 * The route's own verdict: its conditions on the parents that took it (refused parentRefs are
 * drawn as their own edges); a route attached nowhere is an error, or a warning when the
 * controller disagrees.
 */
function routeStatus(route: GraphRoute): Status {
  const line = (p: ParentEvaluation) =>
    conditionLine(['Accepted', 'ResolvedRefs'], p.computed, p.reported, p.disagreements).status;
  if (!route.attached) return route.parents.map(line).includes('warning') ? 'warning' : 'error';
  return worst(route.parents.filter((p) => !refused(p)).map(line));
}

/** The route with its refused parentRefs, rules and backends, once however many listeners it hangs under. */
function addRoute(pic: PictureBuilder, route: GraphRoute, view: GraphView): void {
  if (pic.nodes.has(route.id)) return;
  const refusedBy = route.parents.filter(refused).map((p) => ({ p, target: parentTarget(p, view) }));
  // A listener of a gateway in view is drawn with the gateway, with its own lines.
  for (const { target } of refusedBy) if (!target.isListener) pic.node(target);
  pic.node({
    id: route.id,
    lines: [route.kind, `${route.namespace}/${route.name}`, ...route.hostnames],
    status: routeStatus(route),
    dangling: false,
  });
  for (const { p, target } of refusedBy) {
    const accepted = p.computed.find((c) => c.type === 'Accepted');
    const reason = accepted?.reason ?? (p.gateway === null ? 'not found' : undefined);
    pic.edge({
      from: target.id,
      to: route.id,
      label: reason ? [reason] : undefined,
      status: p.disagreements.length > 0 ? 'warning' : 'error',
      dashed: true,
    });
  }
  pic.orders.push(route.rules.map((rule) => `${route.id}#rule${rule.index}`));
  for (const rule of route.rules) {
    const ruleId = `${route.id}#rule${rule.index}`;
    pic.node({
      id: ruleId,
      lines: [`rule #${rule.index}${rule.name ? ` ${rule.name}` : ''}`, rule.summary],
      status: 'neutral',
      dangling: false,
    });
    pic.edge({ from: route.id, to: ruleId, status: 'neutral', dashed: false });
    for (const b of rule.backends) {
      const id = backendId(b);
      pic.node({ id, lines: [], status: 'unknown', dangling: false });
      pic.backendRefs.set(id, [...(pic.backendRefs.get(id) ?? []), b]);
      const weight = `weight ${b.ref.weight}`;
      pic.edge({
        from: ruleId,
        to: id,
        label: b.resolved === false ? [weight, b.reason] : [weight],
        status: b.resolved === true ? 'ok' : b.resolved === false ? 'error' : 'unknown',
        dashed: b.resolved === false,
      });
    }
  }
}

function backendId(b: BackendEdge): string {
  const { ref } = b;
  return `${ref.kind}/${ref.namespace}/${ref.name}${ref.port !== undefined ? `:${ref.port}` : ''}`;
}

/** Reasons that say the backend itself is absent or unusable, whoever refers to it. */
const BACKEND_ITSELF_BAD = new Set(['BackendNotFound', 'InvalidKind']);

/**
 * The backend's own verdict, from the reference that learnt most about it: one that read its
 * endpoints, else one that found it, else one that found it missing. A reference refused before
 * the Service was looked at (RefNotPermitted) says nothing about the Service itself.
 */
function backendNode(id: string, refs: BackendEdge[]): Omit<PicNode, 'id'> {
  const { ref } = refs[0];
  const lines = [ref.kind, id.slice(ref.kind.length + 1)];
  const withEndpoints = refs.find((b) => b.endpoints !== null);
  if (withEndpoints?.endpoints) {
    const e = withEndpoints.endpoints;
    lines.push(e.total === 0 ? 'no endpoints' : `${e.ready}/${e.total} ready`);
    const status: Status = e.total === 0 || e.ready === 0 ? 'error' : e.ready < e.total ? 'warning' : 'ok';
    return { lines, status, dangling: false };
  }
  const unreadable = refs.find((b) => b.endpointsUnknown);
  if (unreadable) return { lines: [...lines, 'endpoints unknown'], status: 'unknown', dangling: false };
  if (refs.some((b) => b.resolved === true)) return { lines, status: 'ok', dangling: false };
  const bad = refs.find((b) => b.resolved === false && BACKEND_ITSELF_BAD.has(b.reason));
  if (bad) {
    if (bad.reason !== 'BackendNotFound') return { lines: [...lines, bad.reason], status: 'error', dangling: false };
    const what = bad.service?.exists ? '(no such port)' : '(not found)';
    return { lines: [...lines, what], status: 'error', dangling: true };
  }
  return { lines, status: 'unknown', dangling: false };
}

// ---- DOT ----

/** A DOT double-quoted string: backslashes and quotes escaped, lines joined with \n. */
export function dotString(lines: string[] | string): string {
  const list = typeof lines === 'string' ? [lines] : lines;
  return `"${list.map((s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')).join('\\n')}"`;
}

export function renderDot(graph: Graph, filter: GraphFilter = {}): string {
  const pic = picture(graph, filter);
  const out = [
    'digraph "kubectl-gw" {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of pic.nodes) {
    const style = n.dangling ? '"rounded,dashed"' : 'rounded';
    out.push(`  ${dotString(n.id)} [label=${dotString(n.lines)}, color="${COLORS[n.status]}", style=${style}];`);
  }
  for (const e of pic.edges) {
    const attrs = [`color="${COLORS[e.status]}"`];
    if (e.label) attrs.push(`label=${dotString(e.label)}`, `fontcolor="${COLORS[e.status]}"`);
    if (e.dashed) attrs.push('style=dashed');
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  // Listeners and rules in spec order, top to bottom, as in the tree: an invisible edge within
  // one rank is a constraint dot keeps (ordering=out is only a preference once nodes are shared).
  for (const order of pic.orders) {
    out.push(`  { rank=same; ${order.map((id) => dotString(id)).join(' -> ')} [style=invis]; }`);
  }
  out.push(dotLegend(), '}');
  return out.join('\n') + '\n';
}

/** The legend: one table, a row per colour and one for the dashed line. */
function dotLegend(): string {
  const row = (tone: Tone, text: string, style = '') =>
    `<tr><td align="left" width="260" color="${COLORS[tone]}"${style}><font color="${COLORS[tone]}">${htmlText(text)}</font></td></tr>`;
  const rows = [
    '<tr><td border="0"><b>Legend</b></td></tr>',
    ...LEGEND.map(([tone, text]) => row(tone, text)),
    row('error', LEGEND_DASHED, ' style="dashed"'),
  ];
  return `  "legend" [shape=plaintext, label=<<table border="0" cellborder="1" cellspacing="3" cellpadding="4">${rows.join('')}</table>>];`;
}

/** Text inside a Graphviz HTML-like label. */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---- Mermaid ----

/** Text for a Mermaid quoted label: characters Mermaid reads as syntax become entity codes. */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;');
}

const TONES: Tone[] = ['ok', 'error', 'warning', 'unknown', 'neutral'];

export function renderMermaid(graph: Graph, filter: GraphFilter = {}): string {
  const pic = picture(graph, filter);
  // Mermaid ids must be plain words; number the nodes in their (stable) order.
  const ids = new Map(pic.nodes.map((n, i) => [n.id, `n${i}`]));
  const nodes = pic.nodes.map((n) => ({ id: ids.get(n.id)!, text: n.lines, status: n.status, dangling: n.dangling }));
  const edges = pic.edges.map((e) => ({ ...e, from: ids.get(e.from)!, to: ids.get(e.to)! }));
  // The legend: a subgraph of its own, drawn after the picture.
  const legend = LEGEND.map(([tone, text], i) => ({ id: `legend${i}`, text: [text], status: tone, dangling: false }));
  const dashedFrom = { id: 'legendFrom', text: [' '], status: 'neutral' as Tone, dangling: false };
  const dashedTo = { id: 'legendTo', text: [' '], status: 'neutral' as Tone, dangling: false };

  const box = (n: { id: string; text: string[] }) => `${n.id}["${n.text.map(mermaidText).join('<br/>')}"]`;
  const arrow = (e: { from: string; to: string; label?: string[]; dashed: boolean }) =>
    `${e.from} ${e.dashed ? '-.->' : '-->'}${e.label ? `|"${e.label.map(mermaidText).join('<br/>')}"|` : ''} ${e.to}`;

  const out = ['flowchart LR'];
  for (const n of nodes) out.push(`  ${box(n)}`);
  for (const e of edges) out.push(`  ${arrow(e)}`);
  out.push('  subgraph legend["Legend"]', '    direction TB');
  for (const n of legend) out.push(`    ${box(n)}`);
  const legendEdge = { from: dashedFrom.id, to: dashedTo.id, label: [LEGEND_DASHED], status: 'error' as Tone, dashed: true };
  out.push(`    ${box(dashedFrom)}`, `    ${box(dashedTo)}`, `    ${arrow(legendEdge)}`, '  end');

  for (const tone of TONES) out.push(`  classDef ${tone} stroke:${COLORS[tone]},stroke-width:2px,color:${COLORS[tone]}`);
  out.push('  classDef dangling stroke-dasharray:5 5');
  const allNodes = [...nodes, ...legend];
  for (const tone of TONES) {
    const members = allNodes.filter((n) => n.status === tone).map((n) => n.id);
    if (members.length > 0) out.push(`  class ${members.join(',')} ${tone}`);
  }
  const dangling = nodes.filter((n) => n.dangling).map((n) => n.id);
  if (dangling.length > 0) out.push(`  class ${dangling.join(',')} dangling`);
  // linkStyle numbers links in the order they were written; the legend's edge comes last.
  const allEdges = [...edges, legendEdge];
  for (const tone of TONES) {
    const indices = allEdges.flatMap((e, i) => (e.status === tone ? [i] : []));
    if (indices.length > 0) out.push(`  linkStyle ${indices.join(',')} stroke:${COLORS[tone]},color:${COLORS[tone]}`);
  }
  return out.join('\n') + '\n';
}
