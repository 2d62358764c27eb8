// Which policies reach one route's traffic, and through which object: the route itself, one of its
// named rules, the Gateway and the listener it attached to (or the ListenerSet holding that
// listener), the GatewayClass, the route's Namespace, and its backend Services. Reads the graph
// for what attached where and the snapshot for the policy objects; decides acceptance from each
// policy's own status.ancestors[] (src/spec/policies.ts).
import type { Graph, GraphRoute } from '../model/graph.js';
import type { KubeObject, PolicyAncestorStatus, Service } from '../model/objects.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { groupOf, policyAcceptance, policyTargets, type AncestorKey, type PolicyTarget } from '../spec/policies.js';

export type PolicyVia = 'route' | 'rule' | 'gateway' | 'listener' | 'listenerset' | 'backend' | 'namespace' | 'gatewayclass';

/** One policy on a route's path, as `explain route -o json` prints it. */
export interface RoutePolicy {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  via: PolicyVia;
  target: { group: string; kind: string; namespace: string; name: string; sectionName?: string };
  /** From the policy's status.ancestors[] for the route's parents (or the target): null when no
   *  controller wrote an Accepted condition for them. */
  accepted: boolean | null;
  /** Set when accepted is false: the condition's reason and message, and who wrote it. */
  reason?: string;
  message?: string;
  ancestor?: string;
}

export type PolicyObjectLike = KubeObject & { spec?: unknown; status?: { ancestors?: PolicyAncestorStatus[] } };

export interface PolicyEntry {
  policy: PolicyObjectLike;
  target: PolicyTarget;
}

/** Every policy (GEP-713 kinds and BackendTLSPolicy) by the object it targets. */
export interface PolicyIndex {
  all: PolicyEntry[];
  on(group: string, kind: string, namespace: string, name: string): PolicyEntry[];
}

export function targetKey(t: { group: string; kind: string; namespace: string; name: string }): string {
  return `${t.group}/${t.kind}/${t.namespace}/${t.name}`;
}

export function indexPolicies(snapshot: Snapshot): PolicyIndex {
  const byTarget = new Map<string, PolicyEntry[]>();
  const all: PolicyEntry[] = [];
  for (const policy of [...snapshot.policies, ...snapshot.backendTLSPolicies] as PolicyObjectLike[]) {
    for (const target of policyTargets(policy)) {
      const entry = { policy, target };
      all.push(entry);
      // A targetRef naming another namespace reaches nothing: policies are local to their namespace.
      if (target.foreignNamespace) continue;
      const key = targetKey(target);
      const list = byTarget.get(key);
      if (list) list.push(entry);
      else byTarget.set(key, [entry]);
    }
  }
  return { all, on: (group, kind, namespace, name) => byTarget.get(targetKey({ group, kind, namespace, name })) ?? [] };
}

/** The ListenerSet kinds: standard since v1.6, experimental XListenerSet before. */
const LISTENER_SET_KINDS = [
  { group: GATEWAY_GROUP, kind: 'ListenerSet' },
  { group: GATEWAY_X_GROUP, kind: 'XListenerSet' },
];

function splitListenerId(id: string): { owner: 'Gateway' | 'ListenerSet'; namespace: string; name: string; listener: string } {
  const [head, listener] = id.split('#');
  const [owner, namespace, name] = head.split('/');
  return { owner: owner as 'Gateway' | 'ListenerSet', namespace, name, listener };
}

/**
 * Every policy that applies to the route's traffic, each once per (policy, target, via), in the
 * order route, rule, listener, listenerset, gateway, gatewayclass, namespace, backend.
 */
export function policiesOnRoute(route: GraphRoute, graph: Graph, snapshot: Snapshot, index: PolicyIndex = indexPolicies(snapshot)): RoutePolicy[] {
  const out: RoutePolicy[] = [];
  const seen = new Set<string>();
  // Ancestors a controller may have written status for: the route's parents (Gateways, and
  // Services for mesh routes). The policy's own target is added per policy.
  const parentAncestors: AncestorKey[] = route.parents.map((p) => ({
    group: p.parentRef.group,
    kind: p.parentRef.kind,
    namespace: p.parentRef.namespace,
    name: p.parentRef.name,
  }));

  const add = (via: PolicyVia, entries: PolicyEntry[], extraAncestors: AncestorKey[] = []) => {
    for (const { policy, target } of entries) {
      const ns = policy.metadata.namespace ?? 'default';
      const key = `${policy.kind}/${ns}/${policy.metadata.name}|${targetKey(target)}#${target.sectionName ?? ''}|${via}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const self: AncestorKey = { group: target.group, kind: target.kind, namespace: target.namespace, name: target.name };
      const verdict = policyAcceptance(policy, [...parentAncestors, ...extraAncestors, self]);
      const item: RoutePolicy = {
        group: groupOf(policy),
        kind: policy.kind,
        namespace: ns,
        name: policy.metadata.name,
        via,
        target: {
          group: target.group,
          kind: target.kind,
          namespace: target.namespace,
          name: target.name,
          ...(target.sectionName ? { sectionName: target.sectionName } : {}),
        },
        accepted: verdict.accepted,
      };
      if (verdict.accepted === false && verdict.condition) {
        item.reason = verdict.condition.reason;
        if (verdict.condition.message) item.message = verdict.condition.message;
        if (verdict.ancestor) item.ancestor = `${verdict.ancestor.kind} ${verdict.ancestor.namespace ? `${verdict.ancestor.namespace}/` : ''}${verdict.ancestor.name}`;
      }
      out.push(item);
    }
  };

  // The route and its named rules (sectionName on a route names a rule: HTTPRouteRule.name).
  const onRoute = index.on(GATEWAY_GROUP, route.kind, route.namespace, route.name);
  add('route', onRoute.filter((e) => !e.target.sectionName));
  const ruleNames = new Set(route.rules.map((r) => r.name).filter(Boolean));
  add('rule', onRoute.filter((e) => e.target.sectionName && ruleNames.has(e.target.sectionName)));

  // Listeners the route attached to, their owners, and the Gateways behind them.
  const attached = route.parents.flatMap((p) => p.attachedListeners.map((id) => ({ id, gateway: p.gateway })));
  const gateways = new Set<string>();
  for (const { id, gateway } of attached) {
    const l = splitListenerId(id);
    if (gateway) gateways.add(gateway);
    if (l.owner === 'Gateway') {
      add('listener', index.on(GATEWAY_GROUP, 'Gateway', l.namespace, l.name).filter((e) => e.target.sectionName === l.listener));
    } else {
      const gatewayAncestor = gateway ? [gatewayKey(gateway)] : [];
      for (const k of LISTENER_SET_KINDS) {
        const on = index.on(k.group, k.kind, l.namespace, l.name);
        add('listenerset', on.filter((e) => !e.target.sectionName || e.target.sectionName === l.listener), gatewayAncestor);
      }
    }
  }
  const classes = new Set<string>();
  for (const key of [...gateways].sort()) {
    const gw = gatewayKey(key);
    add('gateway', index.on(GATEWAY_GROUP, 'Gateway', gw.namespace, gw.name).filter((e) => !e.target.sectionName));
    const node = graph.gateways.find((g) => g.namespace === gw.namespace && g.name === gw.name);
    if (node) classes.add(node.className);
  }
  for (const cls of [...classes].sort()) add('gatewayclass', index.on(GATEWAY_GROUP, 'GatewayClass', '', cls), [...gateways].map(gatewayKey));
  add('namespace', index.on('', 'Namespace', '', route.namespace));

  // Backend Services; a sectionName on a Service names one of its ports.
  const services = new Map(snapshot.services.map((s) => [`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`, s]));
  for (const rule of route.rules) {
    for (const b of rule.backends) {
      if (b.ref.group !== '' || b.ref.kind !== 'Service') continue;
      const svc = services.get(`${b.ref.namespace}/${b.ref.name}`);
      add('backend', index.on('', 'Service', b.ref.namespace, b.ref.name).filter((e) => sectionIsPort(e.target.sectionName, svc, b.ref.port)));
    }
  }
  return out;
}

function gatewayKey(key: string): AncestorKey {
  const [namespace, name] = key.split('/');
  return { group: GATEWAY_GROUP, kind: 'Gateway', namespace, name };
}

/** A Service sectionName names a port (by name); unknown Services keep the policy listed. */
function sectionIsPort(sectionName: string | undefined, svc: Service | undefined, port: number | undefined): boolean {
  if (!sectionName) return true;
  if (!svc) return true;
  const named = (svc.spec?.ports ?? []).find((p) => p.name === sectionName);
  return named !== undefined && (port === undefined || named.port === port);
}
