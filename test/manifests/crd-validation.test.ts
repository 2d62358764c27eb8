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

const BASES: Record<string, [ResourceName, () => Obj]> = {
  HTTPRoute: ['httproutes', httpRoute],
  GRPCRoute: ['grpcroutes', grpcRoute],
  Gateway: ['gateways', gateway],
  TLSRoute: ['tlsroutes', tlsRoute],
  ReferenceGrant: ['referencegrants', referenceGrant],
};

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
  { name: 'Terminate without certificateRefs or options', kind: 'Gateway', change: (o) => (o.spec.listeners[1].tls = {}), expect: ['VL504', 'spec.listeners[1].tls', 'certificateRefs or options must be specified when mode is Terminate'] },
  { name: 'Terminate with options only', kind: 'Gateway', change: (o) => (o.spec.listeners[1].tls = { options: { 'example.com/cert': 'managed' } }), expect: null },
  { name: 'allowedRoutes from Everyone', kind: 'Gateway', change: (o) => (o.spec.listeners[0].allowedRoutes.namespaces.from = 'Everyone'), expect: ['VL503', 'spec.listeners[0].allowedRoutes.namespaces.from', 'Enum=All;Selector;Same;None'] },
  { name: 'a protocol with a space', kind: 'Gateway', change: (o) => (o.spec.listeners[0].protocol = 'HTTP 2'), expect: ['VL503', 'spec.listeners[0].protocol', 'ProtocolType'] },
  { name: 'a domain-prefixed protocol', kind: 'Gateway', change: (o) => (o.spec.listeners[0].protocol = 'example.com/quic'), expect: null },
  { name: 'more than 64 listeners', kind: 'Gateway', change: (o) => (o.spec.listeners = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' }))), expect: ['VL503', 'spec.listeners', 'MaxItems=64'] },
  // TLSRoute, ReferenceGrant
  { name: 'a TLSRoute with no rules', kind: 'TLSRoute', change: (o) => (o.spec.rules = []), expect: ['VL503', 'spec.rules', 'MinItems=1'] },
  { name: 'a TLSRoute backend port 70000', kind: 'TLSRoute', change: (o) => (backend0(o).port = 70000), expect: ['VL503', 'spec.rules[0].backendRefs[0].port', 'Maximum=65535'] },
  { name: 'a ReferenceGrant from a namespace with a dot', kind: 'ReferenceGrant', change: (o) => (o.spec.from[0].namespace = 'web.app'), expect: ['VL503', 'spec.from[0].namespace', 'ReferenceGrantFrom.Namespace (Namespace)'] },
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
});
