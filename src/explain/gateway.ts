// `explain gateway`: class acceptance, addresses, each listener with its conditions, conflicts and
// certificate facts (never key material), computed vs reported attachedRoutes, and the routes that
// tried to attach and failed, each with its reason.
import type { Finding } from '../model/finding.js';
import type { CertificateEdge, ClientValidationEdge, ComputedCondition, Graph, GraphGateway, PolicyAttachment } from '../model/graph.js';
import type { Condition, KubeEvent } from '../model/objects.js';
import { UserError } from '../model/errors.js';
import { ROUTE_KINDS } from '../model/objects.js';
import { coverageDenied, coverageGap, routeResource } from '../model/snapshot.js';
import { EXIT } from '../cli/exit-codes.js';
import { notFoundError } from '../findings/suggest.js';
import { classUnclaimed } from '../spec/gateway-class.js';
import { eventSummaries, type EventSummary } from './events.js';

export interface GatewayExplanation {
  gateway: { namespace: string; name: string };
  gatewayClass: { name: string; exists: boolean; controllerName: string; claimed: boolean; accepted: string | null };
  addresses: string[];
  computed: { conditions: ComputedCondition[] };
  reported: { conditions: Condition[]; observedGeneration?: number; stale: boolean } | null;
  listeners: Array<{
    name: string;
    /** "ns/name" of the ListenerSet that declares it, when not the Gateway itself. */
    listenerSet?: string;
    protocol: string;
    port: number;
    hostname?: string;
    tlsMode?: string;
    allowedNamespaces: string;
    supportedKinds: string[];
    computed: { conditions: ComputedCondition[] };
    reported: { conditions: Condition[]; attachedRoutes?: number } | null;
    attachedRoutes: { computed: number; reported: number | null };
    routes: string[];
    certificates: Array<Omit<CertificateEdge, 'certificates'> & { certificates: CertificateEdge['certificates'] }>;
    /** Client-certificate validation: where it comes from, its mode, each CA reference (metadata only). */
    clientValidation?: ClientValidationEdge;
    disagreements: string[];
  }>;
  failedRoutes: Array<{ route: string; parentRef: number; reason: string; message: string }>;
  /**
   * GatewayStatus.attachedListenerSets: the ListenerSets whose Accepted is True (computed, null when
   * ListenerSets could not all be read) and the controller's count; absent when no ListenerSet
   * names the Gateway and the controller reports none, as in `tree -o json`.
   */
  attachedListenerSets?: { computed: number | null; reported: number | null };
  /** ListenerSets that name this Gateway, with their own conditions (absent when there are none). */
  listenerSets?: Array<{ namespace: string; name: string; computed: { conditions: ComputedCondition[] }; reported: { conditions: Condition[] } | null; disagreements: string[]; listeners: string[] }>;
  policies: PolicyAttachment[];
  findings: Finding[];
  events: EventSummary[];
  verdict: string;
  /** What this answer could not decide for want of a read; absent when complete (exit 3 otherwise). */
  incomplete?: string[];
}

export function findGateway(graph: Graph, namespace: string, name: string): GraphGateway {
  const gw = graph.gateways.find((g) => g.namespace === namespace && g.name === name);
  if (gw) return gw;
  const gap = coverageGap(graph.coverage.gateways, 'gateways', { namespace, name });
  if (gap && gap !== 'not in the given files') {
    throw new UserError(`cannot tell whether gateway "${name}" exists in namespace "${namespace}": ${gap}`, { exitCode: EXIT.incomplete });
  }
  throw notFoundError('gateway', namespace, name, graph.gateways);
}

export function explainGateway(graph: Graph, gw: GraphGateway, findings: Finding[], events: KubeEvent[]): GatewayExplanation {
  const cls = graph.gatewayClasses.find((c) => c.id === gw.gatewayClass);
  const gwKey = `${gw.namespace}/${gw.name}`;
  const failedRoutes = graph.routes.flatMap((r) =>
    r.parents
      .filter((p) => p.gateway === gwKey && p.attachedListeners.length === 0)
      .map((p) => {
        const accepted = p.computed.find((c) => c.type === 'Accepted');
        return { route: `${r.kind} ${r.namespace}/${r.name}`, parentRef: p.index, reason: accepted?.reason ?? 'Unknown', message: accepted?.message ?? '' };
      }),
  );
  const mine = findings.filter((f) => f.subject.kind === 'Gateway' && f.subject.namespace === gw.namespace && f.subject.name === gw.name);
  const classFindings = findings.filter((f) => f.subject.kind === 'GatewayClass' && f.subject.name === gw.className);
  const accepted = cls?.reported?.conditions.find((c) => c.type === 'Accepted');
  return {
    gateway: { namespace: gw.namespace, name: gw.name },
    gatewayClass: {
      name: gw.className,
      exists: cls?.exists ?? false,
      controllerName: cls?.controllerName ?? '',
      claimed: cls ? !classUnclaimed(cls.computed) : false,
      accepted: accepted ? `${accepted.status} ${accepted.reason}` : null,
    },
    addresses: gw.addresses,
    computed: { conditions: gw.computed },
    reported: gw.reported ? { conditions: gw.reported.conditions, observedGeneration: gw.reported.observedGeneration, stale: gw.reported.stale } : null,
    listeners: gw.listeners.map((l) => ({
      name: l.name,
      ...(l.listenerSet ? { listenerSet: l.listenerSet.replace(/^ListenerSet\//, '') } : {}),
      protocol: l.protocol,
      port: l.port,
      ...(l.hostname ? { hostname: l.hostname } : {}),
      ...(l.tlsMode ? { tlsMode: l.tlsMode } : {}),
      allowedNamespaces: l.allowedNamespaces,
      supportedKinds: l.supportedKinds.map((k) => k.kind),
      computed: { conditions: l.computed },
      reported: l.reported ? { conditions: l.reported.conditions, attachedRoutes: l.reported.attachedRoutes } : null,
      attachedRoutes: l.attachedRoutes,
      routes: l.routes,
      certificates: l.certificates,
      ...(l.clientValidation ? { clientValidation: l.clientValidation } : {}),
      disagreements: l.disagreements.map((d) => d.message),
    })),
    failedRoutes,
    ...(gw.attachedListenerSets ? { attachedListenerSets: gw.attachedListenerSets } : {}),
    ...listenerSetsOf(graph, gwKey),
    policies: gw.policies,
    findings: [...classFindings, ...mine],
    events: eventSummaries(events),
    verdict: gatewayVerdict(gw, failedRoutes.length, [...classFindings, ...mine]),
    ...incompleteness(graph, gw),
  };
}

function incompleteness(graph: Graph, gw: GraphGateway): Pick<GatewayExplanation, 'incomplete'> {
  const out = new Set<string>();
  const undecided = (c: ComputedCondition) => c.status === 'Unknown' && c.reason === 'Unknown';
  for (const c of gw.computed.filter(undecided)) out.add(`${c.type}: ${c.message}`);
  for (const l of gw.listeners) {
    for (const c of l.computed.filter(undecided)) out.add(`listener ${l.name}: ${c.type}: ${c.message}`);
  }
  // attachedRoutes counts every route of every kind that names the Gateway.
  for (const kind of ROUTE_KINDS) {
    const denied = coverageDenied(graph.coverage[routeResource(kind)]);
    if (denied) out.add(`attachedRoutes: ${denied}`);
  }
  return out.size > 0 ? { incomplete: [...out] } : {};
}

function gatewayVerdict(gw: GraphGateway, failed: number, findings: Finding[]): string {
  const attached = gw.listeners.reduce((n, l) => n + l.attachedRoutes.computed, 0);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const head = `Gateway ${gw.namespace}/${gw.name}: ${gw.listeners.length} listener${gw.listeners.length === 1 ? '' : 's'}, ${attached} route attachment${attached === 1 ? '' : 's'}`;
  const tail = failed ? `, ${failed} route parentRef${failed === 1 ? '' : 's'} failed to attach` : '';
  return `${head}${tail}${errors ? `; ${errors} error${errors === 1 ? '' : 's'} below` : ''}.`;
}

function listenerSetsOf(graph: Graph, gwKey: string): Pick<GatewayExplanation, 'listenerSets'> {
  const sets = (graph.listenerSets ?? []).filter((l) => l.parentGateway === gwKey);
  if (sets.length === 0) return {};
  return {
    listenerSets: sets.map((l) => ({
      namespace: l.namespace,
      name: l.name,
      computed: { conditions: l.computed },
      reported: l.reported ? { conditions: l.reported.conditions } : null,
      disagreements: l.disagreements.map((d) => d.message),
      listeners: l.listeners.map((id) => id.split('#')[1]),
    })),
  };
}
