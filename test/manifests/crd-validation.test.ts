// The values the Gateway API CRDs' validation rejects (issue 8 item 6): one case per rule of
// src/manifests/crd-validation.ts, each a valid object with one value changed, and the field and
// rule the API server would name. Then the examples of the issue through `check -f`, with
// file:line and exit status.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdViolations } from '../../src/manifests/crd-validation.js';
import { fieldName } from '../../src/manifests/shape.js';
import type { ResourceName } from '../../src/model/snapshot.js';
import { runGw } from '../e2e/run-gw.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const httpRoute = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'app' },
  spec: {
    parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'http' }],
    hostnames: ['web.example.com', '*.example.org'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-env', value: 'prod' }], method: 'GET' }],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }], remove: ['x-b'] } }],
        backendRefs: [{ name: 'api', port: 8080, weight: 90 }, { group: 'example.io', kind: 'Backend', name: 'ext' }],
        timeouts: { request: '10s', backendRequest: '5s' },
      },
    ],
  },
});

const grpcRoute = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GRPCRoute',
  metadata: { name: 'rpc', namespace: 'app' },
  spec: {
    parentRefs: [{ name: 'gw', namespace: 'infra' }],
    rules: [{ matches: [{ method: { service: 'store.v1.Inventory', method: 'GetItem' } }], backendRefs: [{ name: 'inventory', port: 9090 }] }],
  },
});

const gateway = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'infra' },
  spec: {
    gatewayClassName: 'eg',
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'cert' }] } },
      { name: 'db', port: 5432, protocol: 'TCP' },
    ],
  },
});

const tlsRoute = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TLSRoute',
  metadata: { name: 'db', namespace: 'app' },
  spec: { parentRefs: [{ name: 'gw' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
});

const referenceGrant = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
  metadata: { name: 'rg', namespace: 'app' },
  spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }], to: [{ group: '', kind: 'Service' }] },
});

const gatewayClass = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: { name: 'eg' },
  spec: {
    controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    description: 'The shared edge',
    parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'proxy', namespace: 'envoy-gateway-system' },
  },
});

const backendTLSPolicy = (): Obj => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'BackendTLSPolicy',
  metadata: { name: 'api-tls', namespace: 'app' },
  spec: {
    targetRefs: [{ group: '', kind: 'Service', name: 'api', sectionName: 'https' }],
    validation: {
      caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'api-ca' }],
      hostname: 'api.app.svc.cluster.local',
      subjectAltNames: [{ type: 'Hostname', hostname: 'api.example.com' }, { type: 'URI', uri: 'spiffe://cluster.local/ns/app/sa/api' }],
    },
  },
});

const BASES: Record<string, [ResourceName, () => Obj]> = {
  HTTPRoute: ['httproutes', httpRoute],
  GRPCRoute: ['grpcroutes', grpcRoute],
  Gateway: ['gateways', gateway],
  TLSRoute: ['tlsroutes', tlsRoute],
  ReferenceGrant: ['referencegrants', referenceGrant],
  GatewayClass: ['gatewayclasses', gatewayClass],
  BackendTLSPolicy: ['backendtlspolicies', backendTLSPolicy],
};

/** A rule whose only filter is a CORS filter with the given settings (the nearest valid values by default). */
const withCors = (o: Obj, cors: Obj = {}) =>
  (rule0(o).filters = [{ type: 'CORS', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-client'], exposeHeaders: ['x-trace'], maxAge: 600, ...cors } }]);
const infra = (o: Obj) => (o.spec.infrastructure ??= {});
const frontend = (o: Obj) => {
  o.spec.tls = { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }] } }, perPort: [{ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'other-ca' }], mode: 'AllowInsecureFallback' } } }] } };
  return o.spec.tls.frontend;
};
const validation = (o: Obj) => o.spec.validation;

const rule0 = (o: Obj) => o.spec.rules[0];
const match0 = (o: Obj) => rule0(o).matches[0];
const backend0 = (o: Obj) => rule0(o).backendRefs[0];
const filtersOf = (o: Obj) => rule0(o).filters;

interface Case {
  name: string;
  kind: keyof typeof BASES;
  change: (o: Obj) => void;
  /** Expected: code, field, and a piece of the cited rule; null when the API server accepts it. */
  expect: [string, string, string] | null;
  /** How many rules reject the value in all (the API server lists every failed rule); default 1. */
  count?: number;
}

const CASES: Case[] = [
  // BackendRef and BackendObjectReference
  { name: 'weight -1', kind: 'HTTPRoute', change: (o) => (backend0(o).weight = -1), expect: ['VL503', 'spec.rules[0].backendRefs[0].weight', 'Minimum=0'] },
  { name: 'weight 10^9', kind: 'HTTPRoute', change: (o) => (backend0(o).weight = 1e9), expect: ['VL503', 'spec.rules[0].backendRefs[0].weight', 'Maximum=1000000'] },
  { name: 'weight 1000000 (the maximum)', kind: 'HTTPRoute', change: (o) => (backend0(o).weight = 1_000_000), expect: null },
  { name: 'backend port 0', kind: 'HTTPRoute', change: (o) => (backend0(o).port = 0), expect: ['VL503', 'spec.rules[0].backendRefs[0].port', 'PortNumber) +kubebuilder:validation:Minimum=1'] },
  { name: 'backend port 65536', kind: 'HTTPRoute', change: (o) => (backend0(o).port = 65536), expect: ['VL503', 'spec.rules[0].backendRefs[0].port', 'Maximum=65535'] },
  { name: 'a Service backendRef without a port', kind: 'HTTPRoute', change: (o) => delete backend0(o).port, expect: ['VL504', 'spec.rules[0].backendRefs[0]', 'Must have port for Service reference'] },
  { name: 'an explicit core Service without a port', kind: 'GRPCRoute', change: (o) => Object.assign(backend0(o), { group: '', kind: 'Service', port: undefined }), expect: ['VL504', 'spec.rules[0].backendRefs[0]', 'Must have port'] },
  { name: 'another kind of backend needs no port', kind: 'HTTPRoute', change: (o) => (rule0(o).backendRefs = [{ group: 'example.io', kind: 'Backend', name: 'x' }]), expect: null },
  { name: 'backend namespace not a label', kind: 'HTTPRoute', change: (o) => (backend0(o).namespace = 'My_NS'), expect: ['VL503', 'spec.rules[0].backendRefs[0].namespace', 'Namespace'] },
  { name: 'backend kind with a slash', kind: 'HTTPRoute', change: (o) => (backend0(o).kind = 'v1/Service'), expect: ['VL503', 'spec.rules[0].backendRefs[0].kind', 'Kind'] },
  { name: 'more than 16 backendRefs', kind: 'HTTPRoute', change: (o) => (rule0(o).backendRefs = Array.from({ length: 17 }, (_, i) => ({ name: `b${i}`, port: 80 }))), expect: ['VL503', 'spec.rules[0].backendRefs', 'MaxItems=16'] },
  // HTTPPathMatch
  { name: 'a path without a leading /', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = 'api'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "start with '/'"] },
  { name: 'a path with //', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a//b'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "must not contain '//'"] },
  { name: 'a path with /./', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a/./b'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "'/./'"] },
  { name: 'a path with /../', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a/../b'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "'/../'"] },
  { name: 'a path with %2F', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a%2Fb'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "'%2f'"] },
  { name: 'a path with #', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a#b'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "'#'"], count: 2 },
  { name: 'an Exact path ending in /..', kind: 'HTTPRoute', change: (o) => (match0(o).path = { type: 'Exact', value: '/a/..' }), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "end with '/..'"] },
  { name: 'a path ending in /.', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a/.'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "end with '/.'"] },
  { name: 'a path with a space', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = '/a b'), expect: ['VL504', 'spec.rules[0].matches[0].path.value', 'must only contain valid characters'] },
  { name: 'an empty path value', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = ''), expect: ['VL504', 'spec.rules[0].matches[0].path.value', "start with '/'"], count: 2 },
  { name: 'a path match without a value (defaulted to "/")', kind: 'HTTPRoute', change: (o) => (match0(o).path = { type: 'Exact' }), expect: null },
  { name: 'a RegularExpression path is not held to the path rules', kind: 'HTTPRoute', change: (o) => (match0(o).path = { type: 'RegularExpression', value: '^/v[0-9]+//x' }), expect: null },
  { name: 'path type Prefix', kind: 'HTTPRoute', change: (o) => (match0(o).path.type = 'Prefix'), expect: ['VL503', 'spec.rules[0].matches[0].path.type', 'Enum=Exact;PathPrefix;RegularExpression'] },
  { name: 'a path over 1024 characters', kind: 'HTTPRoute', change: (o) => (match0(o).path.value = `/${'a'.repeat(1024)}`), expect: ['VL503', 'spec.rules[0].matches[0].path.value', 'MaxLength=1024'] },
  // Hostnames
  { name: 'an upper-case hostname', kind: 'HTTPRoute', change: (o) => (o.spec.hostnames[0] = 'Web.Example.com'), expect: ['VL503', 'spec.hostnames[0]', 'Hostname) +kubebuilder:validation:Pattern'] },
  { name: 'a wildcard that is not the first label', kind: 'HTTPRoute', change: (o) => (o.spec.hostnames[0] = 'web.*.example.com'), expect: ['VL503', 'spec.hostnames[0]', 'Hostname'] },
  { name: 'more than 16 hostnames', kind: 'HTTPRoute', change: (o) => (o.spec.hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`)), expect: ['VL503', 'spec.hostnames', 'MaxItems=16'] },
  // Header and query matches, method
  { name: 'a header name with a space', kind: 'HTTPRoute', change: (o) => (match0(o).headers[0].name = 'x env'), expect: ['VL503', 'spec.rules[0].matches[0].headers[0].name', 'HeaderName'] },
  { name: 'an HTTP/2 pseudo header', kind: 'HTTPRoute', change: (o) => (match0(o).headers[0].name = ':method'), expect: ['VL503', 'spec.rules[0].matches[0].headers[0].name', 'HeaderName'] },
  { name: 'a header name twice', kind: 'HTTPRoute', change: (o) => match0(o).headers.push({ name: 'x-env', value: 'dev' }), expect: ['VL503', 'spec.rules[0].matches[0].headers[1]', 'listMapKey=name'] },
  { name: 'an empty header value', kind: 'HTTPRoute', change: (o) => (match0(o).headers[0].value = ''), expect: ['VL503', 'spec.rules[0].matches[0].headers[0].value', 'MinLength=1'] },
  { name: 'header match type Prefix', kind: 'HTTPRoute', change: (o) => (match0(o).headers[0].type = 'Prefix'), expect: ['VL503', 'spec.rules[0].matches[0].headers[0].type', 'Enum=Exact;RegularExpression'] },
  { name: 'a query param value over 1024', kind: 'HTTPRoute', change: (o) => (match0(o).queryParams = [{ name: 'q', value: 'v'.repeat(1025) }]), expect: ['VL503', 'spec.rules[0].matches[0].queryParams[0].value', 'MaxLength=1024'] },
  { name: 'method in lower case', kind: 'HTTPRoute', change: (o) => (match0(o).method = 'get'), expect: ['VL503', 'spec.rules[0].matches[0].method', 'HTTPMethod'] },
  { name: 'more than 64 matches in a rule', kind: 'HTTPRoute', change: (o) => (rule0(o).matches = Array.from({ length: 65 }, () => ({}))), expect: ['VL503', 'spec.rules[0].matches', 'MaxItems=64'] },
  {
    name: 'more than 128 matches in all',
    kind: 'HTTPRoute',
    change: (o) => (o.spec.rules = Array.from({ length: 3 }, () => ({ matches: Array.from({ length: 50 }, () => ({})), backendRefs: [{ name: 'a', port: 80 }] }))),
    expect: ['VL504', 'spec.rules', 'total number of matches across all rules'],
  },
  // Filters
  { name: 'RequestRedirect with URLRewrite', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { backendRefs: [], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }, { type: 'URLRewrite', urlRewrite: { hostname: 'x.example.com' } }] }), expect: ['VL504', 'spec.rules[0].filters', 'not both'] },
  { name: 'RequestRedirect with backendRefs', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }]), expect: ['VL504', 'spec.rules[0].filters', 'RequestRedirect filter must not be used together with backendRefs'] },
  { name: 'a filter field of another type', kind: 'HTTPRoute', change: (o) => (filtersOf(o)[0].urlRewrite = { hostname: 'x.example.com' }), expect: ['VL504', 'spec.rules[0].filters[0].urlRewrite', 'filter.urlRewrite must be nil if the filter.type is not URLRewrite'] },
  { name: 'a filter type without its field', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'URLRewrite' }]), expect: ['VL504', 'spec.rules[0].filters[0]', 'filter.urlRewrite must be specified for URLRewrite filter.type'] },
  { name: 'RequestHeaderModifier twice', kind: 'HTTPRoute', change: (o) => filtersOf(o).push({ type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x-c', value: '2' }] } }), expect: ['VL504', 'spec.rules[0].filters[1]', 'RequestHeaderModifier filter cannot be repeated'] },
  { name: 'an unknown filter type', kind: 'HTTPRoute', change: (o) => (filtersOf(o)[0].type = 'HeaderModifier'), expect: ['VL503', 'spec.rules[0].filters[0].type', 'HTTPRouteFilter.Type +kubebuilder:validation:Enum'], count: 2 },
  { name: 'a header set twice in one modifier', kind: 'HTTPRoute', change: (o) => filtersOf(o)[0].requestHeaderModifier.set.push({ name: 'x-a', value: '2' }), expect: ['VL503', 'spec.rules[0].filters[0].requestHeaderModifier.set[1]', 'listMapKey=name'] },
  { name: 'a header removed twice', kind: 'HTTPRoute', change: (o) => filtersOf(o)[0].requestHeaderModifier.remove.push('x-b'), expect: ['VL503', 'spec.rules[0].filters[0].requestHeaderModifier.remove[1]', 'listType=set'] },
  { name: 'redirect status 305', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { backendRefs: [], filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 305 } }] }), expect: ['VL503', 'spec.rules[0].filters[0].requestRedirect.statusCode', 'Enum=301;302;303;307;308'] },
  { name: 'redirect scheme ftp', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { backendRefs: [], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'ftp' } }] }), expect: ['VL503', 'spec.rules[0].filters[0].requestRedirect.scheme', 'Enum=http;https'] },
  { name: 'redirect hostname with a wildcard', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { backendRefs: [], filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: '*.example.com' } }] }), expect: ['VL503', 'spec.rules[0].filters[0].requestRedirect.hostname', 'PreciseHostname'] },
  { name: 'redirect port 0', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { backendRefs: [], filters: [{ type: 'RequestRedirect', requestRedirect: { port: 0 } }] }), expect: ['VL503', 'spec.rules[0].filters[0].requestRedirect.port', 'Minimum=1'] },
  { name: 'ReplacePrefixMatch without its value', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch' } } }]), expect: ['VL504', 'spec.rules[0].filters[0].urlRewrite.path', "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"] },
  { name: 'replaceFullPath under type ReplacePrefixMatch', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/', replaceFullPath: '/x' } } }]), expect: ['VL504', 'spec.rules[0].filters[0].urlRewrite.path.replaceFullPath', "type must be 'ReplaceFullPath' when replaceFullPath is set"] },
  { name: 'ReplacePrefixMatch with an Exact match', kind: 'HTTPRoute', change: (o) => Object.assign(rule0(o), { matches: [{ path: { type: 'Exact', value: '/api' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } }] }), expect: ['VL504', 'spec.rules[0].matches', 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match'] },
  { name: 'path modifier type Replace', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'Replace' } } }]), expect: ['VL503', 'spec.rules[0].filters[0].urlRewrite.path.type', 'Enum=ReplaceFullPath;ReplacePrefixMatch'] },
  { name: 'mirror percent 101', kind: 'HTTPRoute', change: (o) => filtersOf(o).push({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 80 }, percent: 101 } }), expect: ['VL503', 'spec.rules[0].filters[1].requestMirror.percent', 'Maximum=100'] },
  { name: 'mirror percent and fraction', kind: 'HTTPRoute', change: (o) => filtersOf(o).push({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 80 }, percent: 5, fraction: { numerator: 1 } } }), expect: ['VL504', 'spec.rules[0].filters[1].requestMirror', 'Only one of percent or fraction'] },
  { name: 'mirror fraction above 1', kind: 'HTTPRoute', change: (o) => filtersOf(o).push({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 80 }, fraction: { numerator: 3, denominator: 2 } } }), expect: ['VL504', 'spec.rules[0].filters[1].requestMirror.fraction', 'numerator must be less than or equal to denominator'] },
  { name: 'a mirror to a Service without a port', kind: 'HTTPRoute', change: (o) => filtersOf(o).push({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm' } } }), expect: ['VL504', 'spec.rules[0].filters[1].requestMirror.backendRef', 'Must have port'] },
  { name: 'backendRef filters: redirect with rewrite', kind: 'HTTPRoute', change: (o) => (backend0(o).filters = [{ type: 'RequestRedirect', requestRedirect: {} }, { type: 'URLRewrite', urlRewrite: {} }]), expect: ['VL504', 'spec.rules[0].backendRefs[0].filters', 'HTTPBackendRef.Filters'] },
  // Rules, timeouts
  { name: 'a rule name twice', kind: 'HTTPRoute', change: (o) => (o.spec.rules = [{ ...rule0(o), name: 'a' }, { name: 'a', backendRefs: [{ name: 'x', port: 80 }] }]), expect: ['VL504', 'spec.rules[1].name', 'Rule name must be unique within the route'] },
  { name: 'a rule name in upper case', kind: 'HTTPRoute', change: (o) => (rule0(o).name = 'Main'), expect: ['VL503', 'spec.rules[0].name', 'SectionName'] },
  { name: 'no rules at all (an empty list)', kind: 'HTTPRoute', change: (o) => (o.spec.rules = []), expect: ['VL503', 'spec.rules', 'MinItems=1'] },
  { name: 'a timeout in words', kind: 'HTTPRoute', change: (o) => (rule0(o).timeouts.request = '10 seconds'), expect: ['VL503', 'spec.rules[0].timeouts.request', 'Duration'] },
  { name: 'backendRequest longer than request', kind: 'HTTPRoute', change: (o) => (rule0(o).timeouts.backendRequest = '1m'), expect: ['VL504', 'spec.rules[0].timeouts.backendRequest', 'backendRequest timeout cannot be longer than request timeout'] },
  // ParentRefs
  { name: 'the same parent twice, one with sectionName', kind: 'HTTPRoute', change: (o) => o.spec.parentRefs.push({ name: 'gw', namespace: 'infra' }), expect: ['VL504', 'spec.parentRefs[1]', 'sectionName or port must be specified when parentRefs includes 2 or more references to the same parent'] },
  { name: 'the same parent and sectionName twice', kind: 'HTTPRoute', change: (o) => o.spec.parentRefs.push({ name: 'gw', namespace: 'infra', sectionName: 'http' }), expect: ['VL504', 'spec.parentRefs[1]', 'sectionName or port must be unique'] },
  { name: 'the same parent with two sectionNames', kind: 'HTTPRoute', change: (o) => o.spec.parentRefs.push({ name: 'gw', namespace: 'infra', sectionName: 'https' }), expect: null },
  { name: 'a parentRef namespace in upper case', kind: 'HTTPRoute', change: (o) => (o.spec.parentRefs[0].namespace = 'Infra'), expect: ['VL503', 'spec.parentRefs[0].namespace', 'Namespace'] },
  { name: 'a parentRef port 0', kind: 'HTTPRoute', change: (o) => (o.spec.parentRefs[0].port = 0), expect: ['VL503', 'spec.parentRefs[0].port', 'Minimum=1'] },
  { name: 'more than 32 parentRefs', kind: 'HTTPRoute', change: (o) => (o.spec.parentRefs = Array.from({ length: 33 }, (_, i) => ({ name: `gw${i}` }))), expect: ['VL503', 'spec.parentRefs', 'MaxItems=32'] },
  // GRPCRoute
  { name: 'a gRPC method match with neither service nor method', kind: 'GRPCRoute', change: (o) => (match0(o).method = {}), expect: ['VL504', 'spec.rules[0].matches[0].method', "One or both of 'service' or 'method' must be specified"] },
  { name: 'a gRPC service written as a path', kind: 'GRPCRoute', change: (o) => (match0(o).method.service = '/store.v1.Inventory/'), expect: ['VL504', 'spec.rules[0].matches[0].method.service', 'service must only contain valid characters'] },
  { name: 'a gRPC method with a dash', kind: 'GRPCRoute', change: (o) => (match0(o).method.method = 'get-item'), expect: ['VL504', 'spec.rules[0].matches[0].method.method', 'method must only contain valid characters'] },
  { name: 'a gRPC RegularExpression method is not held to the name rules', kind: 'GRPCRoute', change: (o) => (match0(o).method = { type: 'RegularExpression', method: 'Get.*' }), expect: null },
  { name: 'a RequestRedirect filter on a GRPCRoute', kind: 'GRPCRoute', change: (o) => (rule0(o).filters = [{ type: 'RequestRedirect', requestRedirect: {} }]), expect: ['VL503', 'spec.rules[0].filters[0].type', 'GRPCRouteFilter.Type'] },
  { name: 'a gRPC backend weight -1', kind: 'GRPCRoute', change: (o) => (backend0(o).weight = -1), expect: ['VL503', 'spec.rules[0].backendRefs[0].weight', 'Minimum=0'] },
  // Gateway
  { name: 'two listeners with one name', kind: 'Gateway', change: (o) => (o.spec.listeners[2].name = 'http'), expect: ['VL504', 'spec.listeners[2]', 'Listener name must be unique within the Gateway'] },
  { name: 'two listeners on one port, protocol and hostname', kind: 'Gateway', change: (o) => o.spec.listeners.push({ name: 'http-2', port: 80, protocol: 'HTTP' }), expect: ['VL504', 'spec.listeners[3]', 'Combination of port, protocol and hostname must be unique'] },
  { name: 'two listeners on one port with different hostnames', kind: 'Gateway', change: (o) => o.spec.listeners.push({ name: 'http-2', port: 80, protocol: 'HTTP', hostname: 'a.example.com' }), expect: null },
  { name: 'listener port 0', kind: 'Gateway', change: (o) => (o.spec.listeners[0].port = 0), expect: ['VL503', 'spec.listeners[0].port', 'Listener.Port (PortNumber) +kubebuilder:validation:Minimum=1'] },
  { name: 'an upper-case listener hostname', kind: 'Gateway', change: (o) => (o.spec.listeners[1].hostname = '*.Example.com'), expect: ['VL503', 'spec.listeners[1].hostname', 'Hostname'] },
  { name: 'an HTTP listener with tls', kind: 'Gateway', change: (o) => (o.spec.listeners[0].tls = { certificateRefs: [{ name: 'c' }] }), expect: ['VL504', 'spec.listeners[0].tls', "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"] },
  { name: 'an HTTPS listener in Passthrough', kind: 'Gateway', change: (o) => (o.spec.listeners[1].tls.mode = 'Passthrough'), expect: ['VL504', 'spec.listeners[1].tls.mode', 'tls mode must be Terminate for protocol HTTPS'] },
  { name: 'a TCP listener with a hostname', kind: 'Gateway', change: (o) => (o.spec.listeners[2].hostname = 'db.example.com'), expect: ['VL504', 'spec.listeners[2].hostname', "hostname must not be specified for protocols ['TCP', 'UDP']"] },
  { name: 'a TLS listener without tls', kind: 'Gateway', change: (o) => o.spec.listeners.push({ name: 'tls', port: 8443, protocol: 'TLS' }), expect: ['VL504', 'spec.listeners[3]', 'tls mode must be set for protocol TLS'] },
  { name: 'a TLS listener in Passthrough', kind: 'Gateway', change: (o) => o.spec.listeners.push({ name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } }), expect: null },
  { name: 'Terminate without certificateRefs or options', kind: 'Gateway', change: (o) => (o.spec.listeners[1].tls = {}), expect: ['VL504', 'spec.listeners[1].tls', 'certificateRefs or options must be specified when mode is Terminate'] },
  { name: 'Terminate with options only', kind: 'Gateway', change: (o) => (o.spec.listeners[1].tls = { options: { 'example.com/cert': 'managed' } }), expect: null },
  { name: 'allowedRoutes from Everyone', kind: 'Gateway', change: (o) => (o.spec.listeners[0].allowedRoutes.namespaces.from = 'Everyone'), expect: ['VL503', 'spec.listeners[0].allowedRoutes.namespaces.from', 'Enum=All;Selector;Same;None'] },
  { name: 'a protocol with a space', kind: 'Gateway', change: (o) => (o.spec.listeners[0].protocol = 'HTTP 2'), expect: ['VL503', 'spec.listeners[0].protocol', 'ProtocolType'] },
  { name: 'a domain-prefixed protocol', kind: 'Gateway', change: (o) => (o.spec.listeners[0].protocol = 'example.com/quic'), expect: null },
  { name: 'more than 64 listeners', kind: 'Gateway', change: (o) => (o.spec.listeners = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' }))), expect: ['VL503', 'spec.listeners', 'MaxItems=64'] },
  // TLSRoute, ReferenceGrant
  { name: 'a TLSRoute with no rules', kind: 'TLSRoute', change: (o) => (o.spec.rules = []), expect: ['VL503', 'spec.rules', 'MinItems=1'] },
  { name: 'a TLSRoute with 17 hostnames (v1.6 allows 4096)', kind: 'TLSRoute', change: (o) => (o.spec.hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`)), expect: null },
  { name: 'a TLSRoute with 4097 hostnames', kind: 'TLSRoute', change: (o) => (o.spec.hostnames = Array.from({ length: 4097 }, (_, i) => `h${i}.example.com`)), expect: ['VL503', 'spec.hostnames', 'TLSRouteSpec.Hostnames +kubebuilder:validation:MaxItems=4096'] },
  { name: 'a TLSRoute with an upper-case hostname', kind: 'TLSRoute', change: (o) => (o.spec.hostnames[0] = 'DB.example.com'), expect: ['VL503', 'spec.hostnames[0]', 'TLSRouteSpec.Hostnames (Hostname)'] },
  { name: 'a TLSRoute backend port 70000', kind: 'TLSRoute', change: (o) => (backend0(o).port = 70000), expect: ['VL503', 'spec.rules[0].backendRefs[0].port', 'Maximum=65535'] },
  { name: 'a ReferenceGrant from a namespace with a dot', kind: 'ReferenceGrant', change: (o) => (o.spec.from[0].namespace = 'web.app'), expect: ['VL503', 'spec.from[0].namespace', 'ReferenceGrantFrom.Namespace (Namespace)'] },

  // HTTPCORSFilter
  { name: 'a CORS filter with every list filled in', kind: 'HTTPRoute', change: (o) => withCors(o), expect: null },
  { name: 'CORS allowOrigins "*" alone', kind: 'HTTPRoute', change: (o) => withCors(o, { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: ['*'] }), expect: null },
  { name: 'CORS allowOrigins "*" with another origin', kind: 'HTTPRoute', change: (o) => withCors(o, { allowOrigins: ['*', 'https://app.example.com'] }), expect: ['VL504', 'spec.rules[0].filters[0].cors.allowOrigins', "AllowOrigins cannot contain '*' alongside other origins"] },
  { name: 'CORS origin listed twice', kind: 'HTTPRoute', change: (o) => withCors(o, { allowOrigins: ['https://a.example.com', 'https://a.example.com'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowOrigins[1]', 'HTTPCORSFilter.AllowOrigins +listType=set'] },
  { name: 'more than 64 CORS origins', kind: 'HTTPRoute', change: (o) => withCors(o, { allowOrigins: Array.from({ length: 65 }, (_, i) => `https://h${i}.example.com`) }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowOrigins', 'HTTPCORSFilter.AllowOrigins +kubebuilder:validation:MaxItems=64'] },
  { name: 'CORS allowMethods "*" with GET', kind: 'HTTPRoute', change: (o) => withCors(o, { allowMethods: ['*', 'GET'] }), expect: ['VL504', 'spec.rules[0].filters[0].cors.allowMethods', "AllowMethods cannot contain '*' alongside other methods"] },
  { name: 'CORS method in lower case', kind: 'HTTPRoute', change: (o) => withCors(o, { allowMethods: ['get'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowMethods[0]', 'HTTPMethodWithWildcard) +kubebuilder:validation:Enum=GET;HEAD;POST;PUT;DELETE;CONNECT;OPTIONS;TRACE;PATCH;*'] },
  { name: 'CORS method listed twice', kind: 'HTTPRoute', change: (o) => withCors(o, { allowMethods: ['GET', 'GET'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowMethods[1]', '+listType=set'] },
  { name: 'more than 9 CORS methods', kind: 'HTTPRoute', change: (o) => withCors(o, { allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PATCH'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowMethods', 'MaxItems=9'], count: 2 },
  { name: 'CORS allowHeaders "*" with a header', kind: 'HTTPRoute', change: (o) => withCors(o, { allowHeaders: ['*', 'x-client'] }), expect: ['VL504', 'spec.rules[0].filters[0].cors.allowHeaders', "AllowHeaders cannot contain '*' alongside other methods"] },
  { name: 'a CORS allowed header with a space', kind: 'HTTPRoute', change: (o) => withCors(o, { allowHeaders: ['x client'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.allowHeaders[0]', 'HTTPCORSFilter.AllowHeaders (HTTPHeaderName) (HeaderName) +kubebuilder:validation:Pattern'] },
  { name: 'a CORS exposed header with a colon', kind: 'HTTPRoute', change: (o) => withCors(o, { exposeHeaders: [':status'] }), expect: ['VL503', 'spec.rules[0].filters[0].cors.exposeHeaders[0]', 'HTTPCORSFilter.ExposeHeaders (HTTPHeaderName) (HeaderName)'] },
  { name: 'CORS maxAge 0', kind: 'HTTPRoute', change: (o) => withCors(o, { maxAge: 0 }), expect: ['VL503', 'spec.rules[0].filters[0].cors.maxAge', 'HTTPCORSFilter.MaxAge +kubebuilder:validation:Minimum=1'] },
  { name: 'CORS maxAge 1 (the minimum)', kind: 'HTTPRoute', change: (o) => withCors(o, { maxAge: 1 }), expect: null },
  { name: 'CORS on a backendRef with "*" and others', kind: 'HTTPRoute', change: (o) => (backend0(o).filters = [{ type: 'CORS', cors: { allowOrigins: ['https://a.example.com', '*'] } }]), expect: ['VL504', 'spec.rules[0].backendRefs[0].filters[0].cors.allowOrigins', 'alongside other origins'] },
  // HTTPExternalAuthFilter (experimental)
  { name: 'an HTTP external auth filter', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'HTTP', backendRef: { name: 'auth', port: 9000 }, http: { path: '/authz', allowedHeaders: ['x-user'] } } }]), expect: null },
  { name: 'external auth protocol GRPC without grpc', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'GRPC', backendRef: { name: 'auth', port: 9000 } } }]), expect: ['VL504', 'spec.rules[0].filters[0].externalAuth', "grpc must be specified when protocol is set to 'GRPC'"] },
  { name: 'external auth http settings under protocol GRPC', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'GRPC', backendRef: { name: 'auth', port: 9000 }, grpc: {}, http: {} } }]), expect: ['VL504', 'spec.rules[0].filters[0].externalAuth.http', "protocol must be 'HTTP' when http is set"] },
  { name: 'external auth protocol REST', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'REST', backendRef: { name: 'auth', port: 9000 } } }]), expect: ['VL503', 'spec.rules[0].filters[0].externalAuth.protocol', 'Enum=HTTP;GRPC'] },
  { name: 'external auth to a Service without a port', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'GRPC', backendRef: { name: 'auth' }, grpc: {} } }]), expect: ['VL504', 'spec.rules[0].filters[0].externalAuth.backendRef', 'Must have port'] },
  { name: 'an external auth path with a space', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'HTTP', backendRef: { name: 'auth', port: 9000 }, http: { path: '/auth z' } } }]), expect: ['VL503', 'spec.rules[0].filters[0].externalAuth.http.path', 'HTTPAuthConfig.Path +kubebuilder:validation:Pattern'] },
  { name: 'an external auth header allowed twice', kind: 'HTTPRoute', change: (o) => (rule0(o).filters = [{ type: 'ExternalAuth', externalAuth: { protocol: 'GRPC', backendRef: { name: 'auth', port: 9000 }, grpc: { allowedHeaders: ['x-user', 'x-user'] } } }]), expect: ['VL503', 'spec.rules[0].filters[0].externalAuth.grpc.allowedHeaders[1]', 'GRPCAuthConfig.AllowedRequestHeaders +listType=set'] },
  // HTTPRouteRetry
  { name: 'retry on 500, 503 and 504, twice, after 100ms', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { codes: [500, 503, 504], attempts: 2, backoff: '100ms' }), expect: null },
  { name: 'retry on status 399', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { codes: [399] }), expect: ['VL503', 'spec.rules[0].retry.codes[0]', 'HTTPRouteRetry.Codes (HTTPRouteRetryStatusCode) +kubebuilder:validation:Minimum=400'] },
  { name: 'retry on status 400 and 599 (the bounds)', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { codes: [400, 599] }), expect: null },
  { name: 'retry on status 600', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { codes: [600] }), expect: ['VL503', 'spec.rules[0].retry.codes[0]', 'Maximum=599'] },
  { name: 'a retry code listed twice', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { codes: [503, 503] }), expect: ['VL503', 'spec.rules[0].retry.codes[1]', 'HTTPRouteRetry.Codes +listType=set'] },
  { name: 'a retry backoff in words', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { backoff: '1 second' }), expect: ['VL503', 'spec.rules[0].retry.backoff', 'HTTPRouteRetry.Backoff (Duration) +kubebuilder:validation:Pattern'] },
  { name: 'retry attempts 0 (bounds differ between releases)', kind: 'HTTPRoute', change: (o) => (rule0(o).retry = { attempts: 0 }), expect: null },
  // SessionPersistence (experimental)
  { name: 'a permanent session cookie with its lifetime', kind: 'HTTPRoute', change: (o) => (rule0(o).sessionPersistence = { type: 'Cookie', absoluteTimeout: '1h', cookieConfig: { lifetimeType: 'Permanent' } }), expect: null },
  { name: 'a permanent session cookie without absoluteTimeout', kind: 'HTTPRoute', change: (o) => (rule0(o).sessionPersistence = { cookieConfig: { lifetimeType: 'Permanent' } }), expect: ['VL504', 'spec.rules[0].sessionPersistence', 'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent'] },
  { name: 'session persistence by query', kind: 'HTTPRoute', change: (o) => (rule0(o).sessionPersistence = { type: 'Query' }), expect: ['VL503', 'spec.rules[0].sessionPersistence.type', 'Enum=Cookie;Header'] },
  { name: 'a session absoluteTimeout in days', kind: 'GRPCRoute', change: (o) => (rule0(o).sessionPersistence = { type: 'Header', absoluteTimeout: '1d' }), expect: ['VL503', 'spec.rules[0].sessionPersistence.absoluteTimeout', 'SessionPersistence.AbsoluteTimeout (Duration)'] },
  { name: 'a session cookie lifetime Forever', kind: 'GRPCRoute', change: (o) => (rule0(o).sessionPersistence = { cookieConfig: { lifetimeType: 'Forever' } }), expect: ['VL503', 'spec.rules[0].sessionPersistence.cookieConfig.lifetimeType', 'Enum=Permanent;Session'] },
  // GatewaySpec.Addresses
  { name: 'an IP address, a hostname and a named address', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ value: '192.0.2.1' }, { type: 'Hostname', value: 'lb.example.com' }, { type: 'example.com/pool', value: 'edge' }, { type: 'Hostname' }]), expect: null },
  { name: 'an address type in lower case', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ type: 'hostname', value: 'lb.example.com' }]), expect: ['VL503', 'spec.addresses[0].type', 'GatewaySpecAddress.Type (AddressType) +kubebuilder:validation:Pattern'] },
  { name: 'a Hostname address in upper case', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ type: 'Hostname', value: 'LB.example.com' }]), expect: ['VL504', 'spec.addresses[0].value', 'Hostname value must be empty or contain only valid characters'] },
  { name: 'one IP address twice (type defaulted)', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ value: '192.0.2.1' }, { type: 'IPAddress', value: '192.0.2.1' }]), expect: ['VL504', 'spec.addresses[1]', 'IPAddress values must be unique'] },
  { name: 'one hostname twice', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ type: 'Hostname', value: 'lb.example.com' }, { type: 'Hostname', value: 'lb.example.com' }]), expect: ['VL504', 'spec.addresses[1]', 'Hostname values must be unique'] },
  { name: 'one value as an IP address and as a named address', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ value: 'edge' }, { type: 'NamedAddress', value: 'edge' }]), expect: null },
  { name: 'an address value over 253 characters', kind: 'Gateway', change: (o) => (o.spec.addresses = [{ type: 'example.com/pool', value: 'x'.repeat(254) }]), expect: ['VL503', 'spec.addresses[0].value', 'GatewaySpecAddress.Value +kubebuilder:validation:MaxLength=253'] },
  { name: 'more than 16 addresses', kind: 'Gateway', change: (o) => (o.spec.addresses = Array.from({ length: 17 }, (_, i) => ({ value: `192.0.2.${i}` }))), expect: ['VL503', 'spec.addresses', 'GatewaySpec.Addresses +kubebuilder:validation:MaxItems=16'] },
  // GatewayInfrastructure
  { name: 'infrastructure labels, annotations and parametersRef', kind: 'Gateway', change: (o) => Object.assign(infra(o), { labels: { 'example.com/team': 'edge', tier: '' }, annotations: { 'example.com/note': 'any text: even spaces' }, parametersRef: { group: '', kind: 'ConfigMap', name: 'gw-config' } }), expect: null },
  { name: 'an infrastructure label key with a space', kind: 'Gateway', change: (o) => (infra(o).labels = { 'my team': 'edge' }), expect: ['VL504', 'spec.infrastructure.labels.my team', 'Label keys must be in the form of an optional DNS subdomain prefix'] },
  { name: 'an infrastructure label value with a slash', kind: 'Gateway', change: (o) => (infra(o).labels = { team: 'edge/blue' }), expect: ['VL503', 'spec.infrastructure.labels.team', 'GatewayInfrastructure.Labels (LabelValue) (LabelValue) +kubebuilder:validation:Pattern'] },
  { name: 'an infrastructure label value of 64 characters', kind: 'Gateway', change: (o) => (infra(o).labels = { team: 'a'.repeat(64) }), expect: ['VL503', 'spec.infrastructure.labels.team', 'MaxLength=63'] },
  { name: 'nine infrastructure labels', kind: 'Gateway', change: (o) => (infra(o).labels = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`l${i}`, 'x']))), expect: ['VL503', 'spec.infrastructure.labels', 'GatewayInfrastructure.Labels +kubebuilder:validation:MaxProperties=8'] },
  { name: 'sixteen infrastructure annotations (the v1.6 limit)', kind: 'Gateway', change: (o) => (infra(o).annotations = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`a${i}`, 'x']))), expect: null },
  { name: 'seventeen infrastructure annotations', kind: 'Gateway', change: (o) => (infra(o).annotations = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`a${i}`, 'x']))), expect: ['VL503', 'spec.infrastructure.annotations', 'MaxProperties=16'] },
  { name: 'an infrastructure annotation key ending in "."', kind: 'Gateway', change: (o) => (infra(o).annotations = { 'example.com.': 'x' }), expect: ['VL504', 'spec.infrastructure.annotations.example.com.', 'Annotation keys must be in the form'] },
  { name: 'an infrastructure annotation key prefix of 253 characters', kind: 'Gateway', change: (o) => (infra(o).annotations = { [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/note`]: 'x' }), expect: ['VL504', `spec.infrastructure.annotations.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/note`, `key.split("/")[0].size() < 253`] },
  { name: 'an infrastructure annotation key prefix of 252 characters', kind: 'Gateway', change: (o) => (infra(o).annotations = { [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}/note`]: 'x' }), expect: null },
  { name: 'an infrastructure parametersRef without a name', kind: 'Gateway', change: (o) => (infra(o).parametersRef = { group: '', kind: 'ConfigMap', name: '' }), expect: ['VL503', 'spec.infrastructure.parametersRef.name', 'LocalParametersReference.Name (ObjectName) +kubebuilder:validation:MinLength=1'] },
  // GatewayTLSConfig
  { name: 'frontend validation by default and per port', kind: 'Gateway', change: (o) => frontend(o), expect: null },
  { name: 'two per-port frontend settings for port 443', kind: 'Gateway', change: (o) => frontend(o).perPort.push({ port: 443, tls: {} }), expect: ['VL504', 'spec.tls.frontend.perPort[1]', 'Port for TLS configuration must be unique within the Gateway'] },
  { name: 'a per-port frontend setting for port 0', kind: 'Gateway', change: (o) => (frontend(o).perPort[0].port = 0), expect: ['VL503', 'spec.tls.frontend.perPort[0].port', 'TLSPortConfig.Port (PortNumber) +kubebuilder:validation:Minimum=1'] },
  { name: 'frontend validation without CA certificates', kind: 'Gateway', change: (o) => (frontend(o).default.validation.caCertificateRefs = []), expect: ['VL503', 'spec.tls.frontend.default.validation.caCertificateRefs', 'FrontendTLSValidation.CACertificateRefs +kubebuilder:validation:MinItems=1'] },
  { name: 'frontend validation mode Optional', kind: 'Gateway', change: (o) => (frontend(o).perPort[0].tls.validation.mode = 'Optional'), expect: ['VL503', 'spec.tls.frontend.perPort[0].tls.validation.mode', 'Enum=AllowValidOnly;AllowInsecureFallback'] },
  { name: 'a frontend CA reference with a kind path', kind: 'Gateway', change: (o) => (frontend(o).default.validation.caCertificateRefs[0].kind = 'v1/ConfigMap'), expect: ['VL503', 'spec.tls.frontend.default.validation.caCertificateRefs[0].kind', 'ObjectReference.Kind (Kind)'] },
  { name: 'a backend client certificate in an upper-case namespace', kind: 'Gateway', change: (o) => (o.spec.tls = { backend: { clientCertificateRef: { name: 'client', namespace: 'Certs' } } }), expect: ['VL503', 'spec.tls.backend.clientCertificateRef.namespace', 'SecretObjectReference.Namespace (Namespace)'] },
  // GatewayClass
  { name: 'a controllerName without a path', kind: 'GatewayClass', change: (o) => (o.spec.controllerName = 'example.net'), expect: ['VL503', 'spec.controllerName', 'GatewayClassSpec.ControllerName (GatewayController) +kubebuilder:validation:Pattern'] },
  { name: 'a controllerName with an upper-case domain', kind: 'GatewayClass', change: (o) => (o.spec.controllerName = 'Example.net/gateway'), expect: ['VL503', 'spec.controllerName', 'GatewayController'] },
  { name: 'an empty controllerName', kind: 'GatewayClass', change: (o) => (o.spec.controllerName = ''), expect: ['VL503', 'spec.controllerName', 'MinLength=1'] },
  { name: 'a description of 65 characters', kind: 'GatewayClass', change: (o) => (o.spec.description = 'd'.repeat(65)), expect: ['VL503', 'spec.description', 'GatewayClassSpec.Description +kubebuilder:validation:MaxLength=64'] },
  { name: 'a description of 64 characters', kind: 'GatewayClass', change: (o) => (o.spec.description = 'd'.repeat(64)), expect: null },
  { name: 'a parametersRef namespace with a dot', kind: 'GatewayClass', change: (o) => (o.spec.parametersRef.namespace = 'envoy.system'), expect: ['VL503', 'spec.parametersRef.namespace', 'ParametersReference.Namespace (Namespace)'] },
  { name: 'a parametersRef group with a slash', kind: 'GatewayClass', change: (o) => (o.spec.parametersRef.group = 'gateway.envoyproxy.io/v1alpha1'), expect: ['VL503', 'spec.parametersRef.group', 'ParametersReference.Group (Group)'] },
  // BackendTLSPolicy
  { name: 'a policy with well-known CAs instead of refs', kind: 'BackendTLSPolicy', change: (o) => Object.assign(validation(o), { caCertificateRefs: undefined, wellKnownCACertificates: 'System' }), expect: null },
  { name: 'both caCertificateRefs and wellKnownCACertificates', kind: 'BackendTLSPolicy', change: (o) => (validation(o).wellKnownCACertificates = 'System'), expect: ['VL504', 'spec.validation', 'must not contain both CACertificateRefs and WellKnownCACertificates'] },
  { name: 'neither caCertificateRefs nor wellKnownCACertificates', kind: 'BackendTLSPolicy', change: (o) => (validation(o).caCertificateRefs = []), expect: ['VL504', 'spec.validation', 'must specify either CACertificateRefs or WellKnownCACertificates'] },
  { name: 'an implementation-specific wellKnownCACertificates (allowed since v1.5)', kind: 'BackendTLSPolicy', change: (o) => Object.assign(validation(o), { caCertificateRefs: undefined, wellKnownCACertificates: 'example.com/mozilla' }), expect: null },
  { name: 'a wildcard validation hostname', kind: 'BackendTLSPolicy', change: (o) => (validation(o).hostname = '*.app.svc'), expect: ['VL503', 'spec.validation.hostname', 'BackendTLSPolicyValidation.Hostname (PreciseHostname)'] },
  { name: 'a Hostname SAN without a hostname', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[0] = { type: 'Hostname' }), expect: ['VL504', 'spec.validation.subjectAltNames[0]', 'SubjectAltName element must contain Hostname, if Type is set to Hostname'] },
  { name: 'a URI SAN that also sets a hostname', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[1].hostname = 'api.example.com'), expect: ['VL504', 'spec.validation.subjectAltNames[1].hostname', 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname'] },
  { name: 'a URI SAN without a uri', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[1] = { type: 'URI' }), expect: ['VL504', 'spec.validation.subjectAltNames[1]', 'SubjectAltName element must contain URI, if Type is set to URI'] },
  { name: 'a Hostname SAN that also sets a uri', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[0].uri = 'spiffe://cluster.local/x'), expect: ['VL504', 'spec.validation.subjectAltNames[0].uri', 'SubjectAltName element must not contain URI, if Type is not set to URI'] },
  { name: 'a URI SAN without a scheme', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[1].uri = 'cluster.local/ns/app'), expect: ['VL503', 'spec.validation.subjectAltNames[1].uri', 'SubjectAltName.URI (AbsoluteURI) +kubebuilder:validation:Pattern'] },
  { name: 'a SAN of type IP', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames[0] = { type: 'IP', hostname: '' }), expect: ['VL503', 'spec.validation.subjectAltNames[0].type', 'Enum=Hostname;URI'] },
  { name: 'six SANs', kind: 'BackendTLSPolicy', change: (o) => (validation(o).subjectAltNames = Array.from({ length: 6 }, (_, i) => ({ type: 'Hostname', hostname: `h${i}.example.com` }))), expect: ['VL503', 'spec.validation.subjectAltNames', 'MaxItems=5'] },
  { name: 'one Service targeted twice, once with a sectionName', kind: 'BackendTLSPolicy', change: (o) => o.spec.targetRefs.push({ group: '', kind: 'Service', name: 'api' }), expect: ['VL504', 'spec.targetRefs[1]', 'sectionName must be specified when targetRefs includes 2 or more references to the same target'] },
  { name: 'one Service port targeted twice', kind: 'BackendTLSPolicy', change: (o) => o.spec.targetRefs.push({ group: '', kind: 'Service', name: 'api', sectionName: 'https' }), expect: ['VL504', 'spec.targetRefs[1]', 'sectionName must be unique when targetRefs includes 2 or more references to the same target'] },
  { name: 'two ports of one Service', kind: 'BackendTLSPolicy', change: (o) => o.spec.targetRefs.push({ group: '', kind: 'Service', name: 'api', sectionName: 'grpc' }), expect: null },
  { name: 'no targetRefs at all (an empty list)', kind: 'BackendTLSPolicy', change: (o) => (o.spec.targetRefs = []), expect: ['VL503', 'spec.targetRefs', 'BackendTLSPolicySpec.TargetRefs +kubebuilder:validation:MinItems=1'] },
  { name: 'a targetRef sectionName in upper case', kind: 'BackendTLSPolicy', change: (o) => (o.spec.targetRefs[0].sectionName = 'HTTPS'), expect: ['VL503', 'spec.targetRefs[0].sectionName', 'SectionName'] },
  { name: 'seventeen TLS options', kind: 'BackendTLSPolicy', change: (o) => (o.spec.options = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`example.com/o${i}`, 'x']))), expect: ['VL503', 'spec.options', 'BackendTLSPolicySpec.Options +kubebuilder:validation:MaxProperties=16'] },
  { name: 'the same rules on v1alpha3', kind: 'BackendTLSPolicy', change: (o) => Object.assign(o, { apiVersion: 'gateway.networking.k8s.io/v1alpha3' }, { spec: { ...o.spec, validation: { ...validation(o), wellKnownCACertificates: 'System' } } }), expect: ['VL504', 'spec.validation', 'must not contain both'] },
];

describe('values the Gateway API CRDs reject (src/manifests/crd-validation.ts)', () => {
  for (const [kind, [resource, make]] of Object.entries(BASES)) {
    it(`the valid ${kind} has no violation`, () => {
      assert.deepEqual(crdViolations(resource, make()), []);
    });
  }

  for (const c of CASES) {
    it(c.expect ? `${c.kind}: ${c.name} -> ${c.expect[0]} ${c.expect[1]}` : `${c.kind}: ${c.name} is accepted`, () => {
      const [resource, make] = BASES[c.kind];
      const obj = make();
      c.change(obj);
      const found = crdViolations(resource, JSON.parse(JSON.stringify(obj)));
      if (c.expect === null) return assert.deepEqual(found, []);
      const [code, field, rule] = c.expect;
      const hit = found.find((v) => fieldName(v.path) === field && v.rule.includes(rule));
      assert.ok(hit, `no ${code} at ${field} citing "${rule}" in:\n${found.map((v) => `${v.code} ${fieldName(v.path)}: ${v.message} [${v.rule}]`).join('\n')}`);
      assert.equal(hit.code, code);
      assert.equal(found.length, c.count ?? 1, `${c.count ?? 1} violation(s) expected:\n${found.map((v) => `${v.code} ${fieldName(v.path)}: ${v.message}`).join('\n')}`);
    });
  }
});

describe('check -f: the examples of the issue, with the field and file:line', function () {
  this.timeout(60_000);
  it('reports each as an error finding and exits 1; tree still draws and says how many', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-crd-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bad, namespace: app}
spec:
  hostnames: [Shop.Example.com]
  parentRefs: [{name: gw}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: api}
    - path: {type: Exact}
    backendRefs:
    - {name: a, port: 80, weight: -1}
    - {name: b, port: 80, weight: 1000000000}
    - {name: c, port: 0}
    - {name: d}
`,
    );
    const r = await runGw(['check', '-f', file, '-o', 'json'], { direct: true });
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ code: string; severity: string; message: string; subject: { section?: string } }> }).findings;
    const vl = findings.filter((f) => f.code.startsWith('VL')).map((f) => `${f.code} ${f.severity} ${f.message}`);
    assert.deepEqual(vl.sort(), [
      `VL503 error ${file}:12:35: spec.rules[0].backendRefs[0].weight: -1 is below the minimum 0`,
      `VL503 error ${file}:13:35: spec.rules[0].backendRefs[1].weight: 1000000000 is above the maximum 1000000`,
      `VL503 error ${file}:14:23: spec.rules[0].backendRefs[2].port: 0 is below the minimum 1`,
      `VL503 error ${file}:5:15: spec.hostnames[0]: "Shop.Example.com" is not a lower-case RFC 1123 hostname, optionally prefixed by a "*." wildcard label`,
      `VL504 error ${file}:15:7: spec.rules[0].backendRefs[3]: a backendRef to a Service must have a port`,
      `VL504 error ${file}:9:39: spec.rules[0].matches[0].path.value: "api" does not start with "/" (path type PathPrefix)`,
    ].sort());
    const tree = await runGw(['tree', '-f', file], { direct: true });
    assert.equal(tree.code, 0, tree.stderr);
    assert.match(tree.stderr, /^warning: 6 values in the files would be rejected by the API server/m);
  });

  it('also checks GatewayClass, Gateway addresses and infrastructure, CORS and BackendTLSPolicy, by place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-crd-'));
    const file = join(dir, 'more.yaml');
    writeFileSync(
      file,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: example.net
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
  addresses:
  - {type: Hostname, value: LB.example.com}
  infrastructure:
    labels: {"my team": edge}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: app}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - filters:
    - type: CORS
      cors: {allowOrigins: ["*", "https://app.example.com"]}
    backendRefs: [{name: web, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: web-tls, namespace: app}
spec:
  targetRefs: [{group: "", kind: Service, name: web}]
  validation:
    wellKnownCACertificates: System
    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]
    hostname: web.app.svc
`,
    );
    const r = await runGw(['check', '-f', file, '-o', 'json'], { direct: true });
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ code: string; severity: string; message: string }> }).findings;
    const vl = findings.filter((f) => f.code.startsWith('VL')).map((f) => `${f.code} ${f.severity} ${f.message}`);
    assert.deepEqual(vl.sort(), [
      `VL503 error ${file}:5:19: spec.controllerName: "example.net" is not a domain-prefixed path such as example.net/gateway-controller`,
      `VL504 error ${file}:14:29: spec.addresses[0].value: "LB.example.com" is not a lower-case RFC 1123 hostname, optionally prefixed by a "*." wildcard label`,
      `VL504 error ${file}:16:25: spec.infrastructure.labels.my team: key "my team" is not an optional DNS-subdomain prefix and "/" followed by a name of up to 63 characters`,
      `VL504 error ${file}:26:28: spec.rules[0].filters[0].cors.allowOrigins: "*" is listed with other values; it must stand alone`,
      `VL504 error ${file}:35:5: spec.validation: sets both caCertificateRefs and wellKnownCACertificates`,
    ].sort());
  });
});
