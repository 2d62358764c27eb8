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
  ConfigMapFacts,
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
  | 'configmaps'
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
  'configmaps',
  'events',
];

/**
 * How much of one resource the snapshot holds:
 * - complete: listed from the cluster; an object absent here does not exist.
 * - partial: read in parts: `namespaces` were listed in full, `names` were read one by one (found
 *   or not found: either way known), and `denied` says what the API server refused, by namespace
 *   (for namespaced kinds), by object name (for cluster-scoped kinds), or "*" for the cluster-wide
 *   list. An object outside what was read is unknown, never missing. Narrow reads (one route, one
 *   gateway) and the fallback under partial RBAC both give this.
 * - files: only what the -f files hold; an absent object is "not in the given files".
 * - forbidden: the API server said 403 and nothing could be read; absence proves nothing.
 * - not-served: the cluster does not serve this kind (CRD not installed); absence is real.
 * - error: the read failed for another reason; absence proves nothing.
 */
export type Coverage =
  | { state: 'complete'; apiVersion?: string }
  | PartialCoverage
  | { state: 'files' }
  | { state: 'forbidden'; message: string }
  | { state: 'not-served' }
  | { state: 'error'; message: string };

export interface PartialCoverage {
  state: 'partial';
  apiVersion?: string;
  /** Namespaces listed in full (for cluster-scoped kinds: none). */
  namespaces: string[];
  /** Objects read by name: "namespace/name", or "name" for cluster-scoped kinds. For
   *  endpointslices, "namespace/service": the slices of that Service, listed by label. */
  names: string[];
  /** What was refused, in words ("forbidden: cannot get gateways in namespace infra"), keyed by
   *  namespace, by name (cluster-scoped kinds) or "*" (the cluster-wide list). */
  denied: Record<string, string>;
}

/** A resource read in parts, nothing read yet. */
export function emptyPartial(apiVersion?: string): PartialCoverage {
  return { state: 'partial', ...(apiVersion ? { apiVersion } : {}), namespaces: [], names: [], denied: {} };
}

/**
 * Whether the snapshot can speak for one object (or, without `name`, for a whole namespace) of a
 * resource: null when absence there is proof, else why it is unknown, as a phrase to follow the
 * object ("Gateway infra/edge: unknown (forbidden: cannot get gateways in namespace infra)").
 * Cluster-scoped kinds pass the object's name as `name` and no namespace.
 */
export function coverageGap(coverage: Coverage, resource: ResourceName, at: { namespace?: string; name?: string } = {}): string | null {
  switch (coverage.state) {
    case 'complete':
    case 'not-served':
      return null;
    case 'files':
      return 'not in the given files';
    case 'forbidden':
      return `unknown (forbidden: ${coverage.message.replace(/ \(forbidden\)$/, '')})`;
    case 'error':
      return `unknown (cannot read ${resource}: ${coverage.message})`;
    case 'partial': {
      const { namespace, name } = at;
      if (namespace !== undefined && coverage.namespaces.includes(namespace)) return null;
      const key = namespace !== undefined ? (name !== undefined ? `${namespace}/${name}` : undefined) : name;
      if (key !== undefined && coverage.names.includes(key)) return null;
      const scoped = namespace !== undefined ? coverage.denied[namespace] : name !== undefined ? coverage.denied[name] : undefined;
      const denied = scoped ?? coverage.denied['*'];
      if (denied) return `unknown (${denied})`;
      const where = namespace !== undefined ? ` in namespace ${namespace}` : name !== undefined ? ` ${name}` : '';
      return `unknown (${resource}${where} not read)`;
    }
  }
}

/**
 * What the API server refused for this resource, in one sentence; null when nothing was refused
 * (complete, files, not-served, or a narrow read that simply did not need the rest).
 */
export function coverageDenied(coverage: Coverage): string | null {
  switch (coverage.state) {
    case 'forbidden':
      return coverage.message;
    case 'error':
      return coverage.message;
    case 'partial': {
      const entries = Object.entries(coverage.denied);
      if (entries.length === 0) return null;
      const read = [
        coverage.namespaces.length > 0 ? `listed namespace${coverage.namespaces.length === 1 ? '' : 's'} ${coverage.namespaces.join(', ')}` : '',
        coverage.names.length > 0 ? `read ${coverage.names.length} by name` : '',
      ].filter(Boolean);
      const said = [...new Set(entries.map(([, m]) => m))];
      return `${said.join('; ')}${read.length > 0 ? ` (${read.join(', ')})` : ''}`;
    }
    default:
      return null;
  }
}

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
  /** Facts about the ConfigMaps CA certificate and parameters references name; never their data. */
  configMaps: ConfigMapFacts[];
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
  /** For a value the API server would reject: the validation rule (type, field, marker or CEL). */
  rule?: string;
  /** True when the file or object was not read at all (so the snapshot lacks it). */
  skipped: boolean;
}

/** The arrays of a snapshot that hold whole cluster objects (Secrets and ConfigMaps are kept as facts, Events apart). */
export const CLUSTER_OBJECT_LISTS = [
  'gatewayClasses',
  'gateways',
  'listenerSets',
  'routes',
  'referenceGrants',
  'backendTLSPolicies',
  'policies',
  'services',
  'endpointSlices',
  'namespaces',
] as const satisfies ReadonlyArray<keyof Snapshot>;

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
    configMaps: [],
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

/**
 * Did the read that made this snapshot miss something the verdicts need? Any resource the API
 * server refused or failed, in part or in full; Events (read per object, for explain only) and
 * policies (informational) aside.
 */
export function snapshotIncomplete(snapshot: Snapshot): boolean {
  return RESOURCE_NAMES.some((r) => r !== 'events' && r !== 'policies' && coverageDenied(snapshot.coverage[r]) !== null);
}
