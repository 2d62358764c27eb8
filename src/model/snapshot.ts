// The snapshot: every object one run looked at, normalised, plus what the run could NOT see.
// Coverage is first-class because "I could not read Secrets" must never become "Secret missing".
import type {
  BackendTLSPolicy,
  EndpointSlice,
  Gateway,
  GatewayClass,
  KubeEvent,
  ListenerSet,
  Namespace,
  PolicyObject,
  ReferenceGrant,
  Route,
  SecretFacts,
  Service,
} from './objects.js';

/** The resources a snapshot may hold, by what the tool calls them. */
export type ResourceName =
  | 'gatewayclasses'
  | 'gateways'
  | 'listenersets'
  | 'httproutes'
  | 'grpcroutes'
  | 'tlsroutes'
  | 'tcproutes'
  | 'udproutes'
  | 'referencegrants'
  | 'backendtlspolicies'
  | 'policies'
  | 'services'
  | 'endpointslices'
  | 'namespaces'
  | 'secrets'
  | 'events';

export const RESOURCE_NAMES: readonly ResourceName[] = [
  'gatewayclasses',
  'gateways',
  'listenersets',
  'httproutes',
  'grpcroutes',
  'tlsroutes',
  'tcproutes',
  'udproutes',
  'referencegrants',
  'backendtlspolicies',
  'policies',
  'services',
  'endpointslices',
  'namespaces',
  'secrets',
  'events',
];

/**
 * How much of one resource the snapshot holds:
 * - complete: listed from the cluster; an object absent here does not exist. With `namespace`, only
 *   that namespace could be listed (cluster-wide was forbidden): absence elsewhere proves nothing.
 * - files: only what the -f files hold; an absent object is "not in the given files".
 * - forbidden: the API server said 403; absence proves nothing.
 * - not-served: the cluster does not serve this kind (CRD not installed); absence is real.
 * - error: the read failed for another reason; absence proves nothing.
 */
export type Coverage =
  | { state: 'complete'; apiVersion?: string; namespace?: string }
  | { state: 'files' }
  | { state: 'forbidden'; message: string }
  | { state: 'not-served' }
  | { state: 'error'; message: string };

export interface Snapshot {
  gatewayClasses: GatewayClass[];
  gateways: Gateway[];
  listenerSets: ListenerSet[];
  /** Every route of every kind; `kind` tells them apart. */
  routes: Route[];
  referenceGrants: ReferenceGrant[];
  backendTLSPolicies: BackendTLSPolicy[];
  /** GEP-713 policies of any kind (CRDs labelled gateway.networking.k8s.io/policy). */
  policies: PolicyObject[];
  services: Service[];
  endpointSlices: EndpointSlice[];
  namespaces: Namespace[];
  /** Facts about the Secrets listeners reference; never their data. */
  secrets: SecretFacts[];
  events: KubeEvent[];
  coverage: Record<ResourceName, Coverage>;
  /** Where an object came from, by objectKey(): "file:line" for -f input, absent for the cluster. */
  origins: Record<string, string>;
  /** Things said once with -v: kinds skipped because their CRD is not installed, and the like. */
  notes: string[];
  /**
   * What was wrong with the -f input (src/manifests): files that could not be read, objects that
   * could not be read (skipped), values the API server would reject (the object is kept).
   * Absent or empty when the input was clean, and for the cluster.
   */
  inputProblems?: InputProblem[];
  /**
   * The API groups the cluster serves (discovery, GET /apis), when known. Absent for -f files or
   * when discovery was not read: then no group can be called unknown.
   */
  apiGroups?: string[];
}

/** One thing wrong with the -f input; check reports each as a finding with its code. */
export interface InputProblem {
  /** Finding code (src/findings/catalogue.ts): VL501 unreadable, VL502 malformed, VL503+ invalid values. */
  code: string;
  /** "file:line:col", or the file or URL alone when the problem is the whole file. */
  origin: string;
  /** The object, when it is known. */
  object?: { kind: string; namespace?: string; name: string };
  /** The resource the object belongs to, when kubectl-gw reads its kind. */
  resource?: ResourceName;
  /** The field, named as kubectl names fields: `spec.rules[0].backendRefs[1].weight`. */
  field?: string;
  /** One sentence, without the origin. */
  message: string;
  /** True when the file or object was not read at all (so the snapshot lacks it). */
  skipped: boolean;
}

export function emptySnapshot(state: Coverage = { state: 'files' }): Snapshot {
  const coverage = Object.fromEntries(RESOURCE_NAMES.map((r) => [r, state])) as Record<ResourceName, Coverage>;
  return {
    gatewayClasses: [],
    gateways: [],
    listenerSets: [],
    routes: [],
    referenceGrants: [],
    backendTLSPolicies: [],
    policies: [],
    services: [],
    endpointSlices: [],
    namespaces: [],
    secrets: [],
    events: [],
    coverage,
    origins: {},
    notes: [],
  };
}

/** The resource that holds objects of a route kind. */
export function routeResource(kind: Route['kind']): ResourceName {
  return `${kind.toLowerCase()}s` as ResourceName;
}

/** One stable key per object: "Kind/namespace/name" (namespace empty for cluster objects). */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
