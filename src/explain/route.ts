// `explain route`: everything the graph knows about one route, as data (the stable -o json
// shape documented in docs/output-schema.md). The prose is rendered by src/render/explain.ts.
import type { Finding } from '../model/finding.js';
import type { ComputedCondition, Graph, GraphRoute, ParentEvaluation, RuleReachability } from '../model/graph.js';
import type { RoutePolicy } from '../policies/attachments.js';
import type { Condition, KubeEvent, RouteKind } from '../model/objects.js';
import { UserError } from '../model/errors.js';
import { didYouMean } from '../findings/suggest.js';
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
    const elsewhere = graph.routes.filter((r) => r.name === name && (!kind || r.kind === kind)).map((r) => `${r.namespace}`);
    const inNs = graph.routes.filter((r) => r.namespace === namespace && (!kind || r.kind === kind)).map((r) => r.name);
    const guess = didYouMean(name, inNs);
    const otherKinds = named.map((r) => r.kind);
    const hint = otherKinds.length
      ? `A ${otherKinds.join(' and a ')} named ${name} exists: drop --kind or use --kind ${otherKinds[0].replace('Route', '').toLowerCase()}.`
      : elsewhere.length
        ? `A route named ${name} exists in namespace ${[...new Set(elsewhere)].join(', ')}: add -n ${elsewhere[0]}.`
        : guess
          ? `Did you mean ${guess}?`
          : inNs.length
            ? `Routes in ${namespace}: ${inNs.slice(0, 10).join(', ')}${inNs.length > 10 ? ', ...' : ''}`
            : undefined;
    throw new UserError(`${what} "${name}" not found in namespace "${namespace}"`, { hint });
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
    })),
    backends,
    rules: route.rules.map((r) => ({ index: r.index, ...(r.name ? { name: r.name } : {}), summary: r.summary, ...(r.reachability ?? {}) })),
    policies,
    findings: mine,
    events: eventSummaries(events),
    verdict: routeVerdict(route, mine),
  };
}

function routeVerdict(route: GraphRoute, findings: Finding[]): string {
  const gatewayParents = route.parents.filter((p) => p.target === 'Gateway' || p.target === 'ListenerSet');
  const attachedTo = gatewayParents.filter((p) => p.attachedListeners.length > 0);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const problems = errors || warnings ? ` ${plural(errors, 'error')}, ${plural(warnings, 'warning')} below.` : '';
  if (gatewayParents.length === 0) return `${route.kind} ${route.namespace}/${route.name} has no Gateway parent: nothing to attach to.${problems}`;
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
