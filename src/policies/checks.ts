// Findings about policies (PL6xx): a target that does not exist in the policy's namespace, a
// sectionName that names no section of its target, a policy its controller did not accept, and
// two policies of one kind on one target (GEP-713 precedence names the winner).
import type { Finding } from '../model/finding.js';
import { coverageGap, type Coverage, type ResourceName, type Snapshot } from '../model/snapshot.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP, ROUTE_KINDS } from '../model/objects.js';
import { CONFLICTED_REASON, groupOf, policyAcceptance, policyPrecedence, type PolicyTarget } from '../spec/policies.js';
import { indexPolicies, targetKey, type PolicyEntry, type PolicyIndex, type PolicyObjectLike } from './attachments.js';

type Draft = Omit<Finding, 'severity' | 'origin'>;

interface TargetFacts {
  /** true exists, false does not, null unknown (not read, forbidden, or a kind the tool does not read). */
  exists: boolean | null;
  /** Names of the target's sections (listeners, rule names, port names), when it exists and has them. */
  sections?: string[];
  /** What a section of this kind is called, for messages. */
  sectionWord?: string;
}

function coverageProves(c: Coverage, resource: ResourceName, namespace: string, name: string): boolean {
  // Read in parts (RBAC fallback, narrow reads): proof only where that namespace or name was read.
  if (c.state === 'partial') {
    const clusterScoped = resource === 'namespaces' || resource === 'gatewayclasses';
    return coverageGap(c, resource, clusterScoped ? { name } : { namespace, name }) === null;
  }
  return c.state === 'not-served' || c.state === 'complete';
}

/** What the snapshot knows about each object a policy may target. */
function targetLookup(snapshot: Snapshot): (t: PolicyTarget) => TargetFacts {
  const byKey = new Map<string, { sections?: string[]; sectionWord?: string }>();
  const put = (group: string, kind: string, namespace: string, name: string, sections?: string[], sectionWord?: string) =>
    byKey.set(targetKey({ group, kind, namespace, name }), { sections, sectionWord });
  for (const g of snapshot.gateways) {
    put(GATEWAY_GROUP, 'Gateway', g.metadata.namespace ?? 'default', g.metadata.name, (g.spec?.listeners ?? []).map((l) => l.name), 'listener');
  }
  for (const ls of snapshot.listenerSets) {
    const group = groupOf(ls) || GATEWAY_GROUP;
    put(group, ls.kind, ls.metadata.namespace ?? 'default', ls.metadata.name, (ls.spec?.listeners ?? []).map((l) => l.name), 'listener');
  }
  for (const r of snapshot.routes) {
    const names = (r.spec?.rules ?? []).map((rule) => rule.name).filter((n): n is string => Boolean(n));
    put(GATEWAY_GROUP, r.kind, r.metadata.namespace ?? 'default', r.metadata.name, names, 'rule');
  }
  for (const s of snapshot.services) {
    const names = (s.spec?.ports ?? []).map((p) => p.name).filter((n): n is string => Boolean(n));
    put('', 'Service', s.metadata.namespace ?? 'default', s.metadata.name, names, 'port');
  }
  for (const c of snapshot.gatewayClasses) put(GATEWAY_GROUP, 'GatewayClass', '', c.metadata.name);
  for (const n of snapshot.namespaces) put('', 'Namespace', '', n.metadata.name);

  const resourceFor = (t: PolicyTarget): ResourceName | null => {
    if (t.group === GATEWAY_GROUP && (ROUTE_KINDS as readonly string[]).includes(t.kind)) return `${t.kind.toLowerCase()}s` as ResourceName;
    if (t.group === GATEWAY_GROUP && t.kind === 'Gateway') return 'gateways';
    if (t.group === GATEWAY_GROUP && t.kind === 'GatewayClass') return 'gatewayclasses';
    if ((t.group === GATEWAY_GROUP && t.kind === 'ListenerSet') || (t.group === GATEWAY_X_GROUP && t.kind === 'XListenerSet')) return 'listenersets';
    if (t.group === '' && t.kind === 'Service') return 'services';
    if (t.group === '' && t.kind === 'Namespace') return 'namespaces';
    return null;
  };

  return (t) => {
    const found = byKey.get(targetKey(t));
    if (found) return { exists: true, ...found };
    const resource = resourceFor(t);
    if (!resource) return { exists: null };
    return { exists: coverageProves(snapshot.coverage[resource], resource, t.namespace, t.name) ? false : null };
  };
}

function policyName(p: PolicyObjectLike): string {
  return `${p.kind} ${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

function targetName(t: PolicyTarget): string {
  return `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}${t.sectionName ? ` (sectionName ${t.sectionName})` : ''}`;
}

function subjectOf(p: PolicyObjectLike) {
  return { kind: p.kind, namespace: p.metadata.namespace ?? 'default', name: p.metadata.name };
}

/**
 * Istio merges every AuthorizationPolicy, RequestAuthentication, Telemetry, WasmPlugin and
 * EnvoyFilter on a workload rather than picking one, so two on one target are no conflict.
 */
function mergesAll(group: string): boolean {
  return group.endsWith('.istio.io');
}

export function policyFindings(snapshot: Snapshot, index: PolicyIndex = indexPolicies(snapshot)): Draft[] {
  const out: Draft[] = [];
  const lookup = targetLookup(snapshot);

  for (const { policy, target } of index.all) {
    const facts = lookup(target);
    if (facts.exists === false) {
      const elsewhere = target.foreignNamespace
        ? `; its targetRef names namespace ${target.foreignNamespace}, but a policy targets only objects in its own namespace`
        : '';
      out.push({
        code: 'PL601',
        subject: subjectOf(policy),
        message: `${policyName(policy)} targets ${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}, which does not exist${elsewhere}`,
        cause: 'a policy whose target does not exist has no effect (GEP-713 targetRefs are local to the policy namespace)',
        fix: target.foreignNamespace
          ? `create the policy in namespace ${target.foreignNamespace}, next to its target`
          : `fix spec.targetRefs (name and kind) or create the ${target.kind}`,
      });
    } else if (facts.exists && target.sectionName && facts.sections && !facts.sections.includes(target.sectionName)) {
      out.push({
        code: 'PL602',
        subject: subjectOf(policy),
        message: `${policyName(policy)} targets ${targetName(target)}, but ${target.kind} ${target.name} has no ${facts.sectionWord} named ${target.sectionName}`,
        cause: `sectionName selects one ${facts.sectionWord} of the target; one that matches none attaches the policy to nothing`,
        fix: facts.sections.length
          ? `use one of: ${facts.sections.join(', ')}`
          : `${target.kind} ${target.name} has no named ${facts.sectionWord}s: drop sectionName or name the ${facts.sectionWord}`,
      });
    }
  }

  // What controllers wrote: one finding per policy and ancestor that was not accepted.
  const policies = new Set(index.all.map((e) => e.policy));
  for (const policy of policies) {
    for (const a of policy.status?.ancestors ?? []) {
      const c = a.conditions?.find((x) => x.type === 'Accepted');
      if (!c || c.status !== 'False') continue;
      const ref = a.ancestorRef;
      const ancestor = `${ref?.kind ?? 'Gateway'} ${ref?.namespace ?? policy.metadata.namespace ?? 'default'}/${ref?.name}`;
      const conflicted = c.reason === CONFLICTED_REASON;
      out.push({
        code: conflicted ? 'PL604' : 'PL603',
        subject: subjectOf(policy),
        message: `${a.controllerName ?? 'the controller'} did not accept ${policyName(policy)} for ${ancestor}: ${c.reason}${c.message ? ` - ${c.message}` : ''}`,
        cause: conflicted
          ? 'another policy of the same kind on the same target took precedence (GEP-713: oldest first, then namespace/name)'
          : 'Accepted=False: the controller does not apply this policy there',
        fix: conflicted ? 'merge the two policies, or delete the one that should not apply' : 'read the reason and message, then fix the policy spec',
      });
    }
  }

  // Two policies of one kind on one target and section: GEP-713 precedence picks the winner.
  const groups = new Map<string, PolicyEntry[]>();
  for (const e of index.all) {
    if (e.target.foreignNamespace) continue;
    const group = groupOf(e.policy);
    if (mergesAll(group)) continue;
    const key = `${group}/${e.policy.kind}|${targetKey(e.target)}#${e.target.sectionName ?? ''}`;
    const list = groups.get(key);
    if (list) {
      if (!list.some((x) => x.policy === e.policy)) list.push(e);
    } else groups.set(key, [e]);
  }
  for (const entries of groups.values()) {
    if (entries.length < 2) continue;
    const ranked = [...entries].sort((a, b) => policyPrecedence(a.policy, b.policy));
    const winner = ranked[0].policy;
    for (const { policy: loser, target } of ranked.slice(1)) {
      const why =
        winner.metadata.creationTimestamp && winner.metadata.creationTimestamp !== loser.metadata.creationTimestamp
          ? `it is older (created ${winner.metadata.creationTimestamp})`
          : 'same creation time, and its namespace/name sorts first';
      const winnerRejected = policyAcceptance(winner).condition?.reason === CONFLICTED_REASON;
      const loserAccepted = policyAcceptance(loser).accepted === true;
      // The controller already said so (PL604): no second finding for the same fact.
      if (!winnerRejected && policyAcceptance(loser).condition?.reason === CONFLICTED_REASON) continue;
      out.push({
        code: 'PL605',
        subject: subjectOf(loser),
        message: `${policyName(loser)} and ${winner.metadata.namespace}/${winner.metadata.name} both target ${targetName(target)}; ${winner.metadata.namespace}/${winner.metadata.name} takes precedence: ${why}`,
        cause:
          winnerRejected && loserAccepted
            ? 'GEP-713 conflict resolution: the oldest policy wins, then namespace/name alphabetically; the controller reports the opposite (the winner Conflicted, this one Accepted)'
            : 'GEP-713 conflict resolution: where two policies of one kind set the same field on one target, the oldest wins, then namespace/name alphabetically',
        fix: 'merge the two policies into one, or target different objects or sections',
      });
    }
  }
  return out;
}
