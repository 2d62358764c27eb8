// GEP-713 policy attachment (apis/v1/policy_types.go): which object a policy targets, what its
// controller said about it, and which of two policies on one target wins. Pure rules over plain
// objects; src/policies applies them to the graph.
import type { Condition, KubeObject, PolicyAncestorStatus, PolicyTargetRef } from '../model/objects.js';
import { GATEWAY_GROUP, GATEWAY_X_GROUP } from '../model/objects.js';

/** The label GEP-713 puts on every policy CRD (value Direct, Inherited, or "true"). */
export const POLICY_CRD_LABEL = 'gateway.networking.k8s.io/policy';

/**
 * The policy kinds of the well-known implementations, for -f files (which carry no CRD) and for
 * users who may not list CRDs. Istio's CRDs carry no GEP-713 label, so live clusters need this
 * list too. Cilium ships no targetRef policy kind of its own (it implements BackendTLSPolicy).
 */
export const KNOWN_POLICY_KINDS: ReadonlyArray<{ group: string; kind: string; implementation: string }> = [
  { group: GATEWAY_GROUP, kind: 'BackendTLSPolicy', implementation: 'Gateway API' },
  { group: GATEWAY_X_GROUP, kind: 'XBackendTrafficPolicy', implementation: 'Gateway API' },
  { group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', implementation: 'Envoy Gateway' },
  { group: 'gateway.envoyproxy.io', kind: 'ClientTrafficPolicy', implementation: 'Envoy Gateway' },
  { group: 'gateway.envoyproxy.io', kind: 'BackendTrafficPolicy', implementation: 'Envoy Gateway' },
  { group: 'gateway.envoyproxy.io', kind: 'EnvoyExtensionPolicy', implementation: 'Envoy Gateway' },
  { group: 'gateway.envoyproxy.io', kind: 'EnvoyPatchPolicy', implementation: 'Envoy Gateway' },
  { group: 'gateway.kgateway.dev', kind: 'TrafficPolicy', implementation: 'kgateway' },
  { group: 'gateway.kgateway.dev', kind: 'HTTPListenerPolicy', implementation: 'kgateway' },
  { group: 'gateway.kgateway.dev', kind: 'BackendConfigPolicy', implementation: 'kgateway' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', implementation: 'Istio' },
  { group: 'security.istio.io', kind: 'RequestAuthentication', implementation: 'Istio' },
  { group: 'telemetry.istio.io', kind: 'Telemetry', implementation: 'Istio' },
  { group: 'extensions.istio.io', kind: 'WasmPlugin', implementation: 'Istio' },
  { group: 'networking.istio.io', kind: 'EnvoyFilter', implementation: 'Istio' },
  { group: 'gateway.nginx.org', kind: 'ClientSettingsPolicy', implementation: 'NGINX Gateway Fabric' },
  { group: 'gateway.nginx.org', kind: 'ObservabilityPolicy', implementation: 'NGINX Gateway Fabric' },
  { group: 'gateway.nginx.org', kind: 'UpstreamSettingsPolicy', implementation: 'NGINX Gateway Fabric' },
  { group: 'gateway.nginx.org', kind: 'ProxySettingsPolicy', implementation: 'NGINX Gateway Fabric' },
  { group: 'gateway.nginx.org', kind: 'RateLimitPolicy', implementation: 'NGINX Gateway Fabric' },
];

const KNOWN = new Set(KNOWN_POLICY_KINDS.map((k) => `${k.group}/${k.kind}`));

export function isKnownPolicyKind(group: string, kind: string): boolean {
  return KNOWN.has(`${group}/${kind}`);
}

/** One target of a policy, with the namespace it is looked up in. */
export interface PolicyTarget {
  group: string;
  kind: string;
  /** The policy's own namespace ('' for cluster-scoped kinds such as GatewayClass). */
  namespace: string;
  name: string;
  sectionName?: string;
  /**
   * A namespace written in the targetRef that is not the policy's own. LocalPolicyTargetReference
   * has no namespace field ("a policy targets only objects in its own namespace"); some older
   * implementation types allowed one. Such a target is looked up in the policy's namespace all
   * the same, and this field says why it may not be found.
   */
  foreignNamespace?: string;
}

/** Kinds without a namespace: a policy in any namespace may name them. */
const CLUSTER_SCOPED = new Set(['GatewayClass', 'Namespace']);

/**
 * The policy's targets: `spec.targetRef` (single, GEP-713's original form) and `spec.targetRefs`
 * (LocalPolicyTargetReferenceWithSectionName: group, kind, name, optional sectionName). Istio's
 * `targetRef` without group means the core group of the kind it names.
 */
export function policyTargets(policy: KubeObject & { spec?: unknown }): PolicyTarget[] {
  const spec = (policy.spec ?? {}) as { targetRef?: PolicyTargetRef; targetRefs?: PolicyTargetRef[] };
  const own = policy.metadata.namespace ?? 'default';
  const refs = [...(spec.targetRef ? [spec.targetRef] : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])];
  return refs
    .filter((r) => r && typeof r.kind === 'string' && typeof r.name === 'string')
    .map((r) => {
      const clusterScoped = CLUSTER_SCOPED.has(r.kind);
      const t: PolicyTarget = { group: r.group ?? '', kind: r.kind, namespace: clusterScoped ? '' : own, name: r.name };
      if (r.sectionName) t.sectionName = r.sectionName;
      if (!clusterScoped && r.namespace && r.namespace !== own) t.foreignNamespace = r.namespace;
      return t;
    });
}

/** An object a policy status may name as ancestor (PolicyAncestorStatus.ancestorRef). */
export interface AncestorKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface PolicyAcceptance {
  /** From status.ancestors[] for the ancestors asked about: true, false, or null (none written). */
  accepted: boolean | null;
  /** The Accepted condition that decided, when one did. */
  condition?: Condition;
  /** The ancestor and controller that wrote it. */
  ancestor?: AncestorKey;
  controllerName?: string;
}

/** ParentReference defaults as PolicyAncestorStatus.ancestorRef uses them. */
function ancestorKey(ref: PolicyAncestorStatus['ancestorRef'], policyNamespace: string): AncestorKey {
  const kind = ref.kind ?? 'Gateway';
  return {
    group: ref.group ?? GATEWAY_GROUP,
    kind,
    namespace: CLUSTER_SCOPED.has(kind) ? '' : (ref.namespace ?? policyNamespace),
    name: ref.name,
  };
}

function sameObject(a: AncestorKey, b: AncestorKey): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/**
 * What the controllers said about the policy for these ancestors. PolicyAncestorStatus: "the
 * Ancestor is the resource [the policy's effect is] attached to ... usually a Gateway". One
 * Accepted=False among them makes the answer false (it names which); otherwise any True is true;
 * no entry for any of them is null. With no ancestors given, every entry counts.
 */
export function policyAcceptance(
  policy: KubeObject & { status?: { ancestors?: PolicyAncestorStatus[] } },
  ancestors?: readonly AncestorKey[],
): PolicyAcceptance {
  const ns = policy.metadata.namespace ?? 'default';
  const entries = (policy.status?.ancestors ?? []).filter((a) => {
    if (!a?.ancestorRef?.name) return false;
    if (!ancestors) return true;
    const key = ancestorKey(a.ancestorRef, ns);
    return ancestors.some((x) => sameObject(x, key));
  });
  let accepted: PolicyAcceptance | null = null;
  for (const e of entries) {
    const c = e.conditions?.find((x) => x.type === 'Accepted');
    if (!c) continue;
    const found = { condition: c, ancestor: ancestorKey(e.ancestorRef, ns), controllerName: e.controllerName };
    if (c.status === 'False') return { accepted: false, ...found };
    if (c.status === 'True' && !accepted) accepted = { accepted: true, ...found };
  }
  return accepted ?? { accepted: null };
}

/** GEP-713's reason for a policy that lost to another on the same target. */
export const CONFLICTED_REASON = 'Conflicted';

/**
 * GEP-713 conflict resolution: "the oldest Policy by creation timestamp wins; if tied, the Policy
 * appearing first in alphabetical order by {namespace}/{name}". Negative when `a` wins.
 */
export function policyPrecedence(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : Number.POSITIVE_INFINITY;
  const tb = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The policy's group, from its apiVersion. */
export function groupOf(obj: KubeObject): string {
  return obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
}
