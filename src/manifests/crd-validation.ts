// The values the Gateway API CRDs' own validation rejects, so that `check -f` says before
// `kubectl apply` what the API server would refuse. One place for every rule; each names the Go
// type and field of sigs.k8s.io/gateway-api apis/v1 it comes from and the marker or CEL rule
// (x-kubernetes-validations) that enforces it: OpenAPI schema rules (ranges, patterns, enums,
// list sizes, list-map keys) are VL503, CEL rules VL504.
//
// Defaults are applied as the API server does before validating (a path match's type PathPrefix
// and value "/", a backendRef's group "" and kind Service, a listener's tls.mode Terminate), so a
// path match without a value is accepted, as it is by the API server. Where the standard and
// experimental CRDs differ, the more permissive rule is used: a value is reported only when
// every channel rejects it.
//
// Checked for -f input only: objects read from a cluster were admitted by this validation already
// (or by an older CRD, whose verdict is the one that counted). Where a bound moved between
// releases (v1.6 raised infrastructure annotations from 8 to 16), the more permissive one is used;
// where releases disagree on whether a value is valid at all, the rule is left out and says so.
// Rules that compare with the stored object (GatewayClass controllerName is immutable) cannot be
// judged from files.
import type { ResourceName } from '../model/snapshot.js';

type Path = Array<string | number>;

export interface CrdViolation {
  /** Where, from the object's root. */
  path: Path;
  code: 'VL503' | 'VL504';
  /** What is wrong, in plain words. */
  message: string;
  /** The type, field and marker or CEL rule it comes from. */
  rule: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const has = (o: Obj, key: string) => o[key] !== undefined && o[key] !== null;

// shared_types.go patterns.
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const PATTERNS = {
  Hostname: new RegExp(`^(\\*\\.)?${DNS_SUBDOMAIN}$`),
  PreciseHostname: new RegExp(`^${DNS_SUBDOMAIN}$`),
  Group: new RegExp(`^$|^${DNS_SUBDOMAIN}$`),
  Kind: /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
  Namespace: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  SectionName: new RegExp(`^${DNS_SUBDOMAIN}$`),
  HeaderName: /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/,
  Duration: /^([0-9]{1,5}(h|m|s|ms)){1,4}$/,
  // gateway_types.go ProtocolType.
  ProtocolType: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/,
  // shared_types.go GatewayController: a domain-prefixed path.
  GatewayController: new RegExp(`^${DNS_SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`),
  // shared_types.go AddressType, copied as written: the alternation is not grouped, so only
  // "Hostname" is anchored at the start and only the domain-prefixed form at the end (the API
  // server applies the pattern exactly so).
  AddressType: new RegExp(`^Hostname|IPAddress|NamedAddress|${DNS_SUBDOMAIN}\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$`),
  // shared_types.go LabelValue.
  LabelValue: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/,
  // shared_types.go AbsoluteURI (RFC 3986's regex, with a scheme and an authority required).
  AbsoluteURI: /^(([^:/?#]+):)(\/\/([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?/,
};

/** Limits of the named string types (MinLength, MaxLength, Pattern). */
const STRING_TYPES: Record<string, { min: number; max: number; pattern?: RegExp; words?: string }> = {
  Hostname: { min: 1, max: 253, pattern: PATTERNS.Hostname, words: 'a lower-case RFC 1123 hostname, optionally prefixed by a "*." wildcard label' },
  PreciseHostname: { min: 1, max: 253, pattern: PATTERNS.PreciseHostname, words: 'a lower-case RFC 1123 hostname (no wildcard)' },
  Group: { min: 0, max: 253, pattern: PATTERNS.Group, words: 'empty or a lower-case DNS subdomain' },
  Kind: { min: 1, max: 63, pattern: PATTERNS.Kind, words: 'a kind such as Service (letters, digits, "-")' },
  Namespace: { min: 1, max: 63, pattern: PATTERNS.Namespace, words: 'a lower-case RFC 1123 label' },
  ObjectName: { min: 1, max: 253 },
  SectionName: { min: 1, max: 253, pattern: PATTERNS.SectionName, words: 'a lower-case DNS subdomain' },
  HeaderName: { min: 1, max: 256, pattern: PATTERNS.HeaderName, words: 'an HTTP header name (RFC 7230 token characters, no ":" or spaces)' },
  Duration: { min: 1, max: Number.MAX_SAFE_INTEGER, pattern: PATTERNS.Duration, words: 'a GEP-2257 duration such as 10s, 1m30s or 500ms' },
  ProtocolType: { min: 1, max: 255, pattern: PATTERNS.ProtocolType, words: 'a protocol such as HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed name' },
  GatewayController: { min: 1, max: 253, pattern: PATTERNS.GatewayController, words: 'a domain-prefixed path such as example.net/gateway-controller' },
  AddressType: { min: 1, max: 253, pattern: PATTERNS.AddressType, words: 'IPAddress, Hostname, NamedAddress or a domain-prefixed type such as example.com/custom' },
  LabelValue: { min: 0, max: 63, pattern: PATTERNS.LabelValue, words: 'a label value (letters, digits, "-", "_", "." between, starting and ending with a letter or digit)' },
  AnnotationValue: { min: 0, max: 4096 },
  AbsoluteURI: { min: 1, max: 253, pattern: PATTERNS.AbsoluteURI, words: 'an absolute URI with a scheme and an authority, such as spiffe://cluster.local/ns/app/sa/web' },
};

// httproute_types.go HTTPPathMatch CEL: what an Exact or PathPrefix value must not hold.
const PATH_VALUE_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

class Checker {
  readonly out: CrdViolation[] = [];

  schema(path: Path, message: string, rule: string): void {
    this.out.push({ path, code: 'VL503', message, rule });
  }

  cel(path: Path, message: string, rule: string): void {
    this.out.push({ path, code: 'VL504', message, rule });
  }

  /** A string of one of the named types; absent is fine (required fields are src/manifests/shape.ts's). */
  string(path: Path, value: unknown, type: keyof typeof STRING_TYPES, field: string): void {
    if (typeof value !== 'string') return;
    const t = STRING_TYPES[type];
    if (value.length < t.min) this.schema(path, `must not be empty`, `${field} (${type}) +kubebuilder:validation:MinLength=${t.min}`);
    else if (value.length > t.max) this.schema(path, `is ${value.length} characters long, more than ${t.max}`, `${field} (${type}) +kubebuilder:validation:MaxLength=${t.max}`);
    else if (t.pattern && !t.pattern.test(value)) {
      this.schema(path, `${JSON.stringify(value)} is not ${t.words}`, `${field} (${type}) +kubebuilder:validation:Pattern=${t.pattern.source}`);
    }
  }

  maxLength(path: Path, value: unknown, max: number, field: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.schema(path, `is ${value.length} characters long, more than ${max}`, `${field} +kubebuilder:validation:MaxLength=${max}`);
    }
  }

  minLength1(path: Path, value: unknown, field: string): void {
    if (value === '') this.schema(path, 'must not be empty', `${field} +kubebuilder:validation:MinLength=1`);
  }

  range(path: Path, value: unknown, min: number, max: number | undefined, field: string): void {
    if (typeof value !== 'number') return;
    if (!Number.isInteger(value)) this.schema(path, `${value} is not a whole number`, `${field} (integer)`);
    else if (value < min) this.schema(path, `${value} is below the minimum ${min}`, `${field} +kubebuilder:validation:Minimum=${min}`);
    else if (max !== undefined && value > max) this.schema(path, `${value} is above the maximum ${max}`, `${field} +kubebuilder:validation:Maximum=${max}`);
  }

  port(path: Path, value: unknown, field: string): void {
    this.range(path, value, 1, 65535, `${field} (PortNumber)`);
  }

  oneOf(path: Path, value: unknown, allowed: ReadonlyArray<string | number>, field: string): void {
    if (value === undefined || value === null) return;
    if (!allowed.includes(value as string | number)) {
      this.schema(path, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`, `${field} +kubebuilder:validation:Enum=${allowed.join(';')}`);
    }
  }

  maxItems(path: Path, value: unknown, max: number, field: string): void {
    if (Array.isArray(value) && value.length > max) {
      this.schema(path, `lists ${value.length} items, more than ${max}`, `${field} +kubebuilder:validation:MaxItems=${max}`);
    }
  }

  minItems(path: Path, value: unknown, min: number, field: string): void {
    if (Array.isArray(value) && value.length < min) {
      this.schema(path, `must list at least ${min}`, `${field} +kubebuilder:validation:MinItems=${min}`);
    }
  }

  /** +listType=map with +listMapKey, or +listType=set: the API server refuses a repeated key. */
  unique(path: Path, value: unknown, keyOf: (item: unknown) => string | undefined, what: string, field: string, marker: string): void {
    const seen = new Set<string>();
    list(value).forEach((item, i) => {
      const key = keyOf(item);
      if (key === undefined) return;
      if (seen.has(key)) this.schema([...path, i], `${what} ${key} appears twice`, `${field} ${marker}`);
      seen.add(key);
    });
  }
}

// ---- shared: references ----

/** shared_types.go ParentReference. */
function parentRef(c: Checker, path: Path, ref: Obj): void {
  c.string([...path, 'group'], ref.group, 'Group', 'ParentReference.Group');
  c.string([...path, 'kind'], ref.kind, 'Kind', 'ParentReference.Kind');
  c.string([...path, 'namespace'], ref.namespace, 'Namespace', 'ParentReference.Namespace');
  c.string([...path, 'name'], ref.name, 'ObjectName', 'ParentReference.Name');
  c.string([...path, 'sectionName'], ref.sectionName, 'SectionName', 'ParentReference.SectionName');
  c.port([...path, 'port'], ref.port, 'ParentReference.Port');
}

/** object_reference_types.go BackendObjectReference, with its defaults (group "", kind Service). */
function backendObjectRef(c: Checker, path: Path, ref: Obj, type = 'BackendObjectReference'): void {
  c.string([...path, 'group'], ref.group, 'Group', `${type}.Group`);
  c.string([...path, 'kind'], ref.kind, 'Kind', `${type}.Kind`);
  c.string([...path, 'name'], ref.name, 'ObjectName', `${type}.Name`);
  c.string([...path, 'namespace'], ref.namespace, 'Namespace', `${type}.Namespace`);
  c.port([...path, 'port'], ref.port, `${type}.Port`);
  const group = typeof ref.group === 'string' ? ref.group : '';
  const kind = typeof ref.kind === 'string' && ref.kind !== '' ? ref.kind : 'Service';
  if (group === '' && kind === 'Service' && !has(ref, 'port')) {
    c.cel(path, 'a backendRef to a Service must have a port', `BackendObjectReference: "Must have port for Service reference" (size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true`);
  }
}

/** shared_types.go BackendRef: the reference and its weight. */
function backendRef(c: Checker, path: Path, ref: Obj): void {
  backendObjectRef(c, path, ref, 'BackendRef');
  c.range([...path, 'weight'], ref.weight, 0, 1_000_000, 'BackendRef.Weight');
}

/** CommonRouteSpec.ParentRefs, with the experimental channel's (more permissive) CEL rules. */
function parentRefs(c: Checker, path: Path, refs: unknown): void {
  c.maxItems(path, refs, 32, 'CommonRouteSpec.ParentRefs');
  const items = list(refs).filter(isObj);
  items.forEach((ref, i) => parentRef(c, [...path, list(refs).indexOf(ref)], ref));
  const ns = (r: Obj) => (typeof r.namespace === 'string' ? r.namespace : '');
  const section = (r: Obj) => (typeof r.sectionName === 'string' ? r.sectionName : '');
  const port = (r: Obj) => (typeof r.port === 'number' ? r.port : 0);
  const same = (a: Obj, b: Obj) =>
    (a.group ?? 'gateway.networking.k8s.io') === (b.group ?? 'gateway.networking.k8s.io') &&
    (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway') &&
    a.name === b.name &&
    ns(a) === ns(b);
  items.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const a = items[i];
      if (!same(a, b)) continue;
      const at = [...path, list(refs).indexOf(b)];
      if ((section(a) === '') !== (section(b) === '') || (port(a) === 0) !== (port(b) === 0)) {
        c.cel(at, `parentRefs ${i} and ${j} name the same parent, and only one of them sets sectionName (or port)`, 'CommonRouteSpec.ParentRefs: "sectionName or port must be specified when parentRefs includes 2 or more references to the same parent"');
        return;
      }
      if (section(a) === section(b) && port(a) === port(b)) {
        c.cel(at, `parentRefs ${i} and ${j} name the same parent with the same sectionName and port`, 'CommonRouteSpec.ParentRefs: "sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"');
        return;
      }
    }
  });
}

function hostnames(c: Checker, path: Path, value: unknown, type: string): void {
  c.maxItems(path, value, 16, `${type}.Hostnames`);
  list(value).forEach((h, i) => c.string([...path, i], h, 'Hostname', `${type}.Hostnames`));
}

// ---- HTTPRoute ----

/** httproute_types.go HTTPPathMatch, after defaulting (type PathPrefix, value "/"). */
function pathMatch(c: Checker, path: Path, match: Obj): void {
  const type = match.type ?? 'PathPrefix';
  const value = match.value ?? '/';
  const rule = (message: string) => `HTTPPathMatch: "${message}"`;
  if (!['Exact', 'PathPrefix', 'RegularExpression'].includes(type as string)) {
    c.schema([...path, 'type'], `${JSON.stringify(type)} is not one of Exact, PathPrefix, RegularExpression`, 'HTTPPathMatch.Type (PathMatchType) +kubebuilder:validation:Enum=Exact;PathPrefix;RegularExpression');
    return;
  }
  if (typeof value !== 'string') return;
  c.maxLength([...path, 'value'], value, 1024, 'HTTPPathMatch.Value');
  if (type === 'RegularExpression') return;
  const at = [...path, has(match, 'value') ? 'value' : 'type'];
  const checks: Array<[boolean, string, string]> = [
    [value.startsWith('/'), `${JSON.stringify(value)} does not start with "/"`, "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('//'), `${JSON.stringify(value)} contains "//"`, "must not contain '//' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('/./'), `${JSON.stringify(value)} contains "/./"`, "must not contain '/./' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('/../'), `${JSON.stringify(value)} contains "/../"`, "must not contain '/../' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('%2f') && !value.includes('%2F'), `${JSON.stringify(value)} contains an encoded "/" (%2f)`, "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"],
    [!value.includes('#'), `${JSON.stringify(value)} contains "#"`, "must not contain '#' when type one of ['Exact', 'PathPrefix']"],
    [!value.endsWith('/..'), `${JSON.stringify(value)} ends with "/.."`, "must not end with '/..' when type one of ['Exact', 'PathPrefix']"],
    [!value.endsWith('/.'), `${JSON.stringify(value)} ends with "/."`, "must not end with '/.' when type one of ['Exact', 'PathPrefix']"],
    [
      PATH_VALUE_CHARS.test(value),
      value === '' ? 'the path is empty' : `${JSON.stringify(value)} holds a character a path may not hold unencoded`,
      `must only contain valid characters (matching ${PATH_VALUE_CHARS.source}) for types ['Exact', 'PathPrefix']`,
    ],
  ];
  for (const [ok, message, cel] of checks) if (!ok) c.cel(at, `${message} (path type ${String(type)})`, rule(cel));
}

function headerMatches(c: Checker, path: Path, value: unknown, type: string, valueMax: number, field = 'Headers'): void {
  c.maxItems(path, value, 16, `${type}.${field}`);
  c.unique(path, value, (h) => (isObj(h) && typeof h.name === 'string' ? JSON.stringify(h.name) : undefined), 'name', `${type}.${field}`, '+listType=map +listMapKey=name');
  list(value).forEach((h, i) => {
    if (!isObj(h)) return;
    const at = [...path, i];
    c.oneOf([...at, 'type'], h.type, ['Exact', 'RegularExpression'], `${type}.${field}[].Type`);
    c.string([...at, 'name'], h.name, 'HeaderName', `${type}.${field}[].Name`);
    c.minLength1([...at, 'value'], h.value, `${type}.${field}[].Value`);
    c.maxLength([...at, 'value'], h.value, valueMax, `${type}.${field}[].Value`);
  });
}

/** httproute_types.go HTTPHeaderFilter (set, add: list-maps by name; remove: a set). */
function headerFilter(c: Checker, path: Path, f: Obj, type: string): void {
  for (const key of ['set', 'add'] as const) {
    const at = [...path, key];
    c.maxItems(at, f[key], 16, `${type}.${key}`);
    c.unique(at, f[key], (h) => (isObj(h) && typeof h.name === 'string' ? JSON.stringify(h.name) : undefined), 'header', `${type}.${key}`, '+listType=map +listMapKey=name');
    list(f[key]).forEach((h, i) => {
      if (!isObj(h)) return;
      c.string([...at, i, 'name'], h.name, 'HeaderName', `HTTPHeader.Name`);
      c.minLength1([...at, i, 'value'], h.value, 'HTTPHeader.Value');
      c.maxLength([...at, i, 'value'], h.value, 4096, 'HTTPHeader.Value');
    });
  }
  c.maxItems([...path, 'remove'], f.remove, 16, `${type}.remove`);
  c.unique([...path, 'remove'], f.remove, (h) => (typeof h === 'string' ? JSON.stringify(h) : undefined), 'header', `${type}.remove`, '+listType=set');
}

/** httproute_types.go HTTPPathModifier: enum, lengths and its four CEL rules. */
function pathModifier(c: Checker, path: Path, p: Obj): void {
  c.oneOf([...path, 'type'], p.type, ['ReplaceFullPath', 'ReplacePrefixMatch'], 'HTTPPathModifier.Type');
  c.maxLength([...path, 'replaceFullPath'], p.replaceFullPath, 1024, 'HTTPPathModifier.ReplaceFullPath');
  c.maxLength([...path, 'replacePrefixMatch'], p.replacePrefixMatch, 1024, 'HTTPPathModifier.ReplacePrefixMatch');
  const pairs: Array<['ReplaceFullPath' | 'ReplacePrefixMatch', 'replaceFullPath' | 'replacePrefixMatch']> = [
    ['ReplaceFullPath', 'replaceFullPath'],
    ['ReplacePrefixMatch', 'replacePrefixMatch'],
  ];
  for (const [type, field] of pairs) {
    if (p.type === type && !has(p, field)) c.cel(path, `type ${type} needs ${field}`, `HTTPPathModifier: "${field} must be specified when type is set to '${type}'"`);
    if (has(p, field) && p.type !== type) c.cel([...path, field], `${field} is set but type is ${String(p.type)}`, `HTTPPathModifier: "type must be '${type}' when ${field} is set"`);
  }
}

const HTTP_FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  CORS: 'cors',
  ExternalAuth: 'externalAuth',
  ExtensionRef: 'extensionRef',
};
const GRPC_FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  ExtensionRef: 'extensionRef',
};

/** One HTTPRouteFilter or GRPCRouteFilter: its type, the union CEL rules, and its own fields. */
function filter(c: Checker, path: Path, f: Obj, kind: 'HTTPRouteFilter' | 'GRPCRouteFilter'): void {
  const fields = kind === 'HTTPRouteFilter' ? HTTP_FILTER_FIELDS : GRPC_FILTER_FIELDS;
  const types = Object.keys(fields);
  // ExternalAuth is in the experimental channel only; the union rules below still hold for it.
  c.oneOf([...path, 'type'], f.type, types, `${kind}.Type`);
  for (const [type, field] of Object.entries(fields)) {
    if (has(f, field) && f.type !== type) c.cel([...path, field], `${field} is set but the filter type is ${String(f.type)}`, `${kind}: "filter.${field} must be nil if the filter.type is not ${type}"`);
    if (!has(f, field) && f.type === type) c.cel(path, `a ${type} filter needs ${field}`, `${kind}: "filter.${field} must be specified for ${type} filter.type"`);
  }
  for (const key of ['requestHeaderModifier', 'responseHeaderModifier']) if (isObj(f[key])) headerFilter(c, [...path, key], f[key], 'HTTPHeaderFilter');
  const mirror = f.requestMirror;
  if (isObj(mirror)) {
    if (isObj(mirror.backendRef)) backendObjectRef(c, [...path, 'requestMirror', 'backendRef'], mirror.backendRef);
    c.range([...path, 'requestMirror', 'percent'], mirror.percent, 0, 100, 'HTTPRequestMirrorFilter.Percent');
    if (has(mirror, 'percent') && has(mirror, 'fraction')) {
      c.cel([...path, 'requestMirror'], 'sets both percent and fraction', 'HTTPRouteFilter.RequestMirror: "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter"');
    }
    const fraction = mirror.fraction;
    if (isObj(fraction)) {
      c.range([...path, 'requestMirror', 'fraction', 'numerator'], fraction.numerator, 0, undefined, 'Fraction.Numerator');
      c.range([...path, 'requestMirror', 'fraction', 'denominator'], fraction.denominator, 1, undefined, 'Fraction.Denominator');
      const denominator = typeof fraction.denominator === 'number' ? fraction.denominator : 100;
      if (typeof fraction.numerator === 'number' && fraction.numerator > denominator) {
        c.cel([...path, 'requestMirror', 'fraction'], `numerator ${fraction.numerator} is above denominator ${denominator}`, 'Fraction: "numerator must be less than or equal to denominator"');
      }
    }
  }
  const redirect = f.requestRedirect;
  if (isObj(redirect)) {
    const at = [...path, 'requestRedirect'];
    c.oneOf([...at, 'scheme'], redirect.scheme, ['http', 'https'], 'HTTPRequestRedirectFilter.Scheme');
    c.string([...at, 'hostname'], redirect.hostname, 'PreciseHostname', 'HTTPRequestRedirectFilter.Hostname');
    c.port([...at, 'port'], redirect.port, 'HTTPRequestRedirectFilter.Port');
    c.oneOf([...at, 'statusCode'], redirect.statusCode, [301, 302, 303, 307, 308], 'HTTPRequestRedirectFilter.StatusCode');
    if (isObj(redirect.path)) pathModifier(c, [...at, 'path'], redirect.path);
  }
  const rewrite = f.urlRewrite;
  if (isObj(rewrite)) {
    c.string([...path, 'urlRewrite', 'hostname'], rewrite.hostname, 'PreciseHostname', 'HTTPURLRewriteFilter.Hostname');
    if (isObj(rewrite.path)) pathModifier(c, [...path, 'urlRewrite', 'path'], rewrite.path);
  }
  if (kind === 'HTTPRouteFilter' && isObj(f.cors)) corsFilter(c, [...path, 'cors'], f.cors);
  if (kind === 'HTTPRouteFilter' && isObj(f.externalAuth)) externalAuthFilter(c, [...path, 'externalAuth'], f.externalAuth);
  const ext = f.extensionRef;
  if (isObj(ext)) {
    c.string([...path, 'extensionRef', 'group'], ext.group, 'Group', 'LocalObjectReference.Group');
    c.string([...path, 'extensionRef', 'kind'], ext.kind, 'Kind', 'LocalObjectReference.Kind');
    c.string([...path, 'extensionRef', 'name'], ext.name, 'ObjectName', 'LocalObjectReference.Name');
  }
}

/** A +listType=set of strings: the API server refuses a value listed twice. */
function stringSet(c: Checker, path: Path, value: unknown, what: string, field: string): void {
  c.unique(path, value, (v) => (typeof v === 'string' || typeof v === 'number' ? JSON.stringify(v) : undefined), what, field, '+listType=set');
}

/** HTTPCORSFilter's "'*' alone or not at all" rule, shared by three of its lists. */
function wildcardAlone(c: Checker, path: Path, value: unknown, message: string): void {
  const items = list(value);
  if (items.includes('*') && items.length > 1) {
    c.cel(path, `"*" is listed with other values; it must stand alone`, `HTTPCORSFilter: "${message}" !('*' in self && self.size() > 1)`);
  }
}

/**
 * httproute_types.go HTTPCORSFilter (the CORS filter, standard channel since v1.6). Not checked:
 * the pattern of each CORSOrigin (shared_types.go), whose released form could not be read here.
 */
function corsFilter(c: Checker, path: Path, cors: Obj): void {
  const origins = [...path, 'allowOrigins'];
  c.maxItems(origins, cors.allowOrigins, 64, 'HTTPCORSFilter.AllowOrigins');
  stringSet(c, origins, cors.allowOrigins, 'origin', 'HTTPCORSFilter.AllowOrigins');
  wildcardAlone(c, origins, cors.allowOrigins, "AllowOrigins cannot contain '*' alongside other origins");

  const methods = [...path, 'allowMethods'];
  c.maxItems(methods, cors.allowMethods, 9, 'HTTPCORSFilter.AllowMethods');
  stringSet(c, methods, cors.allowMethods, 'method', 'HTTPCORSFilter.AllowMethods');
  list(cors.allowMethods).forEach((m, i) =>
    c.oneOf([...methods, i], m, ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*'], 'HTTPCORSFilter.AllowMethods (HTTPMethodWithWildcard)'),
  );
  wildcardAlone(c, methods, cors.allowMethods, "AllowMethods cannot contain '*' alongside other methods");

  const allowHeaders = [...path, 'allowHeaders'];
  c.maxItems(allowHeaders, cors.allowHeaders, 64, 'HTTPCORSFilter.AllowHeaders');
  stringSet(c, allowHeaders, cors.allowHeaders, 'header', 'HTTPCORSFilter.AllowHeaders');
  list(cors.allowHeaders).forEach((h, i) => c.string([...allowHeaders, i], h, 'HeaderName', 'HTTPCORSFilter.AllowHeaders (HTTPHeaderName)'));
  // The upstream message says "methods" here too.
  wildcardAlone(c, allowHeaders, cors.allowHeaders, "AllowHeaders cannot contain '*' alongside other methods");

  const exposeHeaders = [...path, 'exposeHeaders'];
  c.maxItems(exposeHeaders, cors.exposeHeaders, 64, 'HTTPCORSFilter.ExposeHeaders');
  stringSet(c, exposeHeaders, cors.exposeHeaders, 'header', 'HTTPCORSFilter.ExposeHeaders');
  list(cors.exposeHeaders).forEach((h, i) => c.string([...exposeHeaders, i], h, 'HeaderName', 'HTTPCORSFilter.ExposeHeaders (HTTPHeaderName)'));

  // Absent, maxAge defaults to 5.
  c.range([...path, 'maxAge'], cors.maxAge, 1, undefined, 'HTTPCORSFilter.MaxAge');
}

/**
 * httproute_types.go HTTPExternalAuthFilter (experimental channel only): the protocol and its
 * matching settings, the backend, the HTTP path prefix and the header sets. Not checked: the
 * header lists' sizes and forwardBody.maxSize, whose markers changed between releases.
 */
function externalAuthFilter(c: Checker, path: Path, ext: Obj): void {
  c.oneOf([...path, 'protocol'], ext.protocol, ['HTTP', 'GRPC'], 'HTTPExternalAuthFilter.ExternalAuthProtocol');
  for (const [protocol, key] of [['GRPC', 'grpc'], ['HTTP', 'http']] as const) {
    if (ext.protocol === protocol && !has(ext, key)) c.cel(path, `protocol ${protocol} needs ${key}`, `HTTPExternalAuthFilter: "${key} must be specified when protocol is set to '${protocol}'"`);
    if (has(ext, key) && ext.protocol !== protocol) c.cel([...path, key], `${key} is set but protocol is ${String(ext.protocol)}`, `HTTPExternalAuthFilter: "protocol must be '${protocol}' when ${key} is set"`);
  }
  if (isObj(ext.backendRef)) backendObjectRef(c, [...path, 'backendRef'], ext.backendRef);
  if (isObj(ext.grpc)) stringSet(c, [...path, 'grpc', 'allowedHeaders'], ext.grpc.allowedHeaders, 'header', 'GRPCAuthConfig.AllowedRequestHeaders');
  const http = ext.http;
  if (isObj(http)) {
    c.maxLength([...path, 'http', 'path'], http.path, 1024, 'HTTPAuthConfig.Path');
    if (typeof http.path === 'string' && http.path !== '' && http.path.length <= 1024 && !PATH_VALUE_CHARS.test(http.path)) {
      c.schema([...path, 'http', 'path'], `${JSON.stringify(http.path)} holds a character a path may not hold unencoded`, `HTTPAuthConfig.Path +kubebuilder:validation:Pattern=${PATH_VALUE_CHARS.source}`);
    }
    stringSet(c, [...path, 'http', 'allowedHeaders'], http.allowedHeaders, 'header', 'HTTPAuthConfig.AllowedRequestHeaders');
    stringSet(c, [...path, 'http', 'allowedResponseHeaders'], http.allowedResponseHeaders, 'header', 'HTTPAuthConfig.AllowedResponseHeaders');
  }
}

/** A filters list (a rule's or a backendRef's): size, each filter, and the list's CEL rules. */
function filters(c: Checker, path: Path, value: unknown, kind: 'HTTPRouteFilter' | 'GRPCRouteFilter', owner: string): void {
  c.maxItems(path, value, 16, `${owner}.Filters`);
  const items = list(value);
  items.forEach((f, i) => isObj(f) && filter(c, [...path, i], f, kind));
  const typeOf = (f: unknown) => (isObj(f) ? f.type : undefined);
  if (kind === 'HTTPRouteFilter' && items.some((f) => typeOf(f) === 'RequestRedirect') && items.some((f) => typeOf(f) === 'URLRewrite')) {
    c.cel(path, 'a RequestRedirect filter and a URLRewrite filter cannot be used together', `${owner}.Filters: "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"`);
  }
  const once = kind === 'HTTPRouteFilter' ? ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'] : ['RequestHeaderModifier', 'ResponseHeaderModifier'];
  for (const type of once) {
    const at = items.map(typeOf).indexOf(type, items.map(typeOf).indexOf(type) + 1);
    if (items.map(typeOf).indexOf(type) !== -1 && at !== -1) c.cel([...path, at], `the ${type} filter appears twice`, `${owner}.Filters: "${type} filter cannot be repeated"`);
  }
}

function httpRoute(c: Checker, spec: Obj): void {
  parentRefs(c, ['spec', 'parentRefs'], spec.parentRefs);
  hostnames(c, ['spec', 'hostnames'], spec.hostnames, 'HTTPRouteSpec');
  const rules = spec.rules;
  c.minItems(['spec', 'rules'], rules, 1, 'HTTPRouteSpec.Rules');
  c.maxItems(['spec', 'rules'], rules, 16, 'HTTPRouteSpec.Rules');
  uniqueRuleNames(c, rules, 'HTTPRouteSpec.Rules');
  // A rule without matches gets the default one path match.
  const total = list(rules).reduce<number>((n, r) => n + (isObj(r) && Array.isArray(r.matches) ? r.matches.length : 1), 0);
  if (total > 128) {
    c.cel(['spec', 'rules'], `the rules hold ${total} matches in all, more than 128`, 'HTTPRouteSpec.Rules: "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"');
  }
  list(rules).forEach((r, i) => {
    if (!isObj(r)) return;
    const at: Path = ['spec', 'rules', i];
    c.string([...at, 'name'], r.name, 'SectionName', 'HTTPRouteRule.Name');
    c.maxItems([...at, 'matches'], r.matches, 64, 'HTTPRouteRule.Matches');
    list(r.matches).forEach((m, j) => {
      if (!isObj(m)) return;
      const mat = [...at, 'matches', j];
      if (isObj(m.path)) pathMatch(c, [...mat, 'path'], m.path);
      headerMatches(c, [...mat, 'headers'], m.headers, 'HTTPRouteMatch', 4096);
      headerMatches(c, [...mat, 'queryParams'], m.queryParams, 'HTTPRouteMatch', 1024, 'QueryParams');
      c.oneOf([...mat, 'method'], m.method, ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'], 'HTTPRouteMatch.Method (HTTPMethod)');
    });
    filters(c, [...at, 'filters'], r.filters, 'HTTPRouteFilter', 'HTTPRouteRule');
    c.maxItems([...at, 'backendRefs'], r.backendRefs, 16, 'HTTPRouteRule.BackendRefs');
    list(r.backendRefs).forEach((b, j) => {
      if (!isObj(b)) return;
      backendRef(c, [...at, 'backendRefs', j], b);
      filters(c, [...at, 'backendRefs', j, 'filters'], b.filters, 'HTTPRouteFilter', 'HTTPBackendRef');
    });
    httpRuleCel(c, at, r);
    if (isObj(r.timeouts)) timeouts(c, [...at, 'timeouts'], r.timeouts);
    if (isObj(r.retry)) retry(c, [...at, 'retry'], r.retry);
    if (isObj(r.sessionPersistence)) sessionPersistence(c, [...at, 'sessionPersistence'], r.sessionPersistence);
  });
}

/**
 * httproute_types.go HTTPRouteRetry: each code is an HTTPRouteRetryStatusCode (400-599), listed
 * once (+listType=set since v1.6), and backoff a Duration. Not checked: attempts, whose lower bound
 * differs between releases (v1.6 asks for at least 1, the current source has none and lets 0
 * disable retries), so no value below is rejected by every one.
 */
function retry(c: Checker, path: Path, r: Obj): void {
  list(r.codes).forEach((code, i) => c.range([...path, 'codes', i], code, 400, 599, 'HTTPRouteRetry.Codes (HTTPRouteRetryStatusCode)'));
  stringSet(c, [...path, 'codes'], r.codes, 'status code', 'HTTPRouteRetry.Codes');
  c.string([...path, 'backoff'], r.backoff, 'Duration', 'HTTPRouteRetry.Backoff');
}

/**
 * shared_types.go SessionPersistence (experimental channel only; the standard channel has no such
 * field), on HTTPRoute and GRPCRoute rules, in its v1.6 shape (cookieConfig). Not checked:
 * sessionName's length, a field the next release moves to cookie.name, and v1.5's rule that
 * cookieConfig goes only with type Cookie (gateway-api#4411), whose exact form was not at hand.
 */
function sessionPersistence(c: Checker, path: Path, sp: Obj): void {
  c.oneOf([...path, 'type'], sp.type, ['Cookie', 'Header'], 'SessionPersistence.Type (SessionPersistenceType)');
  c.string([...path, 'absoluteTimeout'], sp.absoluteTimeout, 'Duration', 'SessionPersistence.AbsoluteTimeout');
  const cookie = sp.cookieConfig;
  if (!isObj(cookie)) return;
  c.oneOf([...path, 'cookieConfig', 'lifetimeType'], cookie.lifetimeType, ['Permanent', 'Session'], 'CookieConfig.LifetimeType (CookieLifetimeType)');
  if (cookie.lifetimeType === 'Permanent' && !has(sp, 'absoluteTimeout')) {
    c.cel(path, 'a Permanent cookie needs absoluteTimeout (its lifetime)', `SessionPersistence: "AbsoluteTimeout must be specified when cookie lifetimeType is Permanent"`);
  }
}

/** HTTPRouteRule's own CEL rules: redirect versus backends, and ReplacePrefixMatch's one PathPrefix match. */
function httpRuleCel(c: Checker, at: Path, r: Obj): void {
  const ruleFilters = list(r.filters).filter(isObj);
  const backends = list(r.backendRefs).filter(isObj);
  if (backends.length > 0 && ruleFilters.some((f) => has(f, 'requestRedirect'))) {
    c.cel([...at, 'filters'], 'a rule with a RequestRedirect filter cannot also have backendRefs', 'HTTPRouteRule: "RequestRedirect filter must not be used together with backendRefs"');
  }
  const matches = list(r.matches);
  const onePrefixMatch =
    matches.length === 1 && isObj(matches[0]) && isObj(matches[0].path) && (matches[0].path.type ?? 'PathPrefix') === 'PathPrefix';
  // No matches at all defaults to one PathPrefix "/" match.
  const prefixOk = onePrefixMatch || !has(r, 'matches');
  const replacesPrefix = (fs: Obj[], key: 'requestRedirect' | 'urlRewrite') =>
    fs.filter((f) => {
      const p = isObj(f[key]) ? (f[key] as Obj).path : undefined;
      return isObj(p) && p.type === 'ReplacePrefixMatch' && has(p, 'replacePrefixMatch');
    }).length === 1;
  for (const [key, name] of [['requestRedirect', 'RequestRedirect'], ['urlRewrite', 'URLRewrite']] as const) {
    if (!prefixOk && replacesPrefix(ruleFilters, key)) {
      c.cel([...at, 'matches'], `a ${name} filter with path.replacePrefixMatch needs exactly one PathPrefix match`, `HTTPRouteRule: "When using ${name} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"`);
    }
    if (!prefixOk && backends.filter((b) => replacesPrefix(list(b.filters).filter(isObj), key)).length === 1) {
      c.cel([...at, 'matches'], `a backendRef's ${name} filter with path.replacePrefixMatch needs exactly one PathPrefix match`, `HTTPRouteRule: "Within backendRefs, when using ${name} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"`);
    }
  }
}

/** httproute_types.go HTTPRouteTimeouts: durations, and backendRequest within request. */
function timeouts(c: Checker, path: Path, t: Obj): void {
  c.string([...path, 'request'], t.request, 'Duration', 'HTTPRouteTimeouts.Request');
  c.string([...path, 'backendRequest'], t.backendRequest, 'Duration', 'HTTPRouteTimeouts.BackendRequest');
  const ms = (d: unknown) => {
    if (typeof d !== 'string' || !PATTERNS.Duration.test(d)) return undefined;
    const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
    let total = 0;
    for (const [, n, u] of d.matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(n) * unit[u];
    return total;
  };
  const request = ms(t.request);
  const backend = ms(t.backendRequest);
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    c.cel([...path, 'backendRequest'], `backendRequest ${String(t.backendRequest)} is longer than request ${String(t.request)}`, 'HTTPRouteTimeouts: "backendRequest timeout cannot be longer than request timeout"');
  }
}

function uniqueRuleNames(c: Checker, rules: unknown, field: string): void {
  const seen = new Set<string>();
  list(rules).forEach((r, i) => {
    if (!isObj(r) || typeof r.name !== 'string') return;
    if (seen.has(r.name)) c.cel(['spec', 'rules', i, 'name'], `rule name ${JSON.stringify(r.name)} appears twice`, `${field}: "Rule name must be unique within the route"`);
    seen.add(r.name);
  });
}

// ---- GRPCRoute ----

function grpcRoute(c: Checker, spec: Obj): void {
  parentRefs(c, ['spec', 'parentRefs'], spec.parentRefs);
  hostnames(c, ['spec', 'hostnames'], spec.hostnames, 'GRPCRouteSpec');
  c.maxItems(['spec', 'rules'], spec.rules, 16, 'GRPCRouteSpec.Rules');
  uniqueRuleNames(c, spec.rules, 'GRPCRouteSpec.Rules');
  list(spec.rules).forEach((r, i) => {
    if (!isObj(r)) return;
    const at: Path = ['spec', 'rules', i];
    c.string([...at, 'name'], r.name, 'SectionName', 'GRPCRouteRule.Name');
    c.maxItems([...at, 'matches'], r.matches, 64, 'GRPCRouteRule.Matches');
    list(r.matches).forEach((m, j) => {
      if (!isObj(m)) return;
      const mat = [...at, 'matches', j];
      if (isObj(m.method)) grpcMethodMatch(c, [...mat, 'method'], m.method);
      headerMatches(c, [...mat, 'headers'], m.headers, 'GRPCRouteMatch', 4096);
    });
    filters(c, [...at, 'filters'], r.filters, 'GRPCRouteFilter', 'GRPCRouteRule');
    c.maxItems([...at, 'backendRefs'], r.backendRefs, 16, 'GRPCRouteRule.BackendRefs');
    list(r.backendRefs).forEach((b, j) => {
      if (!isObj(b)) return;
      backendRef(c, [...at, 'backendRefs', j], b);
      filters(c, [...at, 'backendRefs', j, 'filters'], b.filters, 'GRPCRouteFilter', 'GRPCBackendRef');
    });
    if (isObj(r.sessionPersistence)) sessionPersistence(c, [...at, 'sessionPersistence'], r.sessionPersistence);
  });
}

/** grpcroute_types.go GRPCMethodMatch (type defaults to Exact). */
function grpcMethodMatch(c: Checker, path: Path, m: Obj): void {
  c.oneOf([...path, 'type'], m.type, ['Exact', 'RegularExpression'], 'GRPCMethodMatch.Type');
  c.maxLength([...path, 'service'], m.service, 1024, 'GRPCMethodMatch.Service');
  c.maxLength([...path, 'method'], m.method, 1024, 'GRPCMethodMatch.Method');
  if (!has(m, 'service') && !has(m, 'method')) {
    c.cel(path, 'a method match names neither a service nor a method', `GRPCMethodMatch: "One or both of 'service' or 'method' must be specified"`);
  }
  if ((m.type ?? 'Exact') !== 'Exact') return;
  const service = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
  const method = /^[A-Za-z_][A-Za-z_0-9]*$/;
  if (typeof m.service === 'string' && !service.test(m.service)) {
    c.cel([...path, 'service'], `${JSON.stringify(m.service)} is not a gRPC service name such as pkg.v1.Service`, `GRPCMethodMatch: "service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)"`);
  }
  if (typeof m.method === 'string' && !method.test(m.method)) {
    c.cel([...path, 'method'], `${JSON.stringify(m.method)} is not a gRPC method name such as GetItem`, 'GRPCMethodMatch: "method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)"');
  }
}

// ---- TLSRoute, TCPRoute, UDPRoute ----

// TLSRoute's hostnames and rules: 16 each in v1alpha2; v1.6 allows up to 4096 of each
// (kubernetes-sigs/gateway-api#4332), so only more than 4096 is rejected by every release.
const TLSROUTE_MAX_ITEMS = 4096;

function l4Route(c: Checker, spec: Obj, type: string, withHostnames: boolean): void {
  parentRefs(c, ['spec', 'parentRefs'], spec.parentRefs);
  if (withHostnames) {
    c.maxItems(['spec', 'hostnames'], spec.hostnames, TLSROUTE_MAX_ITEMS, `${type}.Hostnames`);
    list(spec.hostnames).forEach((h, i) => c.string(['spec', 'hostnames', i], h, 'Hostname', `${type}.Hostnames`));
  }
  c.minItems(['spec', 'rules'], spec.rules, 1, `${type}.Rules`);
  c.maxItems(['spec', 'rules'], spec.rules, withHostnames ? TLSROUTE_MAX_ITEMS : 16, `${type}.Rules`);
  list(spec.rules).forEach((r, i) => {
    if (!isObj(r)) return;
    c.minItems(['spec', 'rules', i, 'backendRefs'], r.backendRefs, 1, `${type} rule BackendRefs`);
    c.maxItems(['spec', 'rules', i, 'backendRefs'], r.backendRefs, 16, `${type} rule BackendRefs`);
    list(r.backendRefs).forEach((b, j) => isObj(b) && backendRef(c, ['spec', 'rules', i, 'backendRefs', j], b));
  });
}

// ---- Gateway and ListenerSet ----

/** gateway_types.go Listeners (GatewaySpec and ListenerSetSpec share the rules). */
function listeners(c: Checker, path: Path, value: unknown, owner: string): void {
  c.maxItems(path, value, 64, `${owner}.Listeners`);
  const items = list(value);
  items.forEach((l, i) => {
    if (!isObj(l)) return;
    const at = [...path, i];
    c.string([...at, 'name'], l.name, 'SectionName', 'Listener.Name');
    c.string([...at, 'hostname'], l.hostname, 'Hostname', 'Listener.Hostname');
    c.port([...at, 'port'], l.port, 'Listener.Port');
    c.string([...at, 'protocol'], l.protocol, 'ProtocolType', 'Listener.Protocol');
    const tls = l.tls;
    if (isObj(tls)) {
      if (['HTTP', 'TCP', 'UDP'].includes(l.protocol as string)) {
        c.cel([...at, 'tls'], `a ${String(l.protocol)} listener cannot have tls`, `${owner}.Listeners: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"`);
      }
      c.oneOf([...at, 'tls', 'mode'], tls.mode, ['Terminate', 'Passthrough'], 'ListenerTLSConfig.Mode');
      const mode = tls.mode ?? 'Terminate';
      if (l.protocol === 'HTTPS' && mode !== 'Terminate' && mode !== '') {
        c.cel([...at, 'tls', 'mode'], `an HTTPS listener terminates TLS (mode ${String(mode)})`, `${owner}.Listeners: "tls mode must be Terminate for protocol HTTPS"`);
      }
      c.maxItems([...at, 'tls', 'certificateRefs'], tls.certificateRefs, 64, 'ListenerTLSConfig.CertificateRefs');
      if (isObj(tls.options) && Object.keys(tls.options).length > 16) {
        c.schema([...at, 'tls', 'options'], `holds ${Object.keys(tls.options).length} options, more than 16`, 'ListenerTLSConfig.Options +kubebuilder:validation:MaxProperties=16');
      }
      if (mode === 'Terminate' && list(tls.certificateRefs).length === 0 && !(isObj(tls.options) && Object.keys(tls.options).length > 0)) {
        c.cel([...at, 'tls'], 'TLS mode Terminate needs certificateRefs or options', 'ListenerTLSConfig: "certificateRefs or options must be specified when mode is Terminate"');
      }
    }
    // Since v1.5 (gateway-api#4441, #4451). The current source matches the protocol without regard
    // to case; the exact "TLS" is what every release since then rejects.
    if (l.protocol === 'TLS' && !isObj(tls)) {
      c.cel(at, 'a TLS listener needs tls (with a mode, Passthrough or Terminate)', `${owner}.Listeners: "tls mode must be set for protocol TLS"`);
    }
    if (['TCP', 'UDP'].includes(l.protocol as string) && typeof l.hostname === 'string' && l.hostname !== '') {
      c.cel([...at, 'hostname'], `a ${String(l.protocol)} listener cannot have a hostname`, `${owner}.Listeners: "hostname must not be specified for protocols ['TCP', 'UDP']"`);
    }
    const allowed = l.allowedRoutes;
    if (isObj(allowed)) {
      if (isObj(allowed.namespaces)) c.oneOf([...at, 'allowedRoutes', 'namespaces', 'from'], allowed.namespaces.from, ['All', 'Selector', 'Same', 'None'], 'RouteNamespaces.From (FromNamespaces)');
      c.maxItems([...at, 'allowedRoutes', 'kinds'], allowed.kinds, 8, 'AllowedRoutes.Kinds');
      list(allowed.kinds).forEach((k, j) => {
        if (!isObj(k)) return;
        c.string([...at, 'allowedRoutes', 'kinds', j, 'group'], k.group, 'Group', 'RouteGroupKind.Group');
        c.string([...at, 'allowedRoutes', 'kinds', j, 'kind'], k.kind, 'Kind', 'RouteGroupKind.Kind');
      });
    }
  });
  const named = items.filter(isObj);
  named.forEach((l, j) => {
    const earlier = named.slice(0, j);
    const at = [...path, items.indexOf(l)];
    if (earlier.some((e) => e.name === l.name)) {
      c.cel(at, `listener name ${JSON.stringify(l.name)} appears twice`, `${owner}.Listeners: "Listener name must be unique within the Gateway" (and +listType=map +listMapKey=name)`);
    } else if (earlier.some((e) => e.port === l.port && e.protocol === l.protocol && (e.hostname ?? null) === (l.hostname ?? null))) {
      c.cel(at, `another listener already has port ${String(l.port)}, protocol ${String(l.protocol)} and ${l.hostname === undefined ? 'no hostname' : `hostname ${String(l.hostname)}`}`, `${owner}.Listeners: "Combination of port, protocol and hostname must be unique for each listener"`);
    }
  });
}

function gateway(c: Checker, spec: Obj): void {
  c.string(['spec', 'gatewayClassName'], spec.gatewayClassName, 'ObjectName', 'GatewaySpec.GatewayClassName');
  listeners(c, ['spec', 'listeners'], spec.listeners, 'GatewaySpec');
  addresses(c, ['spec', 'addresses'], spec.addresses);
  if (isObj(spec.infrastructure)) infrastructure(c, ['spec', 'infrastructure'], spec.infrastructure);
  if (isObj(spec.tls)) gatewayTLS(c, ['spec', 'tls'], spec.tls);
}

/**
 * gateway_types.go GatewaySpec.Addresses and GatewaySpecAddress, after defaulting (type
 * IPAddress). Not checked: whether an IPAddress value is an IP address, a rule the generator adds
 * only to some CRDs.
 */
function addresses(c: Checker, path: Path, value: unknown): void {
  c.maxItems(path, value, 16, 'GatewaySpec.Addresses');
  const items = list(value);
  items.forEach((a, i) => {
    if (!isObj(a)) return;
    const at = [...path, i];
    c.string([...at, 'type'], a.type, 'AddressType', 'GatewaySpecAddress.Type');
    c.maxLength([...at, 'value'], a.value, 253, 'GatewaySpecAddress.Value');
    const type = a.type ?? 'IPAddress';
    // An empty value asks the implementation to assign one; only a written hostname is held to the pattern.
    if (type === 'Hostname' && typeof a.value === 'string' && a.value !== '' && !PATTERNS.Hostname.test(a.value)) {
      c.cel([...at, 'value'], `${JSON.stringify(a.value)} is not a lower-case RFC 1123 hostname, optionally prefixed by a "*." wildcard label`, `GatewaySpecAddress: "Hostname value must be empty or contain only valid characters (matching ${PATTERNS.Hostname.source})"`);
    }
  });
  for (const type of ['IPAddress', 'Hostname']) {
    const seen = new Set<string>();
    items.forEach((a, i) => {
      if (!isObj(a) || (a.type ?? 'IPAddress') !== type || typeof a.value !== 'string') return;
      if (seen.has(a.value)) c.cel([...path, i], `${type} ${JSON.stringify(a.value)} is listed twice`, `GatewaySpec.Addresses: "${type} values must be unique"`);
      seen.add(a.value);
    });
  }
}

// shared_types.go LabelKey / AnnotationKey, as the CEL rules on GatewayInfrastructure check map keys.
const QUALIFIED_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

/** gateway_types.go GatewayInfrastructure: labels, annotations and parametersRef. */
function infrastructure(c: Checker, path: Path, infra: Obj): void {
  const maps = [
    { key: 'labels', what: 'Label', max: 8, value: 'LabelValue' as const, field: 'GatewayInfrastructure.Labels' },
    // v1.6 raised the annotation limit from 8 to 16; the higher one is used.
    { key: 'annotations', what: 'Annotation', max: 16, value: 'AnnotationValue' as const, field: 'GatewayInfrastructure.Annotations' },
  ];
  for (const { key, what, max, value, field } of maps) {
    const m = infra[key];
    if (!isObj(m)) continue;
    const at = [...path, key];
    const keys = Object.keys(m);
    if (keys.length > max) c.schema(at, `holds ${keys.length} entries, more than ${max}`, `${field} +kubebuilder:validation:MaxProperties=${max}`);
    for (const k of keys) {
      if (!QUALIFIED_KEY.test(k)) {
        c.cel([...at, k], `key ${JSON.stringify(k)} is not an optional DNS-subdomain prefix and "/" followed by a name of up to 63 characters`, `${field}: "${what} keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."`);
      }
      if (k.split('/')[0].length >= 253) {
        c.cel([...at, k], `the prefix of key ${JSON.stringify(k.slice(0, 40))}... is ${k.split('/')[0].length} characters long, 253 or more`, `${field}: "If specified, the ${what.toLowerCase()} key's prefix must be a DNS subdomain not longer than 253 characters in total." key.split("/")[0].size() < 253`);
      }
      c.string([...at, k], m[k], value, `${field} (${value})`);
    }
  }
  const ref = infra.parametersRef;
  if (isObj(ref)) {
    const at = [...path, 'parametersRef'];
    c.string([...at, 'group'], ref.group, 'Group', 'LocalParametersReference.Group');
    c.string([...at, 'kind'], ref.kind, 'Kind', 'LocalParametersReference.Kind');
    c.string([...at, 'name'], ref.name, 'ObjectName', 'LocalParametersReference.Name');
  }
}

/** object_reference_types.go ObjectReference and SecretObjectReference: group, kind, name, namespace. */
function objectRef(c: Checker, path: Path, ref: Obj, type: string): void {
  c.string([...path, 'group'], ref.group, 'Group', `${type}.Group`);
  c.string([...path, 'kind'], ref.kind, 'Kind', `${type}.Kind`);
  c.string([...path, 'name'], ref.name, 'ObjectName', `${type}.Name`);
  c.string([...path, 'namespace'], ref.namespace, 'Namespace', `${type}.Namespace`);
}

/**
 * gateway_types.go GatewayTLSConfig: the backend client certificate, and the frontend client
 * certificate validation (default and per port). Not checked: the largest number of
 * caCertificateRefs, which a recent release raised.
 */
function gatewayTLS(c: Checker, path: Path, tls: Obj): void {
  if (isObj(tls.backend) && isObj(tls.backend.clientCertificateRef)) {
    objectRef(c, [...path, 'backend', 'clientCertificateRef'], tls.backend.clientCertificateRef, 'SecretObjectReference');
  }
  const frontend = tls.frontend;
  if (!isObj(frontend)) return;
  const tlsConfig = (at: Path, config: unknown) => {
    if (!isObj(config) || !isObj(config.validation)) return;
    const v = config.validation;
    const vat = [...at, 'validation'];
    c.minItems([...vat, 'caCertificateRefs'], v.caCertificateRefs, 1, 'FrontendTLSValidation.CACertificateRefs');
    list(v.caCertificateRefs).forEach((r, i) => isObj(r) && objectRef(c, [...vat, 'caCertificateRefs', i], r, 'ObjectReference'));
    c.oneOf([...vat, 'mode'], v.mode, ['AllowValidOnly', 'AllowInsecureFallback'], 'FrontendTLSValidation.Mode (FrontendValidationModeType)');
  };
  tlsConfig([...path, 'frontend', 'default'], frontend.default);
  const perPort = [...path, 'frontend', 'perPort'];
  c.maxItems(perPort, frontend.perPort, 64, 'FrontendTLSConfig.PerPort');
  const seen = new Set<number>();
  list(frontend.perPort).forEach((p, i) => {
    if (!isObj(p)) return;
    c.port([...perPort, i, 'port'], p.port, 'TLSPortConfig.Port');
    if (typeof p.port === 'number') {
      if (seen.has(p.port)) {
        c.cel([...perPort, i], `port ${p.port} has a TLS configuration already`, 'FrontendTLSConfig.PerPort: "Port for TLS configuration must be unique within the Gateway" (and +listType=map +listMapKey=port)');
      }
      seen.add(p.port);
    }
    tlsConfig([...perPort, i, 'tls'], p.tls);
  });
}

// ---- GatewayClass ----

/**
 * gatewayclass_types.go GatewayClassSpec. Its CEL rule "Value is immutable" (self == oldSelf) on
 * controllerName judges an update against the stored object, which files do not show: not checked.
 */
function gatewayClass(c: Checker, spec: Obj): void {
  c.string(['spec', 'controllerName'], spec.controllerName, 'GatewayController', 'GatewayClassSpec.ControllerName');
  c.maxLength(['spec', 'description'], spec.description, 64, 'GatewayClassSpec.Description');
  const ref = spec.parametersRef;
  if (isObj(ref)) {
    c.string(['spec', 'parametersRef', 'group'], ref.group, 'Group', 'ParametersReference.Group');
    c.string(['spec', 'parametersRef', 'kind'], ref.kind, 'Kind', 'ParametersReference.Kind');
    c.string(['spec', 'parametersRef', 'name'], ref.name, 'ObjectName', 'ParametersReference.Name');
    c.string(['spec', 'parametersRef', 'namespace'], ref.namespace, 'Namespace', 'ParametersReference.Namespace');
  }
}

// ---- BackendTLSPolicy ----

/**
 * backendtlspolicy_types.go BackendTLSPolicySpec (v1; v1alpha3 has the same rules). Not checked:
 * the largest number of caCertificateRefs, which a recent release raised.
 */
function backendTLSPolicy(c: Checker, spec: Obj): void {
  const refs = ['spec', 'targetRefs'];
  c.minItems(refs, spec.targetRefs, 1, 'BackendTLSPolicySpec.TargetRefs');
  c.maxItems(refs, spec.targetRefs, 16, 'BackendTLSPolicySpec.TargetRefs');
  const items = list(spec.targetRefs);
  items.forEach((r, i) => {
    if (!isObj(r)) return;
    // policy_types.go LocalPolicyTargetReferenceWithSectionName.
    c.string([...refs, i, 'group'], r.group, 'Group', 'LocalPolicyTargetReference.Group');
    c.string([...refs, i, 'kind'], r.kind, 'Kind', 'LocalPolicyTargetReference.Kind');
    c.string([...refs, i, 'name'], r.name, 'ObjectName', 'LocalPolicyTargetReference.Name');
    c.string([...refs, i, 'sectionName'], r.sectionName, 'SectionName', 'LocalPolicyTargetReferenceWithSectionName.SectionName');
  });
  const section = (r: Obj) => (typeof r.sectionName === 'string' ? r.sectionName : '');
  const objs = items.filter(isObj);
  objs.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const a = objs[i];
      if (a.group !== b.group || a.kind !== b.kind || a.name !== b.name) continue;
      const at = [...refs, items.indexOf(b)];
      if ((section(a) === '') !== (section(b) === '')) {
        c.cel(at, `targetRefs ${items.indexOf(a)} and ${items.indexOf(b)} name the same target, and only one of them sets sectionName`, 'BackendTLSPolicySpec.TargetRefs: "sectionName must be specified when targetRefs includes 2 or more references to the same target"');
      } else if (section(a) === section(b)) {
        c.cel(at, `targetRefs ${items.indexOf(a)} and ${items.indexOf(b)} name the same target and sectionName`, 'BackendTLSPolicySpec.TargetRefs: "sectionName must be unique when targetRefs includes 2 or more references to the same target"');
      } else continue;
      return;
    }
  });
  if (isObj(spec.options) && Object.keys(spec.options).length > 16) {
    c.schema(['spec', 'options'], `holds ${Object.keys(spec.options).length} options, more than 16`, 'BackendTLSPolicySpec.Options +kubebuilder:validation:MaxProperties=16');
  }
  const v = spec.validation;
  if (!isObj(v)) return;
  const at = ['spec', 'validation'];
  list(v.caCertificateRefs).forEach((r, i) => {
    if (!isObj(r)) return;
    c.string([...at, 'caCertificateRefs', i, 'group'], r.group, 'Group', 'LocalObjectReference.Group');
    c.string([...at, 'caCertificateRefs', i, 'kind'], r.kind, 'Kind', 'LocalObjectReference.Kind');
    c.string([...at, 'caCertificateRefs', i, 'name'], r.name, 'ObjectName', 'LocalObjectReference.Name');
  });
  // wellKnownCACertificates was the enum System until v1.5 allowed implementation-specific values
  // (kubernetes-sigs/gateway-api#4401): its value is not judged.
  const hasRefs = list(v.caCertificateRefs).length > 0;
  const hasWellKnown = typeof v.wellKnownCACertificates === 'string' && v.wellKnownCACertificates !== '';
  if (hasRefs && hasWellKnown) {
    c.cel(at, 'sets both caCertificateRefs and wellKnownCACertificates', 'BackendTLSPolicyValidation: "must not contain both CACertificateRefs and WellKnownCACertificates"');
  } else if (!hasRefs && !hasWellKnown) {
    c.cel(at, 'sets neither caCertificateRefs nor wellKnownCACertificates', 'BackendTLSPolicyValidation: "must specify either CACertificateRefs or WellKnownCACertificates"');
  }
  c.string([...at, 'hostname'], v.hostname, 'PreciseHostname', 'BackendTLSPolicyValidation.Hostname');
  c.maxItems([...at, 'subjectAltNames'], v.subjectAltNames, 5, 'BackendTLSPolicyValidation.SubjectAltNames');
  list(v.subjectAltNames).forEach((san, i) => {
    if (!isObj(san)) return;
    const sat = [...at, 'subjectAltNames', i];
    c.oneOf([...sat, 'type'], san.type, ['Hostname', 'URI'], 'SubjectAltName.Type (SubjectAltNameType)');
    if (san.hostname !== '') c.string([...sat, 'hostname'], san.hostname, 'Hostname', 'SubjectAltName.Hostname');
    if (san.uri !== '') c.string([...sat, 'uri'], san.uri, 'AbsoluteURI', 'SubjectAltName.URI');
    const set = (k: string) => typeof san[k] === 'string' && san[k] !== '';
    for (const [type, key, name] of [['Hostname', 'hostname', 'Hostname'], ['URI', 'uri', 'URI']] as const) {
      if (san.type === type && !set(key)) c.cel(sat, `type ${type} needs ${key}`, `SubjectAltName: "SubjectAltName element must contain ${name}, if Type is set to ${type}"`);
      if (san.type !== type && set(key)) c.cel([...sat, key], `${key} is set but type is ${String(san.type)}`, `SubjectAltName: "SubjectAltName element must not contain ${name}, if Type is not set to ${type}"`);
    }
  });
}

// ---- ReferenceGrant ----

function referenceGrant(c: Checker, spec: Obj): void {
  for (const side of ['from', 'to'] as const) {
    c.maxItems(['spec', side], spec[side], 16, `ReferenceGrantSpec.${side === 'from' ? 'From' : 'To'}`);
    list(spec[side]).forEach((e, i) => {
      if (!isObj(e)) return;
      const type = side === 'from' ? 'ReferenceGrantFrom' : 'ReferenceGrantTo';
      c.string(['spec', side, i, 'group'], e.group, 'Group', `${type}.Group`);
      c.string(['spec', side, i, 'kind'], e.kind, 'Kind', `${type}.Kind`);
      if (side === 'from') c.string(['spec', side, i, 'namespace'], e.namespace, 'Namespace', 'ReferenceGrantFrom.Namespace');
      else c.string(['spec', side, i, 'name'], e.name, 'ObjectName', 'ReferenceGrantTo.Name');
    });
  }
}

/**
 * Every value of `obj` (an object of snapshot resource `resource`, already shape-checked) that the
 * Gateway API CRDs' validation rejects. Kinds outside the Gateway API are not checked.
 */
export function crdViolations(resource: ResourceName, obj: Record<string, unknown>): CrdViolation[] {
  const spec = obj.spec;
  if (!isObj(spec)) return [];
  const c = new Checker();
  switch (resource) {
    case 'httproutes':
      httpRoute(c, spec);
      break;
    case 'grpcroutes':
      grpcRoute(c, spec);
      break;
    case 'tlsroutes':
      l4Route(c, spec, 'TLSRouteSpec', true);
      break;
    case 'tcproutes':
      l4Route(c, spec, 'TCPRouteSpec', false);
      break;
    case 'udproutes':
      l4Route(c, spec, 'UDPRouteSpec', false);
      break;
    case 'gateways':
      gateway(c, spec);
      break;
    case 'listenersets':
      listeners(c, ['spec', 'listeners'], spec.listeners, 'ListenerSetSpec');
      break;
    case 'referencegrants':
      referenceGrant(c, spec);
      break;
    case 'gatewayclasses':
      gatewayClass(c, spec);
      break;
    case 'backendtlspolicies':
      // v1alpha2 (v1.0, v1.1) had another shape; v1alpha3 and v1 share these rules.
      if (typeof obj.apiVersion === 'string' && /\/(v1|v1alpha3)$/.test(obj.apiVersion)) backendTLSPolicy(c, spec);
      break;
    default:
      break;
  }
  return c.out;
}
