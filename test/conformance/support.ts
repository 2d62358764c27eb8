// The upstream Gateway API conformance suite, replayed against the spec engine.
//
// Each test loads the upstream manifests (copied into manifests/, with conformance/base/
// manifests.yaml as base.yaml), adds what the suite creates in Go (the GatewayClass and the
// self-signed certificate Secrets of conformance/utils/suite/suite.go), builds the graph from a
// snapshot read "from a cluster" (coverage complete, the API groups discovery lists), and asserts
// with the helpers below. They
// mirror conformance/utils/kubernetes/helpers.go, condition for condition:
// - findConditionInList: an empty status or reason in the expectation matches any;
// - listenersMatch: the same number of listeners; each expected one found by name; an empty
//   expected supportedKinds means the actual list must be empty, otherwise every expected kind
//   must be present (the group defaulting to gateway.networking.k8s.io); attachedRoutes equal;
//   every expected condition present;
// - parentsForRouteMatch: the same number of parents, in order, with equal group, kind, name and
//   namespace (not sectionName), and every expected condition present.
// The engine computes Programmed as far as the objects decide it (src/spec/programmed.ts: True
// where nothing in the objects keeps a listener, Gateway or ListenerSet from being programmed), so
// every expectation the upstream helpers check is checked here, Programmed included. (The address
// GatewayAndRoutesMustBeAccepted waits for is the data plane's.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { buildGraph } from '../../src/graph/build.js';
import type { ComputedCondition, Graph, GraphGateway, GraphListener, GraphRoute, ParentEvaluation } from '../../src/model/graph.js';
import type { KubeObject } from '../../src/model/objects.js';
import { emptySnapshot, type Snapshot } from '../../src/model/snapshot.js';
import { addObject } from '../../src/snapshot/collect.js';
import { makeCA, makeLeaf, type KeyPair } from '../support/certs.js';

export const INFRA = 'gateway-conformance-infra';
export const APP_BACKEND = 'gateway-conformance-app-backend';
export const WEB_BACKEND = 'gateway-conformance-web-backend';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const CONTROLLER = 'example.com/conformance-controller';

const NOW = new Date('2026-01-15T00:00:00Z');
const HERE = dirname(fileURLToPath(import.meta.url));
const CLASS_NAME = 'conformance';

/** What the suite applies before the tests: a GatewayClass its controller accepted. */
const GATEWAY_CLASS = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: ${CLASS_NAME}}
spec: {controllerName: ${CONTROLLER}}
status:
  conditions:
  - {type: Accepted, status: "True", reason: Accepted}
`;

// suite.go, Setup: "MustCreateSelfSignedCertSecret(t, <namespace>, <name>, <hosts>)".
const SUITE_SECRETS: Array<[string, string, string[]]> = [
  [WEB_BACKEND, 'certificate', ['*']],
  [INFRA, 'tls-validity-checks-certificate', ['*', '*.org']],
  [INFRA, 'tls-passthrough-checks-certificate', ['abc.example.com']],
  [APP_BACKEND, 'tls-passthrough-checks-certificate', ['abc.example.com']],
];

/**
 * What discovery (GET /apis) lists on a conformance cluster: the built-in groups and the Gateway
 * API CRDs the suite installs; no CRD of any other group.
 */
const CONFORMANCE_API_GROUPS = [
  'apps',
  'batch',
  'discovery.k8s.io',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'apiextensions.k8s.io',
  'coordination.k8s.io',
  'events.k8s.io',
  'gateway.networking.k8s.io',
  'gateway.networking.x-k8s.io',
];

let suiteSecrets: KubeObject[] | undefined;

function secretsOfTheSuite(): KubeObject[] {
  if (suiteSecrets) return suiteSecrets;
  const ca: KeyPair = makeCA('conformance suite CA');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  suiteSecrets = SUITE_SECRETS.map(([namespace, name, dnsNames]) => {
    const leaf = makeLeaf(ca, { dnsNames, notBefore: new Date('2025-01-01'), notAfter: new Date('2027-01-01') });
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': b64(leaf.certPem), 'tls.key': b64(leaf.keyPem) },
    } as unknown as KubeObject;
  });
  return suiteSecrets;
}

function documents(text: string): KubeObject[] {
  // The suite's applier substitutes the class name before parsing; some manifests leave it unquoted.
  const substituted = text.replaceAll('{GATEWAY_CLASS_NAME}', CLASS_NAME);
  return parseAllDocuments(substituted)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => !!o);
}

/**
 * The snapshot a conformant cluster would hold while the named upstream test runs: the base
 * manifests, the suite's GatewayClass and Secrets, and manifests/<name>.yaml for each name.
 */
export function conformanceSnapshot(...names: string[]): Snapshot {
  const snapshot = emptySnapshot({ state: 'complete' });
  snapshot.apiGroups = [...CONFORMANCE_API_GROUPS];
  const texts = [GATEWAY_CLASS, readFileSync(join(HERE, 'manifests', 'base.yaml'), 'utf8')];
  for (const name of names) texts.push(readFileSync(join(HERE, 'manifests', `${name}.yaml`), 'utf8'));
  const objects = [...texts.flatMap(documents), ...secretsOfTheSuite().map((s) => structuredClone(s))];
  for (const obj of objects) {
    if (!addObject(snapshot, obj)) throw new Error(`conformance manifests: ${obj.apiVersion} ${obj.kind} is not a kind the snapshot holds`);
  }
  return snapshot;
}

/**
 * The snapshot a conformant cluster holds while the named upstream mesh test runs
 * (conformance/tests/mesh/): the mesh base manifests (mesh-base.yaml, from conformance/mesh/
 * manifests.yaml) and manifests/<name>.yaml for each name. No Gateway, no GatewayClass.
 */
export function meshConformanceSnapshot(...names: string[]): Snapshot {
  const snapshot = emptySnapshot({ state: 'complete' });
  snapshot.apiGroups = [...CONFORMANCE_API_GROUPS];
  const texts = ['mesh-base', ...names].map((name) => readFileSync(join(HERE, 'manifests', `${name}.yaml`), 'utf8'));
  for (const obj of texts.flatMap(documents)) {
    if (!addObject(snapshot, obj)) throw new Error(`conformance manifests: ${obj.apiVersion} ${obj.kind} is not a kind the snapshot holds`);
  }
  return snapshot;
}

export function graphOf(snapshot: Snapshot): Graph {
  return buildGraph(snapshot, { now: NOW });
}

export function conformanceGraph(...names: string[]): Graph {
  return graphOf(conformanceSnapshot(...names));
}

// ---- expectations, shaped like the upstream Go literals ----

export interface Cond {
  type: string;
  /** '' matches any status. */
  status: 'True' | 'False' | 'Unknown' | '';
  /** '' (or absent) matches any reason. */
  reason?: string;
}

export interface ExpectedListener {
  name: string;
  supportedKinds: Array<{ group?: string; kind: string }>;
  conditions: Cond[];
  attachedRoutes: number;
}

export interface NN {
  namespace: string;
  name: string;
}

export interface ExpectedParent {
  parentRef: { group: string; kind: string; namespace: string; name: string };
  conditions: Cond[];
}

function describe(list: readonly ComputedCondition[]): string {
  return list.map((c) => `${c.type}=${c.status}/${c.reason}`).join(', ') || 'none';
}

/** findConditionInList. */
export function hasCondition(list: readonly ComputedCondition[], want: Cond): boolean {
  return list.some((c) => c.type === want.type && (!want.status || c.status === want.status) && (!want.reason || c.reason === want.reason));
}

function conditionsMatch(where: string, actual: readonly ComputedCondition[], expected: readonly Cond[]): void {
  for (const want of expected) {
    assert.ok(
      hasCondition(actual, want),
      `${where}: wants ${want.type}=${want.status || 'any'}/${want.reason || 'any'}, computed ${describe(actual)}`,
    );
  }
}

export function gateway(graph: Graph, nn: NN): GraphGateway {
  const g = graph.gateways.find((x) => x.id === `Gateway/${nn.namespace}/${nn.name}`);
  assert.ok(g, `no Gateway ${nn.namespace}/${nn.name} in the graph`);
  return g;
}

export function route(graph: Graph, kind: string, nn: NN): GraphRoute {
  const r = graph.routes.find((x) => x.id === `${kind}/${nn.namespace}/${nn.name}`);
  assert.ok(r, `no ${kind} ${nn.namespace}/${nn.name} in the graph`);
  return r;
}

/** The listeners a Gateway's own status lists (ListenerSet listeners go to the ListenerSet's). */
function ownListeners(g: GraphGateway): GraphListener[] {
  return g.listeners.filter((l) => !l.listenerSet);
}

function listenersMatch(where: string, actual: readonly GraphListener[], expected: readonly ExpectedListener[]): void {
  assert.equal(actual.length, expected.length, `${where}: wants ${expected.length} listeners, got ${actual.map((l) => l.name).join(', ')}`);
  for (const e of expected) {
    const a = actual.find((l) => l.name === e.name);
    assert.ok(a, `${where}: wants status for listener ${e.name}`);
    const at = `${where} listener ${e.name}`;
    if (e.supportedKinds.length === 0) {
      assert.deepEqual(a.supportedKinds, [], `${at}: wants no supportedKinds`);
    }
    for (const k of e.supportedKinds) {
      const group = k.group ?? GATEWAY_GROUP;
      assert.ok(
        a.supportedKinds.some((x) => x.group === group && x.kind === k.kind),
        `${at}: wants ${group}/${k.kind} in supportedKinds, computed ${a.supportedKinds.map((x) => x.kind).join(', ') || 'none'}`,
      );
    }
    assert.equal(a.attachedRoutes.computed, e.attachedRoutes, `${at}: attachedRoutes`);
    conditionsMatch(at, a.computed, e.conditions);
  }
}

/** GatewayStatusMustHaveListeners. */
export function gatewayStatusMustHaveListeners(graph: Graph, nn: NN, expected: ExpectedListener[]): void {
  listenersMatch(`Gateway ${nn.name}`, ownListeners(gateway(graph, nn)), expected);
}

/** ListenerSetStatusMustHaveListeners. */
export function listenerSetStatusMustHaveListeners(graph: Graph, ls: NN, expected: ExpectedListener[]): void {
  const id = `ListenerSet/${ls.namespace}/${ls.name}`;
  const listeners = graph.gateways.flatMap((g) => g.listeners).filter((l) => l.listenerSet === id);
  listenersMatch(`ListenerSet ${ls.name}`, listeners, expected);
}

/** ListenerSetListenersMustHaveConditions: the named listeners of a ListenerSet. */
export function listenerSetListenersMustHaveConditions(graph: Graph, ls: NN, conditions: Cond[], ...names: string[]): void {
  const id = `ListenerSet/${ls.namespace}/${ls.name}`;
  for (const name of names) {
    const l = graph.gateways.flatMap((g) => g.listeners).find((x) => x.listenerSet === id && x.name === name);
    assert.ok(l, `no listener ${name} of ListenerSet ${ls.namespace}/${ls.name}`);
    conditionsMatch(`ListenerSet ${ls.name} listener ${name}`, l.computed, conditions);
  }
}

/** GatewayListenerMustHaveConditions: one listener of a Gateway. */
export function gatewayListenerMustHaveConditions(graph: Graph, nn: NN, listenerName: string, conditions: Cond[]): void {
  const l = ownListeners(gateway(graph, nn)).find((x) => x.name === listenerName);
  assert.ok(l, `Gateway ${nn.name} has no listener ${listenerName}`);
  conditionsMatch(`Gateway ${nn.name} listener ${listenerName}`, l.computed, conditions);
}

/** GatewayListenersMustHaveConditions: the named listeners, or every listener when none is named. */
export function gatewayListenersMustHaveConditions(graph: Graph, nn: NN, conditions: Cond[], ...names: string[]): void {
  const listeners = ownListeners(gateway(graph, nn)).filter((l) => names.length === 0 || names.includes(l.name));
  if (names.length > 0) assert.equal(listeners.length, names.length, `Gateway ${nn.name}: listeners ${names.join(', ')}`);
  else assert.ok(listeners.length > 0, `Gateway ${nn.name} has no listeners`);
  for (const l of listeners) conditionsMatch(`Gateway ${nn.name} listener ${l.name}`, l.computed, conditions);
}

/** GatewayListenerMustNotHaveCondition. */
export function gatewayListenerMustNotHaveCondition(graph: Graph, nn: NN, listenerName: string, type: string): void {
  const l = ownListeners(gateway(graph, nn)).find((x) => x.name === listenerName);
  assert.ok(l, `Gateway ${nn.name} has no listener ${listenerName}`);
  assert.ok(!l.computed.some((c) => c.type === type), `Gateway ${nn.name} listener ${listenerName} must not have ${type}, computed ${describe(l.computed)}`);
}

/** GatewayListenerMustHaveAttachedRoutes. */
export function gatewayListenerMustHaveAttachedRoutes(graph: Graph, nn: NN, listenerName: string, count: number): void {
  const l = ownListeners(gateway(graph, nn)).find((x) => x.name === listenerName);
  assert.ok(l, `Gateway ${nn.name} has no listener ${listenerName}`);
  assert.equal(l.attachedRoutes.computed, count, `Gateway ${nn.name} listener ${listenerName}: attachedRoutes`);
}

/** GatewayMustHaveCondition. */
export function gatewayMustHaveCondition(graph: Graph, nn: NN, want: Cond): void {
  conditionsMatch(`Gateway ${nn.name}`, gateway(graph, nn).computed, [want]);
}

/**
 * NamespacesMustBeReady, for what it asks of Gateways: every Gateway in the namespaces, except
 * those annotated gateway-api/skip-this-for-readiness, Accepted True.
 */
export function namespacesMustBeReady(graph: Graph, snapshot: Snapshot, namespaces: string[]): void {
  for (const gw of snapshot.gateways) {
    const ns = gw.metadata.namespace ?? 'default';
    if (!namespaces.includes(ns)) continue;
    if (gw.metadata.annotations?.['gateway-api/skip-this-for-readiness'] === 'true') continue;
    gatewayMustHaveCondition(graph, { namespace: ns, name: gw.metadata.name }, { type: 'Accepted', status: 'True' });
  }
}

/** GatewayMustHaveZeroRoutes: no listeners, or exactly one with zero attached routes. */
export function gatewayMustHaveZeroRoutes(graph: Graph, nn: NN): void {
  const listeners = ownListeners(gateway(graph, nn));
  const ok = listeners.length === 0 || (listeners.length === 1 && listeners[0].attachedRoutes.computed === 0);
  assert.ok(ok, `Gateway ${nn.name}: want zero listeners or one with zero routes, got ${listeners.map((l) => `${l.name}=${l.attachedRoutes.computed}`).join(', ')}`);
}

/** GatewayMustHaveAttachedListeners: status.attachedListenerSets, the ListenerSets Accepted True. */
export function gatewayMustHaveAttachedListeners(graph: Graph, nn: NN, count: number): void {
  const attached = gateway(graph, nn).attachedListenerSets;
  assert.ok(attached, `Gateway ${nn.name}: no attachedListenerSets computed`);
  assert.equal(attached.computed, count, `Gateway ${nn.name}: attachedListenerSets`);
}

/** ListenerSetMustHaveCondition: the ListenerSet's own conditions. */
export function listenerSetMustHaveCondition(graph: Graph, ls: NN, want: Cond): void {
  const node = graph.listenerSets?.find((x) => x.id === `ListenerSet/${ls.namespace}/${ls.name}`);
  assert.ok(node, `no ListenerSet ${ls.namespace}/${ls.name} in the graph`);
  conditionsMatch(`ListenerSet ${ls.name}`, node.computed, [want]);
}

function sameParent(p: ParentEvaluation, nn: NN): boolean {
  return p.parentRef.name === nn.name && p.parentRef.namespace === nn.namespace;
}

/** HTTPRouteMustHaveCondition / TLSRouteMustHaveCondition: some parent named nn carries it. */
export function routeMustHaveCondition(graph: Graph, kind: string, routeNN: NN, parent: NN, want: Cond): void {
  const r = route(graph, kind, routeNN);
  const parents = r.parents.filter((p) => sameParent(p, parent));
  assert.ok(parents.length > 0, `${kind} ${routeNN.name}: no parentRef names ${parent.namespace}/${parent.name}`);
  assert.ok(
    parents.some((p) => hasCondition(p.computed, want)),
    `${kind} ${routeNN.name} parent ${parent.name}: wants ${want.type}=${want.status || 'any'}/${want.reason || 'any'}, computed ${parents.map((p) => describe(p.computed)).join(' | ')}`,
  );
}

/** HTTPRouteMustHaveResolvedRefsConditionsTrue. */
export function routeMustHaveResolvedRefsTrue(graph: Graph, kind: string, routeNN: NN, parent: NN): void {
  routeMustHaveCondition(graph, kind, routeNN, parent, { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' });
}

/** HTTPRouteMustHaveRouteAcceptedConditionsTrue. */
export function routeMustHaveAcceptedTrue(graph: Graph, kind: string, routeNN: NN, parent: NN): void {
  routeMustHaveCondition(graph, kind, routeNN, parent, { type: 'Accepted', status: 'True', reason: 'Accepted' });
}

/** HTTPRouteMustHaveNoAcceptedParents: no parents, or a single one with Accepted False. */
export function routeMustHaveNoAcceptedParents(graph: Graph, kind: string, routeNN: NN): void {
  const r = route(graph, kind, routeNN);
  assert.ok(r.parents.length <= 1, `${kind} ${routeNN.name}: wants at most one parent, got ${r.parents.length}`);
  if (r.parents.length === 1) conditionsMatch(`${kind} ${routeNN.name}`, r.parents[0].computed, [{ type: 'Accepted', status: 'False' }]);
}

/** RouteMustHaveParents (parentsForRouteMatch). */
export function routeMustHaveParents(graph: Graph, kind: string, routeNN: NN, expected: ExpectedParent[]): void {
  const r = route(graph, kind, routeNN);
  assert.equal(r.parents.length, expected.length, `${kind} ${routeNN.name}: wants ${expected.length} parents, got ${r.parents.length}`);
  expected.forEach((e, i) => {
    const a = r.parents[i].parentRef;
    const where = `${kind} ${routeNN.name} parent ${i}`;
    assert.deepEqual(
      { group: a.group, kind: a.kind, namespace: a.namespace, name: a.name },
      e.parentRef,
      `${where}: parentRef`,
    );
    conditionsMatch(where, r.parents[i].computed, e.conditions);
  });
}

const ACCEPTED: Cond = { type: 'Accepted', status: 'True', reason: 'Accepted' };
const LISTENER_READY: Cond[] = [
  { type: 'ResolvedRefs', status: 'True' },
  { type: 'Accepted', status: 'True' },
  { type: 'Programmed', status: 'True' },
];

/**
 * GatewayAndRoutesMustBeAccepted: each route has one parent per listener name (NewGatewayRef
 * defaults to one, ""), Accepted True; every listener of the Gateway ResolvedRefs and Accepted
 * True. (The address it also waits for is the data plane's.)
 */
export function gatewayAndRoutesMustBeAccepted(graph: Graph, kind: string, gw: NN, listenerNames: string[], ...routes: NN[]): void {
  const names = listenerNames.length > 0 ? listenerNames : [''];
  for (const r of routes) {
    routeMustHaveParents(
      graph,
      kind,
      r,
      names.map(() => ({ parentRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw.namespace, name: gw.name }, conditions: [ACCEPTED] })),
    );
  }
  for (const l of ownListeners(gateway(graph, gw))) conditionsMatch(`Gateway ${gw.name} listener ${l.name}`, l.computed, LISTENER_READY);
}

/** GatewayAndTLSRoutesMustBeAccepted: the route parents only. */
export function gatewayAndTLSRoutesMustBeAccepted(graph: Graph, gw: NN, ...routes: NN[]): void {
  for (const r of routes) {
    routeMustHaveParents(graph, 'TLSRoute', r, [
      { parentRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw.namespace, name: gw.name }, conditions: [ACCEPTED] },
    ]);
  }
}

/**
 * RoutesAndParentMustBeAccepted, with a ListenerSet as the parent: each route has one parent
 * naming it, Accepted True; every listener of the ListenerSet ResolvedRefs and Accepted True.
 */
export function routesAndListenerSetMustBeAccepted(
  graph: Graph,
  kind: string,
  ls: NN & { group: string; kind: string },
  ...routes: NN[]
): void {
  for (const r of routes) {
    routeMustHaveParents(graph, kind, r, [
      { parentRef: { group: ls.group, kind: ls.kind, namespace: ls.namespace, name: ls.name }, conditions: [ACCEPTED] },
    ]);
  }
  const id = `ListenerSet/${ls.namespace}/${ls.name}`;
  const listeners = graph.gateways.flatMap((g) => g.listeners).filter((l) => l.listenerSet === id);
  assert.ok(listeners.length > 0, `ListenerSet ${ls.name} has no listeners in the graph`);
  for (const l of listeners) conditionsMatch(`ListenerSet ${ls.name} listener ${l.name}`, l.computed, LISTENER_READY);
}

/** The expected-listener literal most upstream tests use: HTTPRoute supported, Accepted/ResolvedRefs True. */
export function readyHTTPListener(name: string, attachedRoutes: number): ExpectedListener {
  return {
    name,
    supportedKinds: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
    conditions: [
      { type: 'Accepted', status: 'True' },
      { type: 'ResolvedRefs', status: 'True' },
    ],
    attachedRoutes,
  };
}
