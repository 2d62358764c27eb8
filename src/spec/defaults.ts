// The defaults the Gateway API CRDs fill in, in one place. Objects read from files never went
// through the API server's defaulting, and objects from a cluster may come from an older CRD, so
// every rule reads references through these helpers instead of the raw fields.
import type {
  BackendRef,
  LabelSelector,
  Listener,
  ParentReference,
  RouteGroupKind,
  SecretObjectReference,
} from '../model/objects.js';

export { GATEWAY_GROUP, GATEWAY_X_GROUP } from '../model/objects.js';
import { GATEWAY_GROUP } from '../model/objects.js';
/** The core API group is the empty string (Service, Secret, Namespace). */
export const CORE_GROUP = '';

export interface ParentRefDefaults {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

/**
 * shared_types.go, ParentReference:
 *   Group: "When unspecified, "gateway.networking.k8s.io" is inferred. To set the core API group
 *           (such as for a "Service" kind referent), Group must be explicitly set to "" (empty
 *           string)."
 *   Kind: "+kubebuilder:default=Gateway"
 *   Namespace: "When unspecified, this refers to the local namespace of the Route."
 *   SectionName: "When unspecified (empty string), this will reference the entire resource."
 */
export function parentRefWithDefaults(ref: ParentReference, routeNamespace: string): ParentRefDefaults {
  const out: ParentRefDefaults = {
    group: ref.group ?? GATEWAY_GROUP,
    kind: ref.kind || 'Gateway',
    namespace: ref.namespace || routeNamespace,
    name: ref.name,
  };
  if (ref.sectionName) out.sectionName = ref.sectionName;
  if (ref.port) out.port = ref.port;
  return out;
}

export interface BackendRefDefaults {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port?: number;
  weight: number;
}

/**
 * shared_types.go, BackendObjectReference and BackendRef:
 *   Group: "When unspecified or empty string, core API group is inferred."
 *   Kind: "Defaults to "Service" when not specified."
 *   Namespace: "When unspecified, the local namespace is inferred."
 *   Weight: "If unspecified, weight defaults to 1."
 */
export function backendRefWithDefaults(ref: BackendRef, routeNamespace: string): BackendRefDefaults {
  const out: BackendRefDefaults = {
    group: ref.group ?? CORE_GROUP,
    kind: ref.kind || 'Service',
    namespace: ref.namespace || routeNamespace,
    name: ref.name,
    weight: ref.weight ?? 1,
  };
  if (ref.port !== undefined) out.port = ref.port;
  return out;
}

/**
 * gateway_types.go, ListenerTLSConfig.CertificateRefs, and shared_types.go SecretObjectReference:
 *   Group: "When unspecified or empty string, core API group is inferred."
 *   Kind: "+kubebuilder:default=Secret"
 *   Namespace: "When unspecified, the local namespace is inferred." (the Gateway's, or the
 *   ListenerSet's for its own listeners)
 */
export function certificateRefWithDefaults(
  ref: SecretObjectReference,
  ownerNamespace: string,
): { group: string; kind: string; namespace: string; name: string } {
  return {
    group: ref.group ?? CORE_GROUP,
    kind: ref.kind || 'Secret',
    namespace: ref.namespace || ownerNamespace,
    name: ref.name,
  };
}

export type FromNamespaces = 'All' | 'Same' | 'Selector' | 'None';

/**
 * gateway_types.go, Listener.AllowedRoutes: "+kubebuilder:default={namespaces:{from: Same}}";
 * RouteNamespaces.From: "+kubebuilder:default=Same"; AllowedRoutes.Kinds: "When unspecified or
 * empty, the kinds of Routes selected are determined using the Listener protocol."
 */
export function allowedRoutesWithDefaults(listener: Listener): {
  from: FromNamespaces;
  selector?: LabelSelector;
  kinds: RouteGroupKind[];
} {
  const ns = listener.allowedRoutes?.namespaces;
  return {
    from: ns?.from ?? 'Same',
    selector: ns?.selector,
    kinds: listener.allowedRoutes?.kinds ?? [],
  };
}

/** RouteGroupKind.Group: "+kubebuilder:default=gateway.networking.k8s.io". */
export function routeGroupKindWithDefaults(k: RouteGroupKind): { group: string; kind: string } {
  return { group: k.group ?? GATEWAY_GROUP, kind: k.kind };
}

/**
 * ListenerTLSConfig.Mode: "+kubebuilder:default=Terminate". Only HTTPS and TLS listeners have a
 * TLS mode; the others return undefined.
 */
export function tlsModeOf(listener: Listener): 'Terminate' | 'Passthrough' | undefined {
  // Protocol names are compared as written (protocols.ts).
  if (listener.protocol !== 'HTTPS' && listener.protocol !== 'TLS') return undefined;
  return listener.tls?.mode ?? 'Terminate';
}

/** "ns/name", the key every index uses. */
export function nsName(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
