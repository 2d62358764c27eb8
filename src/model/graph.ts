// The graph: GatewayClass -> Gateway -> Listener -> Route -> rule -> backendRef -> Service port
// -> endpoints. Plain data (JSON-serialisable, no cycles: nodes refer to each other by id) so that
// `-o json` can print it as it is. Every edge carries what the spec computes ("computed") and,
// where the controller wrote status, what it reported ("reported"), and whether they agree.
//
// Ids: "GatewayClass//name", "Gateway/ns/name", "Gateway/ns/name#listener", "HTTPRoute/ns/name".
import type {
  Condition,
  ConditionStatus,
  CertificateFacts,
  HTTPRouteFilter,
  GRPCRouteMatch,
  HTTPRouteMatch,
  ParentReference,
  RouteKind,
} from './objects.js';
import type { Coverage, ResourceName } from './snapshot.js';

/** A condition as the spec engine computes it (same shape as a status condition). */
export interface ComputedCondition {
  type: string;
  status: ConditionStatus;
  /** The spec's own reason name, e.g. NotAllowedByListeners, RefNotPermitted. */
  reason: string;
  /** Plain words: what decided it. */
  message: string;
}

/** What the controller wrote, and whether it is current. */
export interface Reported {
  controllerName?: string;
  conditions: Condition[];
  /** The lowest observedGeneration among the conditions, if any carry one. */
  observedGeneration?: number;
  /** metadata.generation of the object. */
  generation?: number;
  /** observedGeneration < generation: the controller has not processed the latest spec. */
  stale: boolean;
}

/** Where the spec and the controller differ, in plain words; empty when they agree. */
/** Client-certificate validation on a listener (src/spec/frontend-validation.ts). */
export interface ClientValidationEdge {
  source: string;
  mode: string;
  caCertificates: Array<{
    ref: { group: string; kind: string; namespace: string; name: string };
    resolved: boolean | null;
    reason: string;
    message: string;
    certificates: CertificateFacts[];
  }>;
}

export interface Disagreement {
  conditionType: string;
  computed?: { status: ConditionStatus; reason: string };
  reported?: { status: ConditionStatus; reason: string };
  message: string;
}

export interface GraphGatewayClass {
  id: string;
  name: string;
  controllerName: string;
  /** False when a Gateway names a class that does not exist (kept as a dangling node). */
  exists: boolean;
  /** null: no status at all, i.e. no running controller claims controllerName. */
  reported: Reported | null;
  computed: ComputedCondition[];
  gateways: string[];
}

export interface CertificateEdge {
  ref: { group: string; kind: string; namespace: string; name: string };
  /** true resolved, false definitely not, null unknown (e.g. Secrets forbidden). */
  resolved: boolean | null;
  /** InvalidCertificateRef | RefNotPermitted | ResolvedRefs | Unknown */
  reason: string;
  message: string;
  certificates: CertificateFacts[];
  /** Listener hostname covered by a certificate SAN (null when unknown or no hostname). */
  coversHostname: boolean | null;
  expired: boolean | null;
}

export interface GraphListener {
  id: string;
  gateway: string;
  /** Set when the listener comes from a ListenerSet rather than the Gateway itself. */
  listenerSet?: string;
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  tlsMode?: 'Terminate' | 'Passthrough';
  allowedNamespaces: 'All' | 'Same' | 'Selector' | 'None';
  /** Route kinds this listener accepts (computed from allowedRoutes.kinds and protocol). */
  supportedKinds: Array<{ group: string; kind: string }>;
  certificates: CertificateEdge[];
  /** Client-certificate validation, when the listener has one (CA metadata only). */
  clientValidation?: ClientValidationEdge;
  computed: ComputedCondition[];
  reported: (Reported & { attachedRoutes?: number; supportedKinds?: Array<{ group?: string; kind: string }> }) | null;
  attachedRoutes: { computed: number; reported: number | null };
  /** Route ids attached (Accepted) to this listener, in a stable order. */
  routes: string[];
  disagreements: Disagreement[];
}

export interface GraphGateway {
  id: string;
  namespace: string;
  name: string;
  className: string;
  /** Id of the GatewayClass node (which may be a dangling one). */
  gatewayClass: string;
  /** Spec addresses and status addresses, de-duplicated, status first. */
  addresses: string[];
  computed: ComputedCondition[];
  reported: Reported | null;
  listeners: GraphListener[];
  /** Policies (GEP-713, BackendTLSPolicy) whose targetRef names this gateway. */
  policies: PolicyAttachment[];
  disagreements: Disagreement[];
  /** GatewayStatus.attachedListenerSets: ListenerSets whose Accepted is True (computed; null
   *  when ListenerSets could not all be read) and the controller's count. Set only when a
   *  ListenerSet names the Gateway or the controller reports a count. */
  attachedListenerSets?: { computed: number | null; reported: number | null };
}

/** A ListenerSet: its own conditions (its listeners are in its parent Gateway's `listeners`). */
export interface GraphListenerSet {
  /** "ListenerSet/ns/name" (also for XListenerSet). */
  id: string;
  namespace: string;
  name: string;
  /** "ns/name" of the Gateway its parentRef names; null when the parentRef names no Gateway. */
  parentGateway: string | null;
  computed: ComputedCondition[];
  reported: Reported | null;
  disagreements: Disagreement[];
  /** Listener ids ("ListenerSet/ns/name#listener"), in spec order. */
  listeners: string[];
}

export interface ListenerVerdict {
  /** Listener id ("Gateway/ns/name#listener"). */
  id: string;
  name: string;
  accepted: boolean;
  /** The one reason that decided: Accepted, NotAllowedByListeners, NoMatchingListenerHostname,
   *  NoMatchingParent (not selected by sectionName/port), ... */
  reason: string;
  message: string;
  /** For NotAllowedByListeners: which half of allowedRoutes turned the route away. */
  rejectedBy?: 'namespace' | 'kind';
}

export interface ParentEvaluation {
  /** The parentRef as written, with defaults filled (group, kind, namespace). */
  parentRef: Required<Pick<ParentReference, 'group' | 'kind' | 'namespace' | 'name'>> &
    Pick<ParentReference, 'sectionName' | 'port'>;
  index: number;
  /** What the parentRef targets: a Gateway (checked), a ListenerSet, a Service (GAMMA mesh, not
   *  checked), or another kind (not checked). */
  target: 'Gateway' | 'ListenerSet' | 'Service' | 'Other';
  /** "ns/name" of the Gateway when it exists; null otherwise. */
  gateway: string | null;
  /** Every listener considered, with its verdict. */
  listeners: ListenerVerdict[];
  /** Always carries Accepted and ResolvedRefs (when target is a Gateway or ListenerSet). */
  computed: ComputedCondition[];
  /** The status.parents entry for this parentRef, or null when no controller wrote one. */
  reported: Reported | null;
  agrees: boolean;
  disagreements: Disagreement[];
  /** Listener ids the route attaches to through this parentRef. */
  attachedListeners: string[];
  /** Hostnames the route serves on each attached listener (the intersection), by listener id. */
  effectiveHostnames: Record<string, string[]>;
  /** Set for a Service parent (GAMMA mesh): the binding GEP-1426 computes. */
  mesh?: MeshBinding;
  /**
   * The conditions the spec could not decide because something could not be read (computed
   * Unknown, reason Unknown), each with what the controller reported for it: then the best
   * available fact, and whose it is. Absent when every condition was decided.
   */
  undecided?: UndecidedCondition[];
}

export interface UndecidedCondition {
  type: string;
  /** Why the spec cannot tell, e.g. "Gateway infra/edge: unknown (forbidden: cannot get gateways in namespace infra)". */
  message: string;
  /** The controller's condition of that type, or null when no controller reported one. */
  reported: { controllerName?: string; status: ConditionStatus; reason: string; message?: string } | null;
}

/** A Service parentRef (GAMMA mesh, GEP-1426): what the route binds to and for whom. */
export interface MeshBinding {
  /** "ns/name" of the parent Service. */
  service: string;
  /** producer: the route is in the Service's namespace; consumer: in another one. */
  role: 'producer' | 'consumer';
  /** Consumer routes: the namespace whose clients they apply to; null for producer routes. */
  clients: string | null;
  /** Whether the Service exists (null: Services could not be read). */
  exists: boolean | null;
  /** ClusterIP, headless, ExternalName, NodePort or LoadBalancer. */
  serviceType?: string;
  /** The Service's ports ("80/http"). */
  servicePorts?: string[];
  /** The ports the route binds to: the parentRef's port or sectionName, else all of them. */
  ports: number[];
}

export interface EndpointCounts {
  ready: number;
  serving: number;
  terminating: number;
  total: number;
  addresses: Array<{ address: string; ready: boolean; pod?: string }>;
}

export interface BackendEdge {
  /** The backendRef with defaults filled. */
  ref: { group: string; kind: string; namespace: string; name: string; port?: number; weight: number };
  /** true resolved, false definitely not, null unknown (forbidden, not checked, not in files). */
  resolved: boolean | null;
  /** ResolvedRefs | BackendNotFound | RefNotPermitted | InvalidKind | UnsupportedProtocol |
   *  NotChecked (other backend kinds) | Unknown (could not read) */
  reason: string;
  message: string;
  service?: { exists: boolean; portFound: boolean; targetPort?: number | string; appProtocol?: string };
  /** null: unknown (EndpointSlices not readable, or not a Service). */
  endpoints: EndpointCounts | null;
  /** Why endpoints are unknown, e.g. "forbidden: cannot list endpointslices". */
  endpointsUnknown?: string;
  /** Policies (BackendTLSPolicy, GEP-713) whose targetRef names the backend Service. */
  policies?: PolicyAttachment[];
  /** HTTPBackendRef.Filters: applied only to requests sent to this backend (a RequestRedirect
   *  here answers them itself). */
  filters?: HTTPRouteFilter[];
}

/** Whether any request can reach a rule (src/spec/reachability.ts). */
export type Reachable = 'yes' | 'partly' | 'no' | 'unknown';

export interface RuleRef {
  route: { kind: RouteKind; namespace: string; name: string };
  rule: number;
}

/** The verdict on one listener, for one hostname the route serves there. */
export interface ReachabilityOn {
  /** Listener id ("Gateway/ns/name#listener"). */
  listener: string;
  /** The hostname served ("*" when the route serves every host the listener takes). */
  hostname: string;
  reachable: Reachable;
  shadowedBy: RuleRef[];
  /** Which rule takes the requests and why; absent when reachable is yes. */
  reason?: string;
}

export interface RuleReachability {
  reachable: Reachable;
  /** The rules that take this rule's requests (all of them for `no`, the tie-break share for `partly`). */
  shadowedBy: RuleRef[];
  /** One sentence per listener and hostname where it loses requests, naming the rule and why. */
  reasons: string[];
  on: ReachabilityOn[];
}

export interface GraphRule {
  index: number;
  name?: string;
  /** Compact one-line summary, e.g. "PathPrefix /api GET x-env=prod -> redirect https 301". */
  summary: string;
  matches: Array<HTTPRouteMatch | GRPCRouteMatch>;
  filters: HTTPRouteFilter[];
  backends: BackendEdge[];
  /** RequestMirror targets (rule filters and backendRef filters): references, but no traffic share. */
  mirrors?: BackendEdge[];
  /** Set for the rules of HTTPRoutes and GRPCRoutes attached to an HTTP or HTTPS listener. */
  reachability?: RuleReachability;
}

export interface GraphRoute {
  id: string;
  kind: RouteKind;
  namespace: string;
  name: string;
  hostnames: string[];
  generation?: number;
  creationTimestamp?: string;
  parents: ParentEvaluation[];
  rules: GraphRule[];
  policies: PolicyAttachment[];
  /** Accepted by at least one listener of one parent (computed). */
  attached: boolean;
}

export interface PolicyAttachment {
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  /** Short summary of the policy's own status for this target, if any. */
  status?: string;
}

export interface UnattachedRoute {
  route: string;
  /** One sentence per parentRef: why it did not attach. */
  reasons: string[];
}

/**
 * A route with parentRefs that name neither a Gateway nor a ListenerSet: a Service (the GAMMA
 * mesh profile), another route (delegation), or any other kind. No listener holds such a parent,
 * so without this entry the route would appear nowhere in the tree. The route itself (its
 * parents with what the controller reported, rules and backends) is in `Graph.routes`.
 */
export interface RouteWithOtherParents {
  /** Route id. */
  route: string;
  /** Indexes into the route's `parents` of the parentRefs that are neither Gateway nor ListenerSet. */
  parents: number[];
}

export interface Graph {
  gatewayClasses: GraphGatewayClass[];
  gateways: GraphGateway[];
  /** Present when the snapshot holds ListenerSets. */
  listenerSets?: GraphListenerSet[];
  routes: GraphRoute[];
  /** Routes attached to no listener, with why (parent not found, not accepted ...). */
  unattached: UnattachedRoute[];
  /** Routes with at least one parentRef that is not a Gateway or ListenerSet, sorted by route id.
   *  Optional only so hand-built graphs may leave it out; buildGraph always sets it. */
  otherParents?: RouteWithOtherParents[];
  coverage: Record<ResourceName, Coverage>;
}
