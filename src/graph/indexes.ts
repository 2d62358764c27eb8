// One pass over the snapshot into Maps, so that building the graph looks every reference up by
// key: a route's parentRef finds its Gateway and that Gateway's listeners directly, never by
// scanning all listeners; a backendRef finds its Service and its EndpointSlices the same way.
import type { PolicyAttachment } from '../model/graph.js';
import type {
  EndpointSlice,
  Gateway,
  GatewayClass,
  ListenerSet,
  Namespace,
  PolicyAncestorStatus,
  ReferenceGrant,
  SecretFacts,
  ConfigMapFacts,
  Service,
} from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { nsName } from '../spec/defaults.js';
import { listenerSetTargets } from '../spec/listeners.js';
import { policyTargets } from '../spec/policies.js';
import type { SpecLookups } from '../spec/lookups.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface SnapshotIndex extends SpecLookups {
  /** ListenerSets whose parentRef names the Gateway, by the Gateway's "ns/name". */
  listenerSetsOf(gatewayKey: string): readonly ListenerSet[];
  /** Policies (GEP-713 and BackendTLSPolicy) whose targetRef names the object (group and kind;
   *  namespace '' for cluster-scoped kinds). */
  policiesFor(group: string, kind: string, namespace: string, name: string): PolicyAttachment[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A short summary of a policy's own status (PolicyAncestorStatus), if it has any. */
export function policyStatusSummary(ancestors: readonly PolicyAncestorStatus[] | undefined): string | undefined {
  const accepted = (ancestors ?? []).map((a) => ({ a, c: a.conditions?.find((c) => c.type === 'Accepted') })).filter((x) => x.c);
  if (accepted.length === 0) return undefined;
  const rejected = accepted.find((x) => x.c!.status === 'False');
  if (rejected) {
    const by = rejected.a.ancestorRef ? ` for ${rejected.a.ancestorRef.kind ?? 'Gateway'} ${rejected.a.ancestorRef.name}` : '';
    return `not accepted${by}: ${rejected.c!.reason}${rejected.c!.message ? ` - ${rejected.c!.message}` : ''}`;
  }
  if (accepted.every((x) => x.c!.status === 'True')) return 'accepted';
  return `Accepted ${accepted[0].c!.status} (${accepted[0].c!.reason})`;
}

export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const namespaces = new Map<string, Namespace>();
  const classes = new Map<string, GatewayClass>();
  const gateways = new Map<string, Gateway>();
  const listenerSets = new Map<string, ListenerSet>();
  const listenerSetsByGateway = new Map<string, ListenerSet[]>();
  const services = new Map<string, Service>();
  const slicesByService = new Map<string, EndpointSlice[]>();
  const grantsByNamespace = new Map<string, ReferenceGrant[]>();
  const secrets = new Map<string, SecretFacts>();
  const configMaps = new Map<string, ConfigMapFacts>();
  const policies = new Map<string, PolicyAttachment[]>();

  for (const ns of snapshot.namespaces) namespaces.set(ns.metadata.name, ns);
  for (const c of snapshot.gatewayClasses) classes.set(c.metadata.name, c);
  for (const g of snapshot.gateways) gateways.set(nsName(g.metadata.namespace ?? 'default', g.metadata.name), g);
  for (const ls of snapshot.listenerSets) {
    listenerSets.set(nsName(ls.metadata.namespace ?? 'default', ls.metadata.name), ls);
    const parent = listenerSetTargets(ls);
    if (parent) push(listenerSetsByGateway, nsName(parent.namespace, parent.name), ls);
  }
  for (const s of snapshot.services) services.set(nsName(s.metadata.namespace ?? 'default', s.metadata.name), s);
  for (const slice of snapshot.endpointSlices) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (service) push(slicesByService, nsName(slice.metadata.namespace ?? 'default', service), slice);
  }
  for (const g of snapshot.referenceGrants) push(grantsByNamespace, g.metadata.namespace ?? 'default', g);
  for (const s of snapshot.secrets) secrets.set(nsName(s.namespace, s.name), s);
  for (const c of snapshot.configMaps ?? []) configMaps.set(nsName(c.namespace, c.name), c);
  for (const policy of [...snapshot.policies, ...snapshot.backendTLSPolicies]) {
    const ns = policy.metadata.namespace ?? 'default';
    const status = policyStatusSummary(policy.status?.ancestors);
    // A policy targets objects in its own namespace only (LocalPolicyTargetReference).
    for (const t of policyTargets(policy)) {
      if (t.foreignNamespace) continue;
      const attachment: PolicyAttachment = { kind: policy.kind, namespace: ns, name: policy.metadata.name };
      if (t.sectionName) attachment.sectionName = t.sectionName;
      if (status) attachment.status = status;
      push(policies, `${t.group}/${t.kind}/${t.namespace}/${t.name}`, attachment);
    }
  }

  const apiGroups = snapshot.apiGroups ? new Set(['', ...snapshot.apiGroups]) : null;

  return {
    coverage: snapshot.coverage,
    namespace: (name) => namespaces.get(name),
    gatewayClass: (name) => classes.get(name),
    gateway: (ns, name) => gateways.get(nsName(ns, name)),
    listenerSet: (ns, name) => listenerSets.get(nsName(ns, name)),
    service: (ns, name) => services.get(nsName(ns, name)),
    endpointSlices: (ns, service) => slicesByService.get(nsName(ns, service)) ?? [],
    referenceGrants: (ns) => grantsByNamespace.get(ns) ?? [],
    secret: (ns, name) => secrets.get(nsName(ns, name)),
    configMap: (ns, name) => configMaps.get(nsName(ns, name)),
    apiGroupServed: (group) => (apiGroups ? apiGroups.has(group) : null),
    listenerSetsOf: (gatewayKey) => listenerSetsByGateway.get(gatewayKey) ?? [],
    policiesFor: (group, kind, ns, name) => [...(policies.get(`${group}/${kind}/${ns}/${name}`) ?? [])],
  };
}
