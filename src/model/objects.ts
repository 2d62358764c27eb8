// The Kubernetes objects kubectl-gw reads, as plain data. Field names follow the upstream Go
// types (kubernetes-sigs/gateway-api apis/v1/*_types.go, k8s.io/api core/v1 and discovery/v1);
// only the fields the tool uses are declared. Everything optional that the API server may omit
// is optional here too: the spec rules fill defaults in one place (src/spec/defaults.ts).

/** The Gateway API's group, and the experimental channel's (XListenerSet and other x- kinds). */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_X_GROUP = 'gateway.networking.x-k8s.io';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // Other kinds (policies, unknown backends) are kept as loose data.
  [key: string]: unknown;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

// ---- Gateway API ----

export interface GatewayClass extends KubeObject {
  kind: 'GatewayClass';
  spec: {
    controllerName: string;
    parametersRef?: { group: string; kind: string; name: string; namespace?: string };
    description?: string;
  };
  status?: { conditions?: Condition[]; supportedFeatures?: Array<{ name: string } | string> };
}

export interface RouteGroupKind {
  group?: string;
  kind: string;
}

export interface SecretObjectReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

export type ProtocolType = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | string;

/** ObjectReference (shared_types.go): group and kind required; namespace defaults to the referrer's. */
export interface ObjectReference {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** FrontendTLSValidation (gateway_types.go). */
export interface FrontendTLSValidation {
  caCertificateRefs?: ObjectReference[];
  mode?: 'AllowValidOnly' | 'AllowInsecureFallback';
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: ProtocolType;
  tls?: {
    mode?: 'Terminate' | 'Passthrough';
    certificateRefs?: SecretObjectReference[];
    options?: Record<string, string>;
    /** Experimental CRDs before v1.4 carried client-certificate validation on the listener. */
    frontendValidation?: FrontendTLSValidation;
  };
  allowedRoutes?: {
    namespaces?: { from?: 'All' | 'Same' | 'Selector' | 'None'; selector?: LabelSelector };
    kinds?: RouteGroupKind[];
  };
}

export interface GatewayAddress {
  type?: string;
  value: string;
}

export interface ListenerStatus {
  name: string;
  supportedKinds?: RouteGroupKind[];
  attachedRoutes: number;
  conditions?: Condition[];
}

export interface Gateway extends KubeObject {
  kind: 'Gateway';
  spec: {
    gatewayClassName: string;
    listeners: Listener[];
    addresses?: GatewayAddress[];
    infrastructure?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      parametersRef?: { group: string; kind: string; name: string };
    };
    tls?: {
      frontend?: {
        default?: { validation?: FrontendTLSValidation };
        perPort?: Array<{ port: number; tls?: { validation?: FrontendTLSValidation } }>;
      };
    };
  };
  status?: { addresses?: GatewayAddress[]; conditions?: Condition[]; listeners?: ListenerStatus[] };
}

/** ListenerSet (v1.6 standard; XListenerSet in gateway.networking.x-k8s.io before). */
export interface ListenerSet extends KubeObject {
  kind: 'ListenerSet' | 'XListenerSet';
  spec: {
    parentRef: { group?: string; kind?: string; name: string; namespace?: string };
    listeners: Listener[];
  };
  status?: { conditions?: Condition[]; listeners?: ListenerStatus[] };
}

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions?: Condition[];
}

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  filters?: HTTPRouteFilter[];
}

export type StringMatchType = 'Exact' | 'RegularExpression';

export interface HTTPPathMatch {
  type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
  value?: string;
}

export interface HTTPHeaderMatch {
  type?: StringMatchType;
  name: string;
  value: string;
}

export interface HTTPRouteMatch {
  path?: HTTPPathMatch;
  headers?: HTTPHeaderMatch[];
  queryParams?: HTTPHeaderMatch[];
  method?: string;
}

export interface HTTPHeaderFilter {
  set?: Array<{ name: string; value: string }>;
  add?: Array<{ name: string; value: string }>;
  remove?: string[];
}

export interface HTTPPathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface HTTPRouteFilter {
  type:
    | 'RequestHeaderModifier'
    | 'ResponseHeaderModifier'
    | 'RequestMirror'
    | 'RequestRedirect'
    | 'URLRewrite'
    | 'ExtensionRef'
    | 'CORS'
    | 'ExternalAuth'
    | string;
  requestHeaderModifier?: HTTPHeaderFilter;
  responseHeaderModifier?: HTTPHeaderFilter;
  requestMirror?: { backendRef: BackendRef; percent?: number; fraction?: { numerator: number; denominator?: number } };
  requestRedirect?: {
    scheme?: string;
    hostname?: string;
    path?: HTTPPathModifier;
    port?: number;
    statusCode?: number;
  };
  urlRewrite?: { hostname?: string; path?: HTTPPathModifier };
  extensionRef?: { group: string; kind: string; name: string };
}

export interface GRPCMethodMatch {
  type?: StringMatchType;
  service?: string;
  method?: string;
}

export interface GRPCRouteMatch {
  method?: GRPCMethodMatch;
  headers?: HTTPHeaderMatch[];
}

/**
 * One rule of any route kind. HTTPRoute rules use `matches: HTTPRouteMatch[]`, GRPCRoute rules
 * `matches: GRPCRouteMatch[]`; TLS/TCP/UDP rules have only backendRefs.
 */
export interface RouteRule {
  name?: string;
  matches?: HTTPRouteMatch[] | GRPCRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';

export const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];

export interface Route extends KubeObject {
  kind: RouteKind;
  spec: {
    parentRefs?: ParentReference[];
    hostnames?: string[];
    rules?: RouteRule[];
  };
  status?: { parents?: RouteParentStatus[] };
}

export interface HTTPRoute extends Route {
  kind: 'HTTPRoute';
  spec: Route['spec'] & { rules?: Array<RouteRule & { matches?: HTTPRouteMatch[] }> };
}

export interface GRPCRoute extends Route {
  kind: 'GRPCRoute';
  spec: Route['spec'] & { rules?: Array<RouteRule & { matches?: GRPCRouteMatch[] }> };
}

export interface ReferenceGrant extends KubeObject {
  kind: 'ReferenceGrant';
  spec: {
    from: Array<{ group: string; kind: string; namespace: string }>;
    to: Array<{ group: string; kind: string; name?: string }>;
  };
}

export interface PolicyTargetRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  sectionName?: string;
}

export interface BackendTLSPolicy extends KubeObject {
  kind: 'BackendTLSPolicy';
  spec: {
    targetRefs: PolicyTargetRef[];
    validation?: {
      caCertificateRefs?: Array<{ group?: string; kind: string; name: string }>;
      wellKnownCACertificates?: string;
      hostname?: string;
      subjectAltNames?: Array<{ type: string; hostname?: string; uri?: string }>;
    };
  };
  status?: { ancestors?: PolicyAncestorStatus[] };
}

export interface PolicyAncestorStatus {
  ancestorRef: ParentReference;
  controllerName: string;
  conditions?: Condition[];
}

/** Any GEP-713 policy (a CRD labelled gateway.networking.k8s.io/policy). */
export interface PolicyObject extends KubeObject {
  spec?: { targetRef?: PolicyTargetRef; targetRefs?: PolicyTargetRef[] } & Record<string, unknown>;
  status?: { ancestors?: PolicyAncestorStatus[] };
}

// ---- core and discovery ----

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  appProtocol?: string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  kind: 'Service';
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    ports?: ServicePort[];
    selector?: Record<string, string>;
    clusterIP?: string;
    externalName?: string;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface Endpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  targetRef?: { kind?: string; name?: string; namespace?: string };
  nodeName?: string;
}

export interface EndpointSlice extends KubeObject {
  kind: 'EndpointSlice';
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints?: Endpoint[];
  ports?: Array<{ name?: string; port?: number; protocol?: string; appProtocol?: string }>;
}

export interface Namespace extends KubeObject {
  kind: 'Namespace';
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Pod extends KubeObject {
  kind: 'Pod';
  spec: { containers: Array<{ name: string; ports?: ContainerPort[] }>; nodeName?: string };
  status?: { phase?: string; podIP?: string; conditions?: Condition[] };
}

export interface KubeEvent extends KubeObject {
  kind: 'Event';
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
}

/**
 * What the tool keeps of a Secret: never its data. The source turns each Secret it reads into
 * these facts at once (src/kube/secrets.ts, src/manifests/), so no later stage can print a key.
 */
export interface SecretFacts {
  namespace: string;
  name: string;
  type?: string;
  keys: string[];
  certificates: CertificateFacts[];
  /** Set when tls.crt is absent or does not parse. */
  certificateError?: string;
}

/** What is kept of a ConfigMap: its keys and the CA certificates of ca.crt (metadata only). */
export interface ConfigMapFacts {
  namespace: string;
  name: string;
  keys: string[];
  caCertificates: CertificateFacts[];
  /** Set when ca.crt is absent or holds no certificate that parses. */
  caCertificateError?: string;
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  dnsNames: string[];
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  isCA: boolean;
}
