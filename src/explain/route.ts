// `explain route`: everything the graph knows about one route, as data (the stable -o json
// shape documented in docs/output-schema.md). The prose is rendered by src/render/explain.ts.
import type { Finding } from '../model/finding.js';
import type { ComputedCondition, Graph, GraphRoute, MeshBinding, ParentEvaluation, RuleReachability, UndecidedCondition } from '../model/graph.js';
import type { RoutePolicy } from '../policies/attachments.js';
import type { Condition, KubeEvent, RouteKind } from '../model/objects.js';
import { UserError } from '../model/errors.js';
import { coverageGap, routeResource } from '../model/snapshot.js';
import { EXIT } from '../cli/exit-codes.js';
import { notFoundError } from '../findings/suggest.js';
import { describeUndecided } from '../spec/status-comparison.js';
import { eventSummaries, type EventSummary } from './events.js';

export interface RouteExplanation {
  route: { kind: RouteKind; namespace: string; name: string };
  /** Set when routes of other kinds share the name: which ones, and how to pick. */
  ambiguity?: string;
  hostnames: string[];
  parents: Array<{
    parentRef: ParentEvaluation['parentRef'];
    target: ParentEvaluation['target'];
    gateway: string | null;
    listeners: Array<{ name: string; accepted: boolean; reason: string; message: string }>;
    computed: { conditions: ComputedCondition[] };
    reported: { controllerName?: string; conditions: Condition[]; observedGeneration?: number; stale: boolean } | null;
    agrees: boolean;
    disagreements: string[];
    /** Conditions the spec could not decide (something could not be read), with the controller's
     *  condition as the best available fact. */
    undecided?: UndecidedCondition[];
    /** Service parents (GAMMA mesh, GEP-1426): the binding computed. */
    mesh?: MeshBinding;
  }>;
  backends: Array<{
    rule: number;
    ref: GraphRoute['rules'][number]['backends'][number]['ref'];
    resolved: boolean | null;
    reason: string;
    message: string;
    readyEndpoints: number | null;
    totalEndpoints: number | null;
    endpointsUnknown?: string;
  }>;
  /** reachable, shadowedBy, reasons and on: for HTTPRoutes and GRPCRoutes attached to an HTTP or HTTPS listener. */
  rules: Array<{ index: number; name?: string; summary: string } & Partial<RuleReachability>>;
  /** Every policy on the route's path: on the route, its rules, the Gateways and listeners it
   *  attached to, their GatewayClass, its Namespace and its backend Services. */
  policies: RoutePolicy[];
  findings: Finding[];
  events: EventSummary[];
  /** One closing sentence: attached or not, serving or not. */
  verdict: string;
  /** What this answer could not decide for want of a read, one sentence each; absent when
   *  complete. The command exits 3 when it is present and nothing failed. */
  incomplete?: string[];
}

const KIND_ORDER: RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

/** Finds the route by name, preferring --kind, else HTTPRoute first; says when the name is ambiguous. */
export function findRoute(graph: Graph, namespace: string, name: string, kind?: RouteKind): { route: GraphRoute; ambiguity?: string } {
  const named = graph.routes
    .filter((r) => r.namespace === namespace && r.name === name)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const pick = kind ? named.find((r) => r.kind === kind) : named[0];
  if (!pick) {
    const what = kind ?? 'route';
    // Absent from what could not be read is unknown: say so, and exit "incomplete", not "not found".
    const gaps = (kind ? [kind] : KIND_ORDER)
      .map((k) => routeResource(k))
      .filter((r) => graph.coverage[r] !== undefined)
      .map((r) => coverageGap(graph.coverage[r], r, { namespace, name }))
      .filter((g): g is string => g !== null && g !== 'not in the given files');
    if (gaps.length > 0) {
      throw new UserError(`cannot tell whether ${what} "${name}" exists in namespace "${namespace}": ${gaps[0]}`, { exitCode: EXIT.incomplete });
    }
    const otherKinds = named.map((r) => r.kind);
    if (otherKinds.length) {
      throw new UserError(`${kind} "${name}" not found in namespace "${namespace}"`, {
        hint: `A ${otherKinds.join(' and a ')} named ${name} exists: drop --kind or use --kind ${otherKinds[0].replace('Route', '').toLowerCase()}.`,
      });
    }
    throw notFoundError(kind ?? 'route', namespace, name, graph.routes.filter((r) => !kind || r.kind === kind));
  }
  const others = named.filter((r) => r !== pick);
  const ambiguity = others.length
    ? `${others.map((r) => r.kind).join(' and ')} ${name} also exist${others.length === 1 ? 's' : ''} in ${namespace}; showing the ${pick.kind} (choose with --kind ${others[0].kind.replace('Route', '').toLowerCase()})`
    : undefined;
  return { route: pick, ambiguity };
}

export function explainRoute(
  graph: Graph,
  route: GraphRoute,
  findings: Finding[],
  events: KubeEvent[],
  ambiguity?: string,
  policies: RoutePolicy[] = [],
): RouteExplanation {
  const mine = findings.filter((f) => f.subject.kind === route.kind && f.subject.namespace === route.namespace && f.subject.name === route.name);
  const backends = route.rules.flatMap((rule) =>
    rule.backends.map((b) => ({
      rule: rule.index,
      ref: b.ref,
      resolved: b.resolved,
      reason: b.reason,
      message: b.message,
      readyEndpoints: b.endpoints ? b.endpoints.ready : null,
      totalEndpoints: b.endpoints ? b.endpoints.total : null,
      ...(b.endpointsUnknown ? { endpointsUnknown: b.endpointsUnknown } : {}),
    })),
  );
  return {
    route: { kind: route.kind, namespace: route.namespace, name: route.name },
    ...(ambiguity ? { ambiguity } : {}),
    hostnames: route.hostnames,
    parents: route.parents.map((p) => ({
      parentRef: p.parentRef,
      target: p.target,
      gateway: p.gateway,
      listeners: p.listeners.map((l) => ({ name: l.name, accepted: l.accepted, reason: l.reason, message: l.message })),
      computed: { conditions: p.computed },
      reported: p.reported
        ? {
            controllerName: p.reported.controllerName,
            conditions: p.reported.conditions,
            observedGeneration: p.reported.observedGeneration,
            stale: p.reported.stale,
          }
        : null,
      agrees: p.agrees,
      disagreements: p.disagreements.map((d) => d.message),
      ...(p.undecided ? { undecided: p.undecided } : {}),
      ...(p.mesh ? { mesh: p.mesh } : {}),
    })),
    backends,
    rules: route.rules.map((r) => ({ index: r.index, ...(r.name ? { name: r.name } : {}), summary: r.summary, ...(r.reachability ?? {}) })),
    policies,
    findings: mine,
    events: eventSummaries(events),
    verdict: routeVerdict(route, mine),
    ...incompleteness(route),
  };
}

/** A gap in what was read, as the graph words it (not ExternalName, not "not in the given files"). */
export function readGap(text: string | undefined): boolean {
  return !!text && /^(unknown \(|forbidden:|error:|cannot )|not read\)?$/.test(text);
}

function incompleteness(route: GraphRoute): Pick<RouteExplanation, 'incomplete'> {
  const out = new Set<string>();
  for (const p of route.parents) for (const u of p.undecided ?? []) out.add(`parentRef ${p.index}: ${u.type}: ${u.message}`);
  for (const rule of route.rules) {
    for (const b of [...rule.backends, ...(rule.mirrors ?? [])]) {
      if (b.resolved === null && b.reason === 'Unknown') out.add(`rule ${rule.index}: ${b.message}`);
      else if (readGap(b.endpointsUnknown)) out.add(`rule ${rule.index}: endpoints of ${b.ref.namespace}/${b.ref.name}: ${b.endpointsUnknown}`);
    }
  }
  return out.size > 0 ? { incomplete: [...out] } : {};
}

function routeVerdict(route: GraphRoute, findings: Finding[]): string {
  const gatewayParents = route.parents.filter((p) => p.target === 'Gateway' || p.target === 'ListenerSet');
  const attachedTo = gatewayParents.filter((p) => p.attachedListeners.length > 0);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const problems = errors || warnings ? ` ${plural(errors, 'error')}, ${plural(warnings, 'warning')} below.` : '';
  const mesh = route.parents.filter((p) => p.mesh);
  if (gatewayParents.length === 0 && mesh.length > 0) {
    const bound = mesh.filter((p) => p.computed.find((c) => c.type === 'Accepted')?.status === 'True');
    if (bound.length === 0) return `${route.kind} ${route.namespace}/${route.name} binds to no mesh Service: it configures no traffic.${problems}`;
    const to = bound
      .map((p) => `Service ${p.mesh!.service} (${p.mesh!.role === 'producer' ? 'producer route: for clients in every namespace' : `consumer route: for clients in ${p.mesh!.clients} only`})`)
      .join('; ');
    const partial = bound.length < mesh.length ? ` ${mesh.length - bound.length} of its Service parentRefs did not bind.` : '';
    return `${route.kind} ${route.namespace}/${route.name} configures mesh traffic to ${to}.${partial}${problems}`;
  }
  if (gatewayParents.length === 0) return `${route.kind} ${route.namespace}/${route.name} has no Gateway parent: nothing to attach to.${problems}`;
  const undecided = gatewayParents.filter((p) => p.computed.find((c) => c.type === 'Accepted')?.status === 'Unknown');
  if (attachedTo.length === 0 && undecided.length > 0) {
    const controller = undecided
      .map((p) => p.undecided?.find((u) => u.type === 'Accepted'))
      .filter((u): u is UndecidedCondition => !!u)
      .map(describeUndecided);
    const fact = controller.length > 0 ? ` Best available fact: ${[...new Set(controller)].join('; ')}.` : '';
    return `${route.kind} ${route.namespace}/${route.name}: whether it is attached cannot be decided, because what it needs could not be read.${fact}${problems}`;
  }
  if (attachedTo.length === 0) return `${route.kind} ${route.namespace}/${route.name} is NOT attached: it serves no traffic.${problems}`;
  const where = attachedTo.map((p) => `${p.gateway} (${p.attachedListeners.map((l) => l.split('#')[1]).join(', ')})`).join('; ');
  const partial = attachedTo.length < gatewayParents.length ? ` ${gatewayParents.length - attachedTo.length} of its parentRefs did not attach.` : '';
  const unreachable = route.rules.length > 0 && route.rules.every((r) => r.reachability?.reachable === 'no');
  const served = unreachable ? ', but no request reaches it: rules that rank first take every request its rules match' : '';
  return `${route.kind} ${route.namespace}/${route.name} is attached to ${where}${served}.${partial}${problems}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
