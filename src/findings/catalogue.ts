// The catalogue of finding codes. Codes are stable: a script may filter on them (check --ignore),
// so a code is never reused for another meaning. docs/findings.md documents each one; a test keeps
// the two in step.
import type { Severity } from '../model/finding.js';

export interface FindingKind {
  severity: Severity;
  title: string;
}

export const CATALOGUE = {
  // GatewayClass
  GC001: { severity: 'error', title: 'Gateway names a GatewayClass that does not exist' },
  GC002: { severity: 'error', title: 'No controller claims the GatewayClass (it has no status)' },
  GC003: { severity: 'error', title: 'GatewayClass not accepted by its controller' },
  // Gateway and listeners
  GW101: { severity: 'error', title: 'Listener conflicts with another listener' },
  GW102: { severity: 'error', title: 'Listener certificate reference does not resolve' },
  GW103: { severity: 'error', title: 'Cross-namespace certificate reference without a ReferenceGrant' },
  GW104: { severity: 'error', title: 'Listener certificate has expired' },
  GW105: { severity: 'warning', title: 'Listener certificate expires within 30 days' },
  GW106: { severity: 'warning', title: "Listener certificate does not cover the listener's hostname" },
  GW107: { severity: 'error', title: 'Listener allows route kinds its protocol cannot carry' },
  GW108: { severity: 'warning', title: 'Listener is not accepted' },
  GW109: { severity: 'warning', title: 'Gateway is not accepted or not programmed by its controller' },
  GW110: { severity: 'info', title: 'Listener has no routes attached' },
  GW111: { severity: 'error', title: 'Listener protocol is not one the spec defines (UnsupportedProtocol)' },
  GW112: { severity: 'error', title: 'Listener hostname the API rejects or the spec forbids' },
  GW113: { severity: 'error', title: 'Gateway infrastructure.parametersRef names an object that cannot exist (InvalidParameters)' },
  GW114: { severity: 'error', title: 'Controller says Programmed=False where the spec finds the configuration valid: the data plane did not take it' },
  GW115: { severity: 'error', title: 'Client-certificate validation names a CA certificate that does not resolve' },
  // Routes
  RT201: { severity: 'error', title: 'parentRef names a Gateway that does not exist' },
  RT202: { severity: 'error', title: 'parentRef sectionName or port matches no listener' },
  RT203: { severity: 'error', title: 'Route not allowed by any listener (namespace or kind)' },
  RT204: { severity: 'error', title: "Route hostnames intersect no listener's hostname" },
  RT205: { severity: 'error', title: 'Backend Service does not exist' },
  RT206: { severity: 'error', title: 'Backend port does not exist on the Service' },
  RT207: { severity: 'error', title: 'Cross-namespace backend without a ReferenceGrant' },
  RT208: { severity: 'error', title: 'Backend of a kind the Gateway API does not define' },
  RT209: { severity: 'warning', title: 'Backend has no ready endpoints' },
  RT210: { severity: 'info', title: 'Backend of an implementation-specific kind: not checked' },
  RT211: { severity: 'error', title: "Backend protocol not supported by the route's kind" },
  RT212: { severity: 'info', title: 'Route has a parentRef that is neither a Gateway nor a Service (another kind): not checked' },
  RT213: { severity: 'warning', title: 'parentRef without sectionName attaches to plain HTTP as well as HTTPS' },
  RT214: { severity: 'warning', title: 'Rule never receives a request: rules that rank first take all of its matches' },
  RT215: { severity: 'warning', title: 'Rule loses requests by a tie-break, or is unreachable on some of its listeners or hostnames' },
  // Controller status versus the spec
  ST301: { severity: 'warning', title: 'Controller status disagrees with the spec' },
  ST302: { severity: 'warning', title: "Controller status is stale (observedGeneration behind the object's generation)" },
  ST303: { severity: 'warning', title: 'No controller wrote status for this parentRef' },
  // Policies (GEP-713)
  PL601: { severity: 'warning', title: 'Policy targets an object that does not exist in its namespace' },
  PL602: { severity: 'warning', title: 'Policy sectionName names no section of its target' },
  PL603: { severity: 'error', title: 'Policy not accepted by its controller' },
  PL604: { severity: 'warning', title: 'Policy lost a conflict with another policy (Conflicted)' },
  PL605: { severity: 'warning', title: 'Two policies of one kind target the same object' },
  // Mesh (GAMMA, GEP-1426): routes whose parentRef is a Service
  MS701: { severity: 'error', title: 'Mesh route names a parent Service that does not exist' },
  MS702: { severity: 'error', title: 'Mesh route parentRef port or sectionName that the Service does not expose' },
  MS703: { severity: 'warning', title: 'Mesh route parent is a headless or ExternalName Service' },
  MS704: { severity: 'warning', title: 'Mesh route ignored on a Service port: a more specific route kind binds there' },
  MS705: { severity: 'warning', title: "Consumer routes that take only some requests: the namespace's clients get 404 for the rest" },
  // Several clusters (--context a,b / --all-contexts)
  FL801: { severity: 'warning', title: 'The same route has a different verdict in different clusters' },
  // What could not be read
  CV401: { severity: 'warning', title: 'A resource could not be read; verdicts that need it are unknown' },
  CV402: { severity: 'warning', title: 'A verdict cannot be decided for want of a read; the controller status is shown instead' },
  // The -f input itself (src/manifests): unreadable, malformed, or values the API server rejects
  VL501: { severity: 'error', title: 'A file or URL given with -f could not be read' },
  VL502: { severity: 'error', title: 'A document or object in the files is malformed and was skipped' },
  VL503: { severity: 'error', title: "A value the Gateway API CRD schema rejects (range, pattern, enum, list size)" },
  VL504: { severity: 'error', title: "A value the Gateway API CRD's CEL validation rules reject" },
} as const satisfies Record<string, FindingKind>;

export type FindingCode = keyof typeof CATALOGUE;

export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];
