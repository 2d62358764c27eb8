// The shape of the fields the engine reads, checked before an object from -f enters the snapshot.
// A file the API server would refuse (a listener without protocol, `hostnames: foo.example.com`)
// must stop the run with `file:line:col`, not crash a spec rule far from the text. The rules
// follow the Gateway API's Go types (apis/v1/*_types.go) and core/v1, discovery/v1: a field
// marked "+required" is required here, and a field's type is its Go type. Only what the tool
// reads is described; extra fields pass, and an absent optional field (or null) is absent.

type Path = Array<string | number>;

type Shape =
  | { type: 'text' }
  | { type: 'integer' }
  | { type: 'object'; fields: Record<string, Field> }
  | { type: 'list'; of: Shape; noun: string; atLeastOne?: string };

type Field = Shape & { required?: boolean };

export interface ShapeProblem {
  /** Where to point, from the object's root: the offending field, or the object missing one. */
  path: Path;
  message: string;
}

const text: Shape = { type: 'text' };
const integer: Shape = { type: 'integer' };
const object = (fields: Record<string, Field>): Shape => ({ type: 'object', fields });
const mapping = object({});
/** `noun` completes "must be a list of ..."; `atLeastOne` marks a "+kubebuilder:validation:MinItems=1" list. */
const listOf = (noun: string, of: Shape, atLeastOne?: string): Shape => ({ type: 'list', of, noun, atLeastOne });
const required = (shape: Shape): Field => ({ ...shape, required: true });

const conditions = listOf('conditions', object({ type: required(text), status: required(text) }));

// shared_types.go ParentReference: "Name is the name of the referent. +required"; port is a PortNumber (int32).
const parentRef = object({ group: text, kind: text, namespace: text, name: required(text), sectionName: text, port: integer });

// BackendObjectReference: Name "+required"; Port "+optional" PortNumber; BackendRef.Weight "+optional" int32.
const backendObjectRef = { group: text, kind: text, name: required(text), namespace: text, port: integer };

// HTTPHeaderMatch / HTTPQueryParamMatch / GRPCHeaderMatch: Name and Value "+required".
const nameValueMatch = object({ type: text, name: required(text), value: required(text) });
const headerValue = object({ name: required(text), value: required(text) });
const headerModifier = object({
  set: listOf('headers', headerValue),
  add: listOf('headers', headerValue),
  remove: listOf('header names', text),
});
// HTTPPathModifier.Type: "+required".
const pathModifier = object({ type: required(text), replaceFullPath: text, replacePrefixMatch: text });

// HTTPRouteFilter / GRPCRouteFilter.Type: "+required"; LocalObjectReference's group, kind and name are too.
const filter = object({
  type: required(text),
  requestHeaderModifier: headerModifier,
  responseHeaderModifier: headerModifier,
  requestMirror: object({ backendRef: required(object(backendObjectRef)) }),
  requestRedirect: object({ scheme: text, hostname: text, path: pathModifier, port: integer, statusCode: integer }),
  urlRewrite: object({ hostname: text, path: pathModifier }),
  extensionRef: object({ group: required(text), kind: required(text), name: required(text) }),
});
const filters = listOf('filters', filter);
const backendRef = object({ ...backendObjectRef, weight: integer, filters });

// HTTPRouteMatch: path is an HTTPPathMatch (type and value optional, defaulted), method an HTTPMethod string.
const httpMatch = object({
  path: object({ type: text, value: text }),
  headers: listOf('header matches', nameValueMatch),
  queryParams: listOf('query parameter matches', nameValueMatch),
  method: text,
});
// GRPCRouteMatch: method is a GRPCMethodMatch (type, service and method all optional).
const grpcMatch = object({
  method: object({ type: text, service: text, method: text }),
  headers: listOf('header matches', nameValueMatch),
});

function route(match?: Shape): Shape {
  const rule = object({ name: text, ...(match ? { matches: listOf('matches', match) } : {}), filters, backendRefs: listOf('backend references', backendRef) });
  return object({
    spec: required(
      object({
        parentRefs: listOf('parent references', parentRef),
        hostnames: listOf('hostnames', text),
        rules: listOf('rules', rule),
      }),
    ),
    status: object({
      parents: listOf('parent statuses', object({ parentRef: required(parentRef), controllerName: required(text), conditions })),
    }),
  });
}

const labelSelector = object({
  matchLabels: mapping,
  matchExpressions: listOf('label selector requirements', object({ key: required(text), operator: required(text), values: listOf('values', text) })),
});

// gateway_types.go Listener: Name, Port and Protocol "+required"; Hostname "+optional";
// ListenerTLSConfig.CertificateRefs is a list of SecretObjectReference, whose Name is "+required".
const listener = object({
  name: required(text),
  hostname: text,
  port: required(integer),
  protocol: required(text),
  tls: object({
    mode: text,
    certificateRefs: listOf('certificate references', object({ group: text, kind: text, name: required(text), namespace: text })),
    options: mapping,
  }),
  allowedRoutes: object({
    namespaces: object({ from: text, selector: labelSelector }),
    kinds: listOf('route kinds', object({ group: text, kind: required(text) })),
  }),
});
// GatewaySpec.Listeners: "+kubebuilder:validation:MinItems=1".
const listeners = required(listOf('listeners', listener, 'listener'));
const listenerStatuses = listOf('listener statuses', object({ name: required(text), conditions }));

const policyTargetRef = object({ group: required(text), kind: required(text), name: required(text), namespace: text, sectionName: text });
const policyStatus = object({
  ancestors: listOf('ancestor statuses', object({ ancestorRef: required(parentRef), controllerName: required(text), conditions })),
});

/** By snapshot resource (resourceOf in src/snapshot/collect.ts), the shape of the whole object. */
const SHAPES: Record<string, Shape> = {
  gatewayclasses: object({ spec: required(object({ controllerName: required(text) })), status: object({ conditions }) }),
  gateways: object({
    spec: required(object({ gatewayClassName: required(text), listeners, addresses: listOf('addresses', object({ type: text, value: text })) })),
    status: object({ conditions, listeners: listenerStatuses }),
  }),
  listenersets: object({
    spec: required(object({ parentRef: required(object({ group: text, kind: text, name: required(text), namespace: text })), listeners })),
    status: object({ conditions, listeners: listenerStatuses }),
  }),
  httproutes: route(httpMatch),
  grpcroutes: route(grpcMatch),
  tlsroutes: route(),
  tcproutes: route(),
  udproutes: route(),
  // referencegrant_types.go: From and To "+required", "+kubebuilder:validation:MinItems=1";
  // ReferenceGrantFrom's group, kind and namespace and ReferenceGrantTo's group and kind are required.
  referencegrants: object({
    spec: required(
      object({
        from: required(listOf('sources', object({ group: required(text), kind: required(text), namespace: required(text) }), 'source')),
        to: required(listOf('targets', object({ group: required(text), kind: required(text), name: text }), 'target')),
      }),
    ),
  }),
  backendtlspolicies: object({
    spec: required(
      object({
        targetRefs: required(listOf('target references', policyTargetRef, 'target reference')),
        validation: object({
          caCertificateRefs: listOf('certificate references', object({ group: required(text), kind: required(text), name: required(text) })),
          wellKnownCACertificates: text,
          hostname: text,
          subjectAltNames: listOf('subject alternative names', object({ type: required(text), hostname: text, uri: text })),
        }),
      }),
    ),
    status: policyStatus,
  }),
  policies: object({ spec: object({ targetRef: policyTargetRef, targetRefs: listOf('target references', policyTargetRef) }), status: policyStatus }),
  // core/v1 ServicePort.Port: "The port that will be exposed by this service" (int32, required).
  services: object({
    spec: object({ type: text, ports: listOf('ports', object({ name: text, port: required(integer), protocol: text, nodePort: integer })), selector: mapping }),
  }),
  // discovery/v1 Endpoint.Addresses: "+listType=set", required.
  endpointslices: object({
    addressType: text,
    endpoints: listOf('endpoints', object({ addresses: required(listOf('addresses', text)), nodeName: text })),
    ports: listOf('ports', object({ name: text, port: integer, protocol: text })),
  }),
};

// Every kind read keys objects by namespace and selects namespaces by labels.
const metadata = object({ namespace: text, labels: mapping, annotations: mapping });

/**
 * The first field of `obj` (of snapshot resource `resource`) that is missing or of the wrong type.
 * `status` is left out: it never makes an object unreadable (see pruneStatus).
 */
export function shapeProblem(resource: string, obj: Record<string, unknown>): ShapeProblem | null {
  const { status: _status, ...rest } = obj;
  return check(obj.metadata, metadata, ['metadata']) ?? (SHAPES[resource] ? check(rest, SHAPES[resource], []) : null);
}

/**
 * Makes `obj.status` safe to read, in place: status is written by controllers, never required,
 * and ignored by `kubectl apply`, so a partial or odd one (a parents[] entry without
 * controllerName, conditions of another shape) must not refuse the object. An entry of a list
 * that lacks what the engine needs is dropped, a field of the wrong type is dropped, and a status
 * that is not an object is dropped whole. Returns what was dropped, for -v.
 */
export function pruneStatus(resource: string, obj: Record<string, unknown>): ShapeProblem[] {
  const shape = SHAPES[resource];
  const statusShape = shape?.type === 'object' ? shape.fields.status : undefined;
  if (!statusShape || absent(obj.status)) return [];
  const dropped: ShapeProblem[] = [];
  const kept = prune(obj.status, statusShape, ['status'], dropped);
  if (kept === undefined) delete obj.status;
  else obj.status = kept;
  return dropped;
}

/** `value` without the parts that do not fit `shape`, or undefined when nothing fits. */
function prune(value: unknown, shape: Shape, path: Path, dropped: ShapeProblem[]): unknown {
  const problem = (message: string) => {
    dropped.push({ path, message: `${fieldName(path)} ignored: ${message}` });
    return undefined;
  };
  switch (shape.type) {
    case 'text':
    case 'integer': {
      const found = check(value, shape, path);
      return found ? problem(found.message) : value;
    }
    case 'list': {
      if (!Array.isArray(value)) return problem(`not a list of ${shape.noun}`);
      return value.flatMap((item, i) => {
        const kept = prune(item, shape.of, [...path, i], dropped);
        return kept === undefined ? [] : [kept];
      });
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return problem('not an object');
      const fields = { ...(value as Record<string, unknown>) };
      for (const [key, field] of Object.entries(shape.fields)) {
        if (field.required && absent(fields[key])) return problem(`${fieldName([...path, key])} is missing`);
      }
      for (const key of Object.keys(fields)) {
        const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
        if (!field || absent(fields[key])) continue;
        const kept = prune(fields[key], field, [...path, key], dropped);
        if (kept !== undefined) fields[key] = kept;
        else if (field.required) return problem(`${fieldName([...path, key])} cannot be read`);
        else delete fields[key];
      }
      return fields;
    }
  }
}

function check(value: unknown, shape: Shape, path: Path): ShapeProblem | null {
  switch (shape.type) {
    case 'text':
      return typeof value === 'string' ? null : wrongType(value, 'a string', path);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? null : wrongType(value, 'an integer', path);
    case 'list': {
      if (!Array.isArray(value)) return wrongType(value, `a list of ${shape.noun}`, path);
      if (shape.atLeastOne && value.length === 0) return { path, message: `${fieldName(path)} must list at least one ${shape.atLeastOne}` };
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], shape.of, [...path, i]);
        if (problem) return problem;
      }
      return null;
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrongType(value, 'an object', path);
      const fields = value as Record<string, unknown>;
      // A missing field points at its object, which starts before any field in it.
      for (const [key, field] of Object.entries(shape.fields)) {
        if (field.required && absent(fields[key])) return { path, message: `${fieldName([...path, key])} is required` };
      }
      // Then the fields present, in the order they are written.
      for (const key of Object.keys(fields)) {
        const field = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
        if (!field || absent(fields[key])) continue;
        const problem = check(fields[key], field, [...path, key]);
        if (problem) return problem;
      }
      return null;
    }
  }
}

// JSON null is how Kubernetes says "unset" (and `field:` with no value in YAML is null).
function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function wrongType(value: unknown, expected: string, path: Path): ShapeProblem {
  return { path, message: `${fieldName(path)} must be ${expected}, not ${describe(value)}` };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return String(value);
}

/** `spec.listeners[1].protocol`, as kubectl names fields in its validation errors. */
export function fieldName(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
