// What the spec rules need to look up, as an interface: src/graph/indexes.ts builds it from a
// snapshot with Maps, tests may build it from a handful of objects. Every lookup is by key, so no
// rule ever scans all objects of a kind.
import type {
  EndpointSlice,
  Gateway,
  GatewayClass,
  ListenerSet,
  Namespace,
  ReferenceGrant,
  SecretFacts,
  Service,
  ConfigMapFacts,
} from '../model/objects.js';
import { coverageGap, type Coverage, type ResourceName } from '../model/snapshot.js';

export interface SpecLookups {
  coverage: Record<ResourceName, Coverage>;
  namespace(name: string): Namespace | undefined;
  gatewayClass(name: string): GatewayClass | undefined;
  gateway(namespace: string, name: string): Gateway | undefined;
  listenerSet(namespace: string, name: string): ListenerSet | undefined;
  service(namespace: string, name: string): Service | undefined;
  /** EndpointSlices labelled kubernetes.io/service-name=<service> in that namespace. */
  endpointSlices(namespace: string, service: string): readonly EndpointSlice[];
  /** ReferenceGrants that live in that namespace (a grant only ever governs its own namespace). */
  referenceGrants(namespace: string): readonly ReferenceGrant[];
  secret(namespace: string, name: string): SecretFacts | undefined;
  configMap(namespace: string, name: string): ConfigMapFacts | undefined;
  /** Does the cluster serve this API group? null when the snapshot does not say ("" is core). */
  apiGroupServed(group: string): boolean | null;
}

/**
 * How absence of an object of this resource reads, in words; null when absence is proof. `at`
 * names the object (namespace and name; name alone for cluster-scoped kinds) or, with a
 * namespace alone, everything of that kind in the namespace: a snapshot read in parts (RBAC
 * fallback, narrow reads) can speak for some namespaces and names and not for others.
 */
export function absenceUnknown(coverage: Coverage, resource: ResourceName, at: { namespace?: string; name?: string } = {}): string | null {
  return coverageGap(coverage, resource, at);
}
