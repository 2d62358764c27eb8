// The tree as a picture: Graphviz DOT (`dot -Tsvg`) and Mermaid (`flowchart LR`, renders in
// GitHub markdown). Both come from one list of nodes and edges, so they always show the same
// thing: colour says the verdict, a dashed line says the edge leads nowhere (a missing class,
// gateway or backend) or does not hold (a route the spec does not attach).
import type { BackendEdge, Graph, GraphGateway, GraphListener, GraphRoute, ParentEvaluation } from '../model/graph.js';
import { conditionLine } from './conditions.js';
import { worst, type Status } from './style.js';
import { selectView, type GraphFilter, type GraphView } from './view.js';

/** Rules carry no verdict of their own: drawn in a neutral colour. */
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
  label?: string;
  status: Tone;
  dashed: boolean;
}

interface Picture {
  nodes: PicNode[];
  edges: PicEdge[];
}

const COLORS: Record<Tone, string> = {
  ok: '#2e7d32',
  error: '#c62828',
  warning: '#ef6c00',
  unknown: '#757575',
  neutral: '#424242',
};

/** Nodes keyed by id (first one wins, so a shared backend is drawn once), edges in order. */
class PictureBuilder {
  readonly nodes = new Map<string, PicNode>();
  readonly edges: PicEdge[] = [];
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
    for (const l of gw.listeners) addListener(pic, l, gw, view);
  }

  for (const u of view.unattached) {
    const route = view.route(u.route);
    if (!route) continue;
    for (const p of route.parents) {
      if (p.target !== 'Gateway' && p.target !== 'ListenerSet') continue;
      const target = parentTarget(p, view);
      pic.node(target);
      const accepted = p.computed.find((c) => c.type === 'Accepted');
      pic.edge({
        from: target.id,
        to: route.id,
        label: accepted?.reason ?? (p.gateway === null ? 'not found' : undefined),
        status: p.disagreements.length > 0 ? 'warning' : 'error',
        dashed: true,
      });
    }
    addRoute(pic, route);
  }
  return { nodes: [...pic.nodes.values()], edges: pic.edges };
}

function classAccepted(conditions: Array<{ type: string; status: string }>): Status {
  const accepted = conditions.find((c) => c.type === 'Accepted');
  if (!accepted) return 'unknown';
  return accepted.status === 'True' ? 'ok' : accepted.status === 'False' ? 'error' : 'unknown';
}

/** The node a parentRef points at: a listener by sectionName, else the gateway itself. */
function parentTarget(p: ParentEvaluation, view: GraphView): PicNode {
  const id = `${p.parentRef.kind}/${p.parentRef.namespace}/${p.parentRef.name}`;
  const gw = view.gateways.find((g) => g.id === id);
  const listener = gw?.listeners.find((l) => l.name === p.parentRef.sectionName);
  if (listener) return { id: listener.id, lines: [], status: 'unknown', dangling: false };
  return {
    id,
    lines: [p.parentRef.kind, `${p.parentRef.namespace}/${p.parentRef.name}`, ...(p.gateway === null ? ['(not found)'] : [])],
    status: p.gateway === null ? 'error' : 'unknown',
    dangling: p.gateway === null,
  };
}

function addListener(pic: PictureBuilder, l: GraphListener, gw: GraphGateway, view: GraphView): void {
  const status = conditionLine(['Accepted', 'Programmed'], l.computed, l.reported, l.disagreements).status;
  pic.node({
    id: l.id,
    lines: [`Listener ${l.name}`, [`${l.protocol} :${l.port}`, l.hostname, l.tlsMode].filter(Boolean).join(' ')],
    status,
    dangling: false,
  });
  pic.edge({ from: gw.id, to: l.id, status, dashed: false });
  for (const id of l.routes) {
    const route = view.route(id);
    if (!route) continue;
    const parent = route.parents.find((p) => p.attachedListeners.includes(l.id));
    const line = parent
      ? conditionLine(['Accepted', 'ResolvedRefs'], parent.computed, parent.reported, parent.disagreements)
      : { status: 'unknown' as Status };
    pic.edge({ from: l.id, to: route.id, status: line.status, dashed: false });
    addRoute(pic, route);
  }
}

function routeStatus(route: GraphRoute): Status {
  const lines = route.parents.map(
    (p) => conditionLine(['Accepted', 'ResolvedRefs'], p.computed, p.reported, p.disagreements).status,
  );
  if (!route.attached) return lines.includes('warning') ? 'warning' : 'error';
  return worst(lines);
}

/** The route with its rules and backends, once however many listeners it hangs under. */
function addRoute(pic: PictureBuilder, route: GraphRoute): void {
  if (pic.nodes.has(route.id)) return;
  pic.node({
    id: route.id,
    lines: [route.kind, `${route.namespace}/${route.name}`, ...route.hostnames],
    status: routeStatus(route),
    dangling: false,
  });
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
      const backend = backendNode(b);
      pic.node(backend);
      pic.edge({
        from: ruleId,
        to: backend.id,
        label: `weight ${b.ref.weight}`,
        status: b.resolved === true ? 'ok' : b.resolved === false ? 'error' : 'unknown',
        dashed: b.resolved === false,
      });
    }
  }
}

function backendNode(b: BackendEdge): PicNode {
  const { ref } = b;
  const id = `${ref.kind}/${ref.namespace}/${ref.name}${ref.port !== undefined ? `:${ref.port}` : ''}`;
  const lines = [ref.kind, `${ref.namespace}/${ref.name}${ref.port !== undefined ? `:${ref.port}` : ''}`];
  let status: Status = 'unknown';
  if (b.resolved === false) {
    lines.push(b.reason);
    status = 'error';
  } else if (b.endpoints) {
    const e = b.endpoints;
    lines.push(e.total === 0 ? 'no endpoints' : `${e.ready}/${e.total} ready`);
    status = e.total === 0 || e.ready === 0 ? 'error' : e.ready < e.total ? 'warning' : 'ok';
  } else if (b.endpointsUnknown) {
    lines.push('endpoints unknown');
  } else if (b.resolved === true) {
    status = 'ok';
  }
  return { id, lines, status, dangling: b.resolved === false && b.reason === 'BackendNotFound' };
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
  out.push('}');
  return out.join('\n') + '\n';
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

export function renderMermaid(graph: Graph, filter: GraphFilter = {}): string {
  const pic = picture(graph, filter);
  // Mermaid ids must be plain words; number the nodes in their (stable) order.
  const ids = new Map(pic.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['flowchart LR'];
  for (const n of pic.nodes) {
    out.push(`  ${ids.get(n.id)}["${n.lines.map(mermaidText).join('<br/>')}"]`);
  }
  for (const e of pic.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    const label = e.label ? `|"${mermaidText(e.label)}"|` : '';
    out.push(`  ${ids.get(e.from)} ${arrow}${label} ${ids.get(e.to)}`);
  }
  for (const status of ['ok', 'error', 'warning', 'unknown'] as Status[]) {
    out.push(`  classDef ${status} stroke:${COLORS[status]},stroke-width:2px`);
  }
  out.push('  classDef dangling stroke-dasharray:5 5');
  for (const status of ['ok', 'error', 'warning', 'unknown'] as Status[]) {
    const members = pic.nodes.filter((n) => n.status === status).map((n) => ids.get(n.id));
    if (members.length > 0) out.push(`  class ${members.join(',')} ${status}`);
  }
  const dangling = pic.nodes.filter((n) => n.dangling).map((n) => ids.get(n.id));
  if (dangling.length > 0) out.push(`  class ${dangling.join(',')} dangling`);
  for (const status of ['ok', 'error', 'warning', 'unknown'] as Status[]) {
    const indices = pic.edges.flatMap((e, i) => (e.status === status ? [i] : []));
    if (indices.length > 0) out.push(`  linkStyle ${indices.join(',')} stroke:${COLORS[status]}`);
  }
  return out.join('\n') + '\n';
}
