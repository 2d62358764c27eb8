// The `tree` view, the kubectl-tree way (ahmetb/kubectl-tree cmd/kubectl-tree/tree.go): the tree
// prefixes go in the NAME column of a borderless table, so STATUS and DETAILS line up on every
// row whatever the depth. One row per node:
//   Gateway -> Listener -> Route -> rule -> backend -> endpoints
// then the routes attached to no listener, each with why.
import type {
  BackendEdge,
  EndpointCounts,
  GraphGateway,
  GraphGatewayClass,
  GraphListener,
  GraphRoute,
  GraphRule,
  Graph,
  ParentEvaluation,
  PolicyAttachment,
} from '../model/graph.js';
import { coverageDenied, type Coverage, type ResourceName } from '../model/snapshot.js';
import { policySummary } from './policies.js';
import { conditionLine, describeDisagreement } from './conditions.js';
import { mark, statusText, worst, type Status } from './style.js';
import { renderTable } from './table.js';
import { wrapLine } from './text.js';
import { selectView, type GraphFilter, type GraphView } from './view.js';
import { leafCertificate } from '../snapshot/certificates.js';
import { classUnclaimed } from '../spec/gateway-class.js';
import { describeUndecided } from '../spec/status-comparison.js';

export interface TreeOptions extends GraphFilter {
  /** -o wide: endpoint addresses, certificates, allowed namespaces, policies, controller names. */
  wide?: boolean;
  /** The terminal's width, to wrap DETAILS to; absent off a terminal (each row on one line). */
  width?: number;
}

interface TreeNode {
  name: string;
  /** Already rendered: mark and words, coloured. Empty for nodes without a status (rules). */
  status: string;
  details: string;
  children: TreeNode[];
}

export const UNATTACHED_HEADING = 'Routes attached to no listener:';
export const OTHER_PARENTS_HEADING = 'Routes whose parents are not Gateways (GAMMA mesh Services, other routes, other kinds):';
export const UNDECIDED_HEADING = 'Routes whose attachment cannot be decided (what they need could not be read):';

/**
 * The tree, then the routes attached to no listener and those whose parents are not Gateways;
 * the empty string when the view holds none of them (the command then says so on stderr, as
 * kubectl does: see emptyMessage).
 */
export function renderTree(graph: Graph, opts: TreeOptions = {}): string {
  const view = selectView(graph, opts);
  const blocks: string[] = [];
  if (view.gateways.length > 0) {
    const rows: string[][] = [];
    const continuation: string[] = [];
    for (const gw of view.gateways) flatten(gatewayNode(gw, view, opts), rows, continuation);
    blocks.push(renderTable(['NAME', 'STATUS', 'DETAILS'], rows, { width: opts.width, continuation }));
  }
  if (view.unattached.length > 0) blocks.push(unattachedSection(view, opts.width));
  if (view.otherParents.length > 0) {
    const mesh = meshSection(view, opts);
    if (mesh) blocks.push(mesh);
    const others = otherParentsSection(view, opts);
    if (others) blocks.push(others);
  }
  return blocks.length > 0 ? blocks.join('\n\n') + '\n' : '';
}

/** kubectl's sentence for an empty answer (for stderr; stdout stays empty). */
export function emptyMessage(filter: GraphFilter = {}): string {
  const namespaces = filter.namespaces ?? null;
  if (namespaces === null || namespaces.length !== 1) return 'No resources found';
  return `No resources found in ${namespaces[0]} namespace.`;
}

/**
 * One sentence per resource the run could not read, for the command to print as a warning:
 * what is missing from the tree is then unknown, not absent.
 */
export function coverageNotes(coverage: Partial<Record<ResourceName, Coverage>>): string[] {
  const notes: string[] = [];
  for (const [resource, c] of Object.entries(coverage) as Array<[ResourceName, Coverage]>) {
    if (c.state === 'forbidden') notes.push(`cannot read ${resource} (forbidden): ${c.message}`);
    else if (c.state === 'error') notes.push(`cannot read ${resource}: ${c.message}`);
    else if (c.state === 'partial' && coverageDenied(c)) notes.push(`cannot read all ${resource}: ${coverageDenied(c)}`);
  }
  return notes;
}

/**
 * One row per node, depth first, with the tree prefixes in the NAME cell; and per row the guides
 * its continuation lines carry when DETAILS wraps, so the lines to its siblings and children run
 * on unbroken. Iterative: the work is linear in the nodes, the stack depth constant.
 */
function flatten(root: TreeNode, rows: string[][], continuation: string[]): void {
  const stack: Array<{ node: TreeNode; prefix: string; childPrefix: string }> = [{ node: root, prefix: '', childPrefix: '' }];
  while (stack.length > 0) {
    const { node, prefix, childPrefix } = stack.pop()!;
    rows.push([prefix + node.name, node.status, node.details]);
    continuation.push(childPrefix + (node.children.length > 0 ? '│  ' : '   '));
    for (let i = node.children.length - 1; i >= 0; i--) {
      const last = i === node.children.length - 1;
      stack.push({
        node: node.children[i],
        prefix: childPrefix + (last ? '└─ ' : '├─ '),
        childPrefix: childPrefix + (last ? '   ' : '│  '),
      });
    }
  }
}

function details(...parts: Array<string | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---- Gateway ----

function gatewayNode(gw: GraphGateway, view: GraphView, opts: TreeOptions): TreeNode {
  const line = conditionLine(['Accepted', 'Programmed'], gw.computed, gw.reported, gw.disagreements);
  const cls = classState(gw, view.gatewayClass(gw.gatewayClass), opts.wide);
  const status = line.disagrees ? 'warning' : worst([line.status, cls.status]);
  const addresses =
    gw.addresses.length === 0
      ? 'no address'
      : `${gw.addresses.length === 1 ? 'address' : 'addresses'} ${gw.addresses.join(', ')}`;
  return {
    name: `Gateway/${gw.namespace}/${gw.name}`,
    status: statusText(status, line.text),
    details: details(cls.text, addresses, ...line.notes, policySummary(gw.policies.filter((p) => !p.sectionName), opts.wide)),
    children: gw.listeners.map((l) => listenerNode(l, view, opts, l.listenerSet ? [] : gw.policies.filter((p) => p.sectionName === l.name))),
  };
}

/** "class eg (accepted)": whether the GatewayClass exists and a controller has accepted it. */
function classState(
  gw: GraphGateway,
  cls: GraphGatewayClass | undefined,
  wide: boolean | undefined,
): { status: Status; text: string } {
  const controller = wide && cls?.controllerName ? `, controller ${cls.controllerName}` : '';
  if (!cls || !cls.exists) return { status: 'error', text: `class ${gw.className} (not found)` };
  // No status at all, or only the default the API server writes (Accepted=Unknown Pending): no
  // running controller claims spec.controllerName. The same fact check reports as GC002 (error).
  if (cls.reported === null || classUnclaimed(cls.computed)) return { status: 'error', text: `class ${cls.name} (unclaimed${controller})` };
  const accepted =
    cls.computed.find((c) => c.type === 'Accepted') ?? cls.reported.conditions.find((c) => c.type === 'Accepted');
  if (!accepted) return { status: 'unknown', text: `class ${cls.name} (no Accepted condition${controller})` };
  if (accepted.status === 'True') return { status: 'ok', text: `class ${cls.name} (accepted${controller})` };
  if (accepted.status === 'False') {
    return { status: 'error', text: `class ${cls.name} (not accepted: ${accepted.reason}${controller})` };
  }
  return { status: 'unknown', text: `class ${cls.name} (${accepted.reason}${controller})` };
}


// ---- Listener ----

function listenerNode(l: GraphListener, view: GraphView, opts: TreeOptions, listenerPolicies: PolicyAttachment[] = []): TreeNode {
  const line = conditionLine(['Accepted', 'Programmed'], l.computed, l.reported, l.disagreements);
  const statuses: Status[] = [line.status];
  const { computed, reported } = l.attachedRoutes;
  let routes = plural(computed, 'route');
  if (reported !== null && reported !== computed) {
    routes += ` (controller counts ${reported})`;
    statuses.push('warning');
  }
  const certs = certificateNotes(l, opts.wide);
  statuses.push(...certs.map((c) => c.status));
  const status = line.disagrees ? 'warning' : worst(statuses);
  const name = l.listenerSet ? `Listener/${l.listenerSet}#${l.name}` : `Listener/${l.name}`;
  return {
    name,
    status: statusText(status, line.text),
    details: details(
      `${l.protocol} :${l.port}`,
      l.hostname && `host ${l.hostname}`,
      l.tlsMode,
      routes,
      opts.wide && `from ${l.allowedNamespaces}`,
      ...line.notes,
      ...certs.map((c) => c.text),
      policySummary(listenerPolicies, opts.wide),
    ),
    children: l.routes.flatMap((id) => {
      const route = view.route(id);
      return route ? [routeNode(route, l, opts)] : [];
    }),
  };
}

function certificateNotes(l: GraphListener, wide: boolean | undefined): Array<{ status: Status; text: string }> {
  return l.certificates.flatMap((c) => {
    const ref = `certificate ${c.ref.namespace}/${c.ref.name}`;
    if (c.resolved === false) return [{ status: 'error' as Status, text: `${ref}: ${c.message || c.reason}` }];
    if (c.resolved === null) return [{ status: 'unknown' as Status, text: `${ref} unknown (${c.message || c.reason})` }];
    if (c.expired === true) {
      const notAfter = leafCertificate(c.certificates)?.notAfter;
      return [{ status: 'error' as Status, text: `${ref} expired${notAfter ? ` (notAfter ${notAfter})` : ''}` }];
    }
    if (c.coversHostname === false) {
      return [{ status: 'warning' as Status, text: `${ref} does not cover ${l.hostname ?? 'the listener hostname'}` }];
    }
    return wide ? [{ status: 'ok' as Status, text: ref }] : [];
  });
}

// ---- Route ----

function routeNode(route: GraphRoute, l: GraphListener, opts: TreeOptions): TreeNode {
  const parent = route.parents.find((p) => p.attachedListeners.includes(l.id));
  const line = parent
    ? conditionLine(['Accepted', 'ResolvedRefs'], parent.computed, parent.reported, parent.disagreements)
    : { status: 'unknown' as Status, text: 'no status', notes: [], disagrees: false };
  const effective = parent?.effectiveHostnames[l.id] ?? [];
  const hostnames = effective.length > 0 ? effective : route.hostnames;
  return {
    name: `${route.kind}/${route.namespace}/${route.name}`,
    status: statusText(line.status, line.text),
    details: details(
      hostnames.length > 0 && `${hostnames.length === 1 ? 'hostname' : 'hostnames'} ${hostnames.join(', ')}`,
      ...line.notes,
      // What the spec could not decide: the controller's word is the best available fact.
      ...(parent?.undecided ?? []).map((u) => `${u.type} unknown; ${describeUndecided(u)}`),
      opts.wide && parent?.reported === null && 'no status from the controller for this parentRef',
      policySummary(route.policies.filter((p) => !p.sectionName), opts.wide),
    ),
    children: route.rules.map((rule) => ruleNode(rule, opts, route.policies.filter((p) => rule.name && p.sectionName === rule.name), l)),
  };
}

/** A rule gets a status only when requests cannot reach it on this listener (src/spec/reachability.ts). */
function ruleReachability(rule: GraphRule, l: GraphListener): { status: string; note: string } | null {
  const here = rule.reachability?.on.filter((o) => o.listener === l.id) ?? [];
  const reason = here.find((o) => o.reason)?.reason;
  if (here.length === 0 || !reason) return null;
  if (here.every((o) => o.reachable === 'no')) return { status: statusText('error', 'unreachable'), note: reason };
  if (here.some((o) => o.reachable === 'unknown')) return { status: statusText('unknown', 'reachable?'), note: reason };
  return { status: statusText('warning', 'partly reachable'), note: reason };
}

/** `l`: the listener the rule is shown under, whose reachability verdict it carries. */
function ruleNode(rule: GraphRule, opts: TreeOptions, rulePolicies: PolicyAttachment[] = [], l?: GraphListener): TreeNode {
  const reach = l ? ruleReachability(rule, l) : null;
  return {
    name: `rule #${rule.index}`,
    status: reach?.status ?? '',
    details: details(rule.name ? `${rule.name}: ${rule.summary}` : rule.summary, reach?.note, policySummary(rulePolicies, opts.wide)),
    children: [
      ...rule.backends.map((b) => backendNode(b, opts)),
      ...(rule.mirrors ?? []).map((b) => backendNode(b, opts, true)),
    ],
  };
}

// ---- Backend and endpoints ----

function backendLabel(ref: BackendEdge['ref']): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}${ref.port !== undefined ? `:${ref.port}` : ''}`;
}

/** A mirror is a reference like a backend, but takes a copy of the traffic, not a share. */
function backendNode(b: BackendEdge, opts: TreeOptions, mirror = false): TreeNode {
  let status: string;
  if (b.resolved === true) status = statusText('ok', 'found');
  else if (b.resolved === false) status = statusText('error', b.reason);
  else status = statusText('unknown', b.reason === 'NotChecked' ? 'not checked' : 'unknown');
  const svc = b.service;
  const children: TreeNode[] = [];
  if (b.endpoints !== null || b.endpointsUnknown !== undefined) children.push(endpointsNode(b, opts));
  return {
    name: `${mirror ? 'mirror ' : ''}${backendLabel(b.ref)}`,
    status,
    details: details(
      !mirror && (b.ref.weight === 0 ? 'weight 0 (no traffic)' : `weight ${b.ref.weight}`),
      b.resolved !== true && b.message,
      opts.wide && svc?.targetPort !== undefined && `targetPort ${svc.targetPort}`,
      opts.wide && svc?.appProtocol && `appProtocol ${svc.appProtocol}`,
      policySummary(b.policies ?? [], opts.wide),
    ),
    children,
  };
}

function endpointsNode(b: BackendEdge, opts: TreeOptions): TreeNode {
  const e = b.endpoints;
  if (e === null) {
    // Not readable is not the same as none: never print 0/0 or "missing" here.
    return { name: 'endpoints', status: statusText('unknown', 'unknown'), details: `(${b.endpointsUnknown})`, children: [] };
  }
  return {
    name: 'endpoints',
    status: statusText(endpointStatus(e), e.total === 0 ? 'none' : `${e.ready}/${e.total} ready`),
    details: details(e.terminating > 0 && `${e.terminating} terminating`, opts.wide && addresses(e)),
    children: [],
  };
}

function endpointStatus(e: EndpointCounts): Status {
  if (e.total === 0 || e.ready === 0) return 'error';
  return e.ready < e.total ? 'warning' : 'ok';
}

function addresses(e: EndpointCounts): string {
  return e.addresses
    .map((a) => `${a.address}${a.pod ? ` (${a.pod})` : ''}${a.ready ? '' : ' not ready'}`)
    .join(', ');
}

// ---- Routes attached to nothing ----

function unattachedSection(view: GraphView, width: number | undefined): string {
  const lines = [UNATTACHED_HEADING];
  const undecidedLines = [UNDECIDED_HEADING];
  for (const u of view.unattached) {
    const route = view.route(u.route);
    const parents = route?.parents ?? [];
    const disagreements = parents.flatMap((p) => p.disagreements).map(describeDisagreement);
    // Not attached because something is missing from what could be read is unknown, not an error.
    const unknown =
      parents.length > 0 &&
      parents.every((p) => p.computed.find((c) => c.type === 'Accepted')?.status === 'Unknown');
    const status: Status = disagreements.length > 0 ? 'warning' : unknown ? 'unknown' : 'error';
    const name = route ? `${route.kind}/${route.namespace}/${route.name}` : u.route;
    const said = disagreements.length > 0 ? `: ${disagreements.join('; ')}` : '';
    // A parent that could not be read may well hold the route: it is not "attached to no listener".
    const undecided = parents.some((p) => p.undecided?.some((x) => x.type === 'Accepted'));
    const into = undecided ? undecidedLines : lines;
    into.push(...wrapLine(`  ${mark(undecided ? 'unknown' : status)} `, `${name}${said}`, '    ', width));
    for (const reason of u.reasons) into.push(...wrapLine('      ', reason, '        ', width));
  }
  return [lines, undecidedLines]
    .filter((l) => l.length > 1)
    .map((l) => l.join('\n'))
    .join('\n\n');
}

// ---- Routes whose parents are not Gateways ----

/** "Service store/store port 80", "HTTPRoute store/parent", "example.io/Mesh default/m". */
function parentLabel(p: ParentEvaluation): string {
  const ref = p.parentRef;
  const kind = ref.group === '' || ref.group === 'gateway.networking.k8s.io' ? ref.kind : `${ref.group}/${ref.kind}`;
  return `parent ${kind} ${ref.namespace}/${ref.name}${ref.sectionName ? ` sectionName ${ref.sectionName}` : ''}${ref.port ? ` port ${ref.port}` : ''}`;
}

function parentNode(p: ParentEvaluation): TreeNode {
  const what =
    p.target === 'Service'
      ? 'GAMMA mesh parent'
      : p.parentRef.kind.endsWith('Route')
        ? 'route delegation or implementation-specific parent'
        : 'implementation-specific parent kind';
  if (p.computed.length === 0 && p.reported === null) {
    return { name: parentLabel(p), status: statusText('unknown', 'not checked'), details: `${what}; no status from a controller`, children: [] };
  }
  const line = conditionLine(['Accepted', 'ResolvedRefs'], p.computed, p.reported, p.disagreements);
  const who = p.reported?.controllerName ? `reported by ${p.reported.controllerName}` : p.reported ? 'reported by the controller' : '';
  return {
    name: parentLabel(p),
    status: statusText(line.disagrees ? 'warning' : line.status, line.text),
    details: details(what, p.computed.length === 0 && who && `${who} (not checked by kubectl-gw)`, ...line.notes),
    children: [],
  };
}

/**
 * The routes no listener holds because their parentRefs name Services (GAMMA), other routes or
 * other kinds: each with those parents, then its rules and backends, as in the tree.
 */
function otherParentsSection(view: GraphView, opts: TreeOptions): string {
  const rows: string[][] = [];
  const continuation: string[] = [];
  for (const entry of view.otherParents) {
    const route = view.route(entry.route);
    if (!route) continue;
    // Service parents the mesh section shows (computed) are left to it.
    const parents = entry.parents
      .map((i) => route.parents[i])
      .filter((p): p is ParentEvaluation => p !== undefined && !(p.target === 'Service' && p.mesh));
    if (parents.length === 0) continue;
    const node: TreeNode = {
      name: `${route.kind}/${route.namespace}/${route.name}`,
      status: '',
      details: details(
        route.hostnames.length > 0 && `${route.hostnames.length === 1 ? 'hostname' : 'hostnames'} ${route.hostnames.join(', ')}`,
        route.attached && 'also attached to a Gateway (shown in the tree above)',
        policySummary(route.policies.filter((p) => !p.sectionName), opts.wide),
      ),
      children: [
        ...parents.map(parentNode),
        ...route.rules.map((rule) => ruleNode(rule, opts, route.policies.filter((p) => rule.name && p.sectionName === rule.name))),
      ],
    };
    flatten(node, rows, continuation);
  }
  if (rows.length === 0) return '';
  return `${OTHER_PARENTS_HEADING}\n${renderTable(['NAME', 'STATUS', 'DETAILS'], rows, { width: opts.width, continuation })}`;
}

export const MESH_HEADING = 'Mesh (GAMMA): routes bound to Services, under their Service:';

/**
 * GAMMA mesh routes (GEP-1426) under the Service they bind to: the Service (exists, ports), then
 * each route with its computed Accepted/ResolvedRefs (and the mesh controller's, where they
 * differ), producer or consumer, and its rules and backends.
 */
function meshSection(view: GraphView, opts: TreeOptions): string {
  const byService = new Map<string, Array<{ route: GraphRoute; parent: ParentEvaluation }>>();
  for (const entry of view.otherParents) {
    const route = view.route(entry.route);
    if (!route) continue;
    for (const i of entry.parents) {
      const parent = route.parents[i];
      if (parent?.target !== 'Service' || !parent.mesh) continue;
      byService.set(parent.mesh.service, [...(byService.get(parent.mesh.service) ?? []), { route, parent }]);
    }
  }
  if (byService.size === 0) return '';
  const rows: string[][] = [];
  const continuation: string[] = [];
  for (const service of [...byService.keys()].sort()) {
    const bound = byService.get(service)!;
    const mesh = bound[0].parent.mesh!;
    const status =
      mesh.exists === true
        ? statusText(mesh.serviceType === 'headless' || mesh.serviceType === 'ExternalName' ? 'warning' : 'ok', 'found')
        : mesh.exists === false
          ? statusText('error', 'not found')
          : statusText('unknown', 'unknown');
    const node: TreeNode = {
      name: `Service/${service}`,
      status,
      details: details(
        mesh.serviceType && mesh.serviceType !== 'ClusterIP' && mesh.serviceType,
        mesh.servicePorts && `ports ${mesh.servicePorts.join(', ') || 'none'}`,
        plural(bound.length, 'route'),
      ),
      children: bound.map(({ route, parent }) => meshRouteNode(route, parent, opts)),
    };
    flatten(node, rows, continuation);
  }
  return `${MESH_HEADING}\n${renderTable(['NAME', 'STATUS', 'DETAILS'], rows, { width: opts.width, continuation })}`;
}

function meshRouteNode(route: GraphRoute, p: ParentEvaluation, opts: TreeOptions): TreeNode {
  const mesh = p.mesh!;
  const line = conditionLine(['Accepted', 'ResolvedRefs'], p.computed, p.reported, p.disagreements);
  const port = p.parentRef.port !== undefined || p.parentRef.sectionName ? `port ${p.parentRef.port ?? p.parentRef.sectionName}` : 'every port';
  return {
    name: `${route.kind}/${route.namespace}/${route.name}`,
    status: statusText(line.disagrees ? 'warning' : line.status, line.text),
    details: details(
      mesh.role === 'producer' ? 'producer: clients in every namespace' : `consumer: clients in ${mesh.clients} only`,
      port,
      ...line.notes,
      opts.wide && p.reported?.controllerName && `reported by ${p.reported.controllerName}`,
      policySummary(route.policies.filter((x) => !x.sectionName), opts.wide),
    ),
    children: route.rules.map((rule) => ruleNode(rule, opts, route.policies.filter((x) => rule.name && x.sectionName === rule.name))),
  };
}
