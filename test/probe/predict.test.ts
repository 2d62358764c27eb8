// Predictions held against the request -> backend tables of the upstream conformance tests
// (kubernetes-sigs/gateway-api conformance/tests/*.go, manifests from the matching *.yaml), then
// the statuses, assumptions and helpers `kubectl gw curl` relies on.
import assert from 'node:assert/strict';
import type { BackendEdge, Graph, GraphListener, GraphRoute } from '../../src/model/graph.js';
import type { GRPCRouteMatch, HTTPRouteFilter, HTTPRouteMatch, RouteKind } from '../../src/model/objects.js';
import { emptySnapshot, type Snapshot } from '../../src/model/snapshot.js';
import { gatewaysForHost, predict, probeTargets, type Prediction, type ProbeRequest } from '../../src/probe/predict.js';
import { probeDocument, renderPrediction } from '../../src/render/probe.js';
import { chooseGateway } from '../../src/probe/run.js';
import { CLASS, graphOf as clusterGraph } from '../spec/cluster.js';
import { effectiveHostnames } from '../../src/spec/hostnames.js';

// ---- a Graph literal from a compact description (the shape D's buildGraph produces) ----

interface ListenerSpec {
  name: string;
  port?: number;
  protocol?: string;
  hostname?: string;
}
interface BackendSpec {
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  resolved?: boolean | null;
  reason?: string;
  ready?: number | null;
  filters?: HTTPRouteFilter[];
}
interface RuleSpec {
  matches?: Array<HTTPRouteMatch | GRPCRouteMatch>;
  filters?: HTTPRouteFilter[];
  backends?: BackendSpec[];
}
interface RouteSpec {
  kind?: RouteKind;
  name: string;
  namespace?: string;
  hostnames?: string[];
  created?: string;
  /** Gateway name and optional listener names (sectionName); default the first gateway, every listener. */
  parent?: { gateway?: string; sections?: string[] };
  rules: RuleSpec[];
}
interface GatewaySpec {
  name: string;
  namespace?: string;
  className?: string;
  addresses?: string[];
  listeners: ListenerSpec[];
}

const NS = 'gateway-conformance-infra';
const KINDS_BY_PROTOCOL: Record<string, RouteKind[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

function backendEdge(b: BackendSpec, routeNs: string): BackendEdge {
  const ready = b.ready === undefined ? 1 : b.ready;
  return {
    ref: { group: '', kind: 'Service', namespace: b.namespace ?? routeNs, name: b.name, port: b.port ?? 8080, weight: b.weight ?? 1 },
    resolved: b.resolved === undefined ? true : b.resolved,
    reason: b.reason ?? (b.resolved === false ? 'BackendNotFound' : 'ResolvedRefs'),
    message: '',
    endpoints: ready === null ? null : { ready, serving: ready, terminating: 0, total: ready, addresses: [] },
    ...(b.filters ? { filters: b.filters } : {}),
  };
}

function graphOf(gateways: GatewaySpec[], routes: RouteSpec[]): Graph {
  const gws = gateways.map((g) => {
    const ns = g.namespace ?? NS;
    const id = `Gateway/${ns}/${g.name}`;
    return {
      id,
      namespace: ns,
      name: g.name,
      className: g.className ?? 'conformance',
      gatewayClass: `GatewayClass//${g.className ?? 'conformance'}`,
      addresses: g.addresses ?? ['10.0.0.1'],
      computed: [],
      reported: null,
      policies: [],
      disagreements: [],
      listeners: g.listeners.map(
        (l): GraphListener => ({
          id: `${id}#${l.name}`,
          gateway: id,
          name: l.name,
          protocol: l.protocol ?? 'HTTP',
          port: l.port ?? 80,
          hostname: l.hostname,
          allowedNamespaces: 'All',
          supportedKinds: [],
          certificates: [],
          computed: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '' }],
          reported: null,
          attachedRoutes: { computed: 0, reported: null },
          routes: [],
          disagreements: [],
        }),
      ),
    };
  });
  const graphRoutes: GraphRoute[] = routes.map((r) => {
    const ns = r.namespace ?? NS;
    const kind = r.kind ?? 'HTTPRoute';
    const id = `${kind}/${ns}/${r.name}`;
    const gw = gws.find((g) => g.name === (r.parent?.gateway ?? gateways[0].name))!;
    const effective: Record<string, string[]> = {};
    const attached: string[] = [];
    for (const l of gw.listeners) {
      if (r.parent?.sections && !r.parent.sections.includes(l.name)) continue;
      if (!KINDS_BY_PROTOCOL[l.protocol]?.includes(kind)) continue;
      const eff = effectiveHostnames(l.hostname, r.hostnames);
      if (eff === null) continue;
      effective[l.id] = eff;
      attached.push(l.id);
      l.routes.push(id);
    }
    return {
      id,
      kind,
      namespace: ns,
      name: r.name,
      hostnames: r.hostnames ?? [],
      creationTimestamp: r.created,
      parents: [
        {
          parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gw.namespace, name: gw.name },
          index: 0,
          target: 'Gateway',
          gateway: `${gw.namespace}/${gw.name}`,
          listeners: [],
          computed: [],
          reported: null,
          agrees: true,
          disagreements: [],
          attachedListeners: attached,
          effectiveHostnames: effective,
        },
      ],
      rules: r.rules.map((rule, index) => ({
        index,
        summary: '',
        matches: rule.matches ?? [],
        filters: rule.filters ?? [],
        backends: (rule.backends ?? []).map((b) => backendEdge(b, ns)),
      })),
      policies: [],
      attached: attached.length > 0,
    };
  });
  return { gatewayClasses: [], gateways: gws, routes: graphRoutes, unattached: [], coverage: emptySnapshot().coverage };
}

const v1 = [{ name: 'infra-backend-v1' }];
const v2 = [{ name: 'infra-backend-v2' }];
const v3 = [{ name: 'infra-backend-v3' }];
const sameNamespace: GatewaySpec = { name: 'same-namespace', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] };
const prefix = (value: string): HTTPRouteMatch => ({ path: { type: 'PathPrefix', value } });
const exact = (value: string): HTTPRouteMatch => ({ path: { type: 'Exact', value } });
const header = (name: string, value: string) => ({ name, value });

interface Case {
  host?: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** The backend the conformance test expects, or 404. */
  want: string | 404;
}

function send(graph: Graph, gateway: string, c: Omit<Case, 'want'>, snapshot: Snapshot = emptySnapshot()): Prediction {
  const req: ProbeRequest = { host: c.host ?? 'example.com', path: c.path, method: c.method ?? 'GET', headers: c.headers ?? {}, port: 80 };
  return predict(graph, snapshot, gateway, req);
}

function conformance(title: string, graph: Graph, gateway: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      const label = `${c.method ?? 'GET'} ${c.host ?? 'example.com'}${c.path}${c.headers ? ` ${JSON.stringify(c.headers)}` : ''} -> ${c.want}`;
      it(label, () => {
        const p = send(graph, `${NS}/${gateway}`, c);
        if (c.want === 404) {
          assert.equal(p.expected, null, `expected no match, got ${JSON.stringify(p.expected?.route)}: ${p.reason}`);
          assert.match(p.reason, /404|Unimplemented/);
        } else {
          assert.ok(p.expected, `expected ${c.want}, got no match: ${p.reason}`);
          assert.equal(p.expected.backends[0].name, c.want, p.reason);
          assert.equal(p.expected.status, undefined);
        }
      });
    }
  });
}

describe('probe/predict: conformance tables', () => {
  // httproute-matching.yaml
  conformance(
    'HTTPRouteMatching',
    graphOf([sameNamespace], [{ name: 'matching', rules: [{ matches: [prefix('/'), { headers: [header('version', 'one')] }], backends: v1 }, { matches: [prefix('/v2'), { headers: [header('version', 'two')] }], backends: v2 }] }]),
    'same-namespace',
    [
      { path: '/', want: 'infra-backend-v1' },
      { path: '/example', want: 'infra-backend-v1' },
      { path: '/', headers: { Version: 'one' }, want: 'infra-backend-v1' },
      { path: '/v2', want: 'infra-backend-v2' },
      { path: '/v2/example', want: 'infra-backend-v2' },
      { path: '/', headers: { Version: 'two' }, want: 'infra-backend-v2' },
    ],
  );

  // httproute-matching-across-routes.yaml (v1: matching-part2 serves example.com only)
  conformance(
    'HTTPRouteMatchingAcrossRoutes',
    graphOf(
      [sameNamespace],
      [
        { name: 'matching-part1', hostnames: ['example.com', 'example.net'], rules: [{ matches: [prefix('/'), { headers: [header('version', 'one')] }], backends: v1 }] },
        { name: 'matching-part2', hostnames: ['example.com'], rules: [{ matches: [prefix('/v2'), { headers: [header('version', 'two')] }], backends: v2 }] },
      ],
    ),
    'same-namespace',
    [
      { host: 'example.com', path: '/', want: 'infra-backend-v1' },
      { host: 'example.com', path: '/example', want: 'infra-backend-v1' },
      { host: 'example.net', path: '/example', want: 'infra-backend-v1' },
      { host: 'example.com', path: '/example', headers: { Version: 'one' }, want: 'infra-backend-v1' },
      { host: 'example.com', path: '/v2', want: 'infra-backend-v2' },
      { host: 'example.net', path: '/v2', want: 'infra-backend-v1' },
      { host: 'example.com', path: '/v2/example', want: 'infra-backend-v2' },
      { host: 'example.com', path: '/', headers: { Version: 'two' }, want: 'infra-backend-v2' },
    ],
  );

  // httproute-path-match-order.yaml
  conformance(
    'HTTPRoutePathMatchOrder',
    graphOf(
      [sameNamespace],
      [
        {
          name: 'path-matching-order',
          rules: [
            { matches: [exact('/match')], backends: v1 },
            { matches: [exact('/match/exact')], backends: v2 },
            { matches: [exact('/match/exact/one')], backends: v3 },
            { matches: [prefix('/match/')], backends: v3 },
            { matches: [prefix('/match/prefix/')], backends: v1 },
            { matches: [prefix('/match/prefix/one')], backends: v2 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { path: '/match/exact/one', want: 'infra-backend-v3' },
      { path: '/match/exact', want: 'infra-backend-v2' },
      { path: '/match', want: 'infra-backend-v1' },
      { path: '/match/prefix/one/any', want: 'infra-backend-v2' },
      { path: '/match/prefix/any', want: 'infra-backend-v1' },
      { path: '/match/any', want: 'infra-backend-v3' },
    ],
  );

  // httproute-header-matching.yaml
  conformance(
    'HTTPRouteHeaderMatching',
    graphOf(
      [sameNamespace],
      [
        {
          name: 'header-matching',
          rules: [
            { matches: [{ headers: [header('version', 'one')] }], backends: v1 },
            { matches: [{ headers: [header('version', 'two')] }], backends: v2 },
            { matches: [{ headers: [header('version', 'two'), header('color', 'orange')] }], backends: v1 },
            { matches: [{ headers: [header('color', 'blue')] }, { headers: [header('color', 'green')] }], backends: v1 },
            { matches: [{ headers: [header('color', 'red')] }, { headers: [header('color', 'yellow')] }], backends: v2 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { path: '/', headers: { Version: 'one' }, want: 'infra-backend-v1' },
      { path: '/', headers: { Version: 'two' }, want: 'infra-backend-v2' },
      { path: '/', headers: { Version: 'two', Color: 'orange' }, want: 'infra-backend-v1' },
      { path: '/', headers: { Version: 'two', Color: 'blue' }, want: 'infra-backend-v2' },
      { path: '/', headers: { Color: 'orange' }, want: 404 },
      { path: '/', headers: { 'Some-Other-Header': 'one' }, want: 404 },
      { path: '/', headers: { Color: 'blue' }, want: 'infra-backend-v1' },
      { path: '/', headers: { Color: 'green' }, want: 'infra-backend-v1' },
      { path: '/', headers: { Color: 'red' }, want: 'infra-backend-v2' },
      { path: '/', headers: { Color: 'yellow' }, want: 'infra-backend-v2' },
      { path: '/', headers: { Color: 'purple' }, want: 404 },
    ],
  );

  // httproute-query-param-matching.yaml
  const q = (name: string, value: string) => ({ name, value });
  conformance(
    'HTTPRouteQueryParamMatching',
    graphOf(
      [sameNamespace],
      [
        {
          name: 'query-param-matching',
          rules: [
            { matches: [{ queryParams: [q('animal', 'whale')] }], backends: v1 },
            { matches: [{ queryParams: [q('animal', 'dolphin')] }], backends: v2 },
            { matches: [{ queryParams: [q('animal', 'dolphin'), q('color', 'blue')] }, { queryParams: [q('ANIMAL', 'Whale')] }], backends: v3 },
            { matches: [{ path: { type: 'PathPrefix', value: '/path1' }, queryParams: [q('animal', 'whale')] }], backends: v1 },
            { matches: [{ headers: [header('version', 'one')], queryParams: [q('animal', 'whale')] }], backends: v2 },
            { matches: [{ path: { type: 'PathPrefix', value: '/path2' }, headers: [header('version', 'two')], queryParams: [q('animal', 'whale')] }], backends: v3 },
            {
              matches: [
                { path: { type: 'PathPrefix', value: '/path3' }, queryParams: [q('animal', 'shark')] },
                { path: { type: 'PathPrefix', value: '/path4' }, headers: [header('version', 'three')], queryParams: [q('animal', 'kraken')] },
              ],
              backends: v1,
            },
            { matches: [prefix('/path5')], backends: v1 },
            { matches: [{ queryParams: [q('animal', 'hydra')] }], backends: v2 },
            { matches: [{ headers: [header('version', 'four')] }], backends: v3 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { path: '/?animal=whale', want: 'infra-backend-v1' },
      { path: '/?animal=dolphin', want: 'infra-backend-v2' },
      { path: '/?animal=dolphin&color=blue', want: 'infra-backend-v3' },
      { path: '/?ANIMAL=Whale', want: 'infra-backend-v3' },
      { path: '/?animal=whale&otherparam=irrelevant', want: 'infra-backend-v1' },
      { path: '/?animal=dolphin&color=yellow', want: 'infra-backend-v2' },
      { path: '/?color=blue', want: 404 },
      { path: '/?animal=dog', want: 404 },
      { path: '/?animal=whaledolphin', want: 404 },
      { path: '/', want: 404 },
      { path: '/path1?animal=whale', want: 'infra-backend-v1' },
      { path: '/?animal=whale', headers: { version: 'one' }, want: 'infra-backend-v2' },
      { path: '/path2?animal=whale', headers: { version: 'two' }, want: 'infra-backend-v3' },
      { path: '/path3?animal=shark', want: 'infra-backend-v1' },
      { path: '/path4?animal=kraken', headers: { version: 'three' }, want: 'infra-backend-v1' },
      { path: '/?animal=shark', want: 404 },
      { path: '/path4?animal=kraken', want: 404 },
      { path: '/path5?animal=hydra', want: 'infra-backend-v1' },
      { path: '/?animal=hydra', headers: { version: 'four' }, want: 'infra-backend-v3' },
    ],
  );

  // httproute-method-matching.yaml
  conformance(
    'HTTPRouteMethodMatching',
    graphOf(
      [sameNamespace],
      [
        {
          name: 'method-matching',
          rules: [
            { matches: [{ method: 'POST' }], backends: v1 },
            { matches: [{ method: 'GET' }], backends: v2 },
            { matches: [{ path: { type: 'PathPrefix', value: '/path1' }, method: 'GET' }], backends: v1 },
            { matches: [{ headers: [header('version', 'one')], method: 'PUT' }], backends: v2 },
            { matches: [{ path: { type: 'PathPrefix', value: '/path2' }, headers: [header('version', 'two')], method: 'POST' }], backends: v3 },
            {
              matches: [
                { path: { type: 'PathPrefix', value: '/path3' }, method: 'PATCH' },
                { path: { type: 'PathPrefix', value: '/path4' }, headers: [header('version', 'three')], method: 'DELETE' },
              ],
              backends: v1,
            },
            { matches: [prefix('/path5')], backends: v1 },
            { matches: [{ method: 'PATCH' }], backends: v2 },
            { matches: [{ headers: [header('version', 'four')] }], backends: v3 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { method: 'POST', path: '/', want: 'infra-backend-v1' },
      { method: 'GET', path: '/', want: 'infra-backend-v2' },
      { method: 'HEAD', path: '/', want: 404 },
      { method: 'GET', path: '/path1', want: 'infra-backend-v1' },
      { method: 'PUT', path: '/', headers: { version: 'one' }, want: 'infra-backend-v2' },
      { method: 'POST', path: '/path2', headers: { version: 'two' }, want: 'infra-backend-v3' },
      { method: 'PATCH', path: '/path3', want: 'infra-backend-v1' },
      { method: 'DELETE', path: '/path4', headers: { version: 'three' }, want: 'infra-backend-v1' },
      { method: 'PUT', path: '/', want: 404 },
      { method: 'DELETE', path: '/path4', want: 404 },
      { method: 'PATCH', path: '/path5', want: 'infra-backend-v1' },
      { method: 'PATCH', path: '/', headers: { version: 'four' }, want: 'infra-backend-v2' },
    ],
  );

  // httproute-listener-hostname-matching.yaml
  conformance(
    'HTTPRouteListenerHostnameMatching',
    graphOf(
      [
        {
          name: 'httproute-listener-hostname-matching',
          listeners: [
            { name: 'listener-1', hostname: 'bar.com' },
            { name: 'listener-2', hostname: 'foo.bar.com' },
            { name: 'listener-3', hostname: '*.bar.com' },
            { name: 'listener-4', hostname: '*.foo.com' },
          ],
        },
      ],
      [
        { name: 'backend-v1', parent: { sections: ['listener-1'] }, rules: [{ backends: v1 }] },
        { name: 'backend-v2', parent: { sections: ['listener-2'] }, rules: [{ backends: v2 }] },
        { name: 'backend-v3', parent: { sections: ['listener-3', 'listener-4'] }, rules: [{ backends: v3 }] },
      ],
    ),
    'httproute-listener-hostname-matching',
    [
      { host: 'bar.com', path: '/', want: 'infra-backend-v1' },
      { host: 'foo.bar.com', path: '/', want: 'infra-backend-v2' },
      { host: 'baz.bar.com', path: '/', want: 'infra-backend-v3' },
      { host: 'boo.bar.com', path: '/', want: 'infra-backend-v3' },
      { host: 'multiple.prefixes.bar.com', path: '/', want: 'infra-backend-v3' },
      { host: 'multiple.prefixes.foo.com', path: '/', want: 'infra-backend-v3' },
      { host: 'foo.com', path: '/', want: 404 },
      { host: 'no.matching.host', path: '/', want: 404 },
    ],
  );

  // httproute-hostname-intersection.yaml
  conformance(
    'HTTPRouteHostnameIntersection',
    graphOf(
      [
        {
          name: 'httproute-hostname-intersection',
          listeners: [
            { name: 'listener-1', hostname: 'very.specific.com' },
            { name: 'listener-2', hostname: '*.wildcard.io' },
            { name: 'listener-3', hostname: '*.anotherwildcard.io' },
          ],
        },
      ],
      [
        { name: 'specific-host-matches-listener-specific-host', hostnames: ['non.matching.com', '*.nonmatchingwildcard.io', 'very.specific.com'], rules: [{ matches: [prefix('/s1')], backends: v1 }] },
        {
          name: 'specific-host-matches-listener-wildcard-host',
          hostnames: ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'],
          rules: [{ matches: [prefix('/s2')], backends: v2 }],
        },
        { name: 'wildcard-host-matches-listener-specific-host', hostnames: ['non.matching.com', '*.specific.com'], rules: [{ matches: [prefix('/s3')], backends: v3 }] },
        { name: 'wildcard-host-matches-listener-wildcard-host', hostnames: ['*.anotherwildcard.io'], rules: [{ matches: [prefix('/s4')], backends: v1 }] },
        { name: 'no-intersecting-hosts', hostnames: ['specific.but.wrong.com', 'wildcard.io'], rules: [{ matches: [prefix('/s5')], backends: v2 }] },
      ],
    ),
    'httproute-hostname-intersection',
    [
      { host: 'very.specific.com', path: '/s1', want: 'infra-backend-v1' },
      { host: 'very.specific.com:1234', path: '/s1', want: 'infra-backend-v1' },
      { host: 'non.matching.com', path: '/s1', want: 404 },
      { host: 'foo.nonmatchingwildcard.io', path: '/s1', want: 404 },
      { host: 'foo.wildcard.io', path: '/s1', want: 404 },
      { host: 'very.specific.com', path: '/non-matching-prefix', want: 404 },
      { host: 'foo.wildcard.io', path: '/s2', want: 'infra-backend-v2' },
      { host: 'bar.wildcard.io', path: '/s2', want: 'infra-backend-v2' },
      { host: 'foo.bar.wildcard.io', path: '/s2', want: 'infra-backend-v2' },
      { host: 'non.matching.com', path: '/s2', want: 404 },
      { host: 'wildcard.io', path: '/s2', want: 404 },
      { host: 'very.specific.com', path: '/s2', want: 404 },
      { host: 'foo.wildcard.io', path: '/non-matching-prefix', want: 404 },
      { host: 'very.specific.com', path: '/s3', want: 'infra-backend-v3' },
      { host: 'non.matching.com', path: '/s3', want: 404 },
      { host: 'foo.specific.com', path: '/s3', want: 404 },
      { host: 'foo.wildcard.io', path: '/s3', want: 404 },
      { host: 'very.specific.com', path: '/non-matching-prefix', want: 404 },
      { host: 'foo.anotherwildcard.io', path: '/s4', want: 'infra-backend-v1' },
      { host: 'bar.anotherwildcard.io', path: '/s4', want: 'infra-backend-v1' },
      { host: 'foo.bar.anotherwildcard.io', path: '/s4', want: 'infra-backend-v1' },
      { host: 'anotherwildcard.io', path: '/s4', want: 404 },
      { host: 'foo.wildcard.io', path: '/s4', want: 404 },
      { host: 'very.specific.com', path: '/s4', want: 404 },
      { host: 'foo.anotherwildcard.io', path: '/non-matching-prefix', want: 404 },
      { host: 'specific.but.wrong.com', path: '/s5', want: 404 },
      { host: 'wildcard.io', path: '/s5', want: 404 },
    ],
  );

  conformance(
    'HTTPRouteHostnameIntersection: a listener without hostname',
    graphOf(
      [{ name: 'httproute-hostname-intersection-all', listeners: [{ name: 'listener-1' }] }],
      [{ name: 'httproute-hostname-intersection-all', hostnames: ['first.com', '*.first.com', 'second.com', '*.second.com'], rules: [{ backends: v2 }] }],
    ),
    'httproute-hostname-intersection-all',
    [
      { host: 'first.com', path: '/', want: 'infra-backend-v2' },
      { host: 'sub.first.com', path: '/', want: 'infra-backend-v2' },
      { host: 'second.com', path: '/', want: 'infra-backend-v2' },
      { host: 'sub.second.com', path: '/', want: 'infra-backend-v2' },
      { host: 'third.com', path: '/', want: 404 },
      { host: 'sub.third.com', path: '/', want: 404 },
    ],
  );

  // gateway-http-listener-isolation.yaml and -with-hostname-intersection.yaml
  const isolationListeners: ListenerSpec[] = [
    { name: 'empty-hostname' },
    { name: 'wildcard-example-com', hostname: '*.example.com' },
    { name: 'wildcard-foo-example-com', hostname: '*.foo.example.com' },
    { name: 'abc-foo-example-com', hostname: 'abc.foo.example.com' },
  ];
  const isolationCases: Case[] = [
    { host: 'bar.com', path: '/empty-hostname', want: 'infra-backend-v1' },
    { host: 'bar.com', path: '/wildcard-example-com', want: 404 },
    { host: 'bar.com', path: '/wildcard-foo-example-com', want: 404 },
    { host: 'bar.com', path: '/abc-foo-example-com', want: 404 },
    { host: 'bar.example.com', path: '/empty-hostname', want: 404 },
    { host: 'bar.example.com', path: '/wildcard-example-com', want: 'infra-backend-v1' },
    { host: 'bar.example.com', path: '/wildcard-foo-example-com', want: 404 },
    { host: 'bar.example.com', path: '/abc-foo-example-com', want: 404 },
    { host: 'bar.foo.example.com', path: '/empty-hostname', want: 404 },
    { host: 'bar.foo.example.com', path: '/wildcard-example-com', want: 404 },
    { host: 'bar.foo.example.com', path: '/wildcard-foo-example-com', want: 'infra-backend-v1' },
    { host: 'bar.foo.example.com', path: '/abc-foo-example-com', want: 404 },
    { host: 'abc.foo.example.com', path: '/empty-hostname', want: 404 },
    { host: 'abc.foo.example.com', path: '/wildcard-example-com', want: 404 },
    { host: 'abc.foo.example.com', path: '/wildcard-foo-example-com', want: 404 },
    { host: 'abc.foo.example.com', path: '/abc-foo-example-com', want: 'infra-backend-v1' },
  ];
  const isolationRoutes = (suffix: string, hostnames?: string[]): RouteSpec[] =>
    isolationListeners.map((l) => ({ name: `attaches-to-${l.name}${suffix}`, hostnames, parent: { sections: [l.name] }, rules: [{ matches: [prefix(`/${l.name}`)], backends: v1 }] }));
  conformance('GatewayHTTPListenerIsolation: hostnames only in listeners', graphOf([{ name: 'http-listener-isolation', listeners: isolationListeners }], isolationRoutes('')), 'http-listener-isolation', isolationCases);
  conformance(
    'GatewayHTTPListenerIsolation: intersecting hostnames in listeners and routes',
    graphOf(
      [{ name: 'http-listener-isolation-with-hostname-intersection', listeners: isolationListeners }],
      isolationRoutes('-with-hostname-intersection', ['bar.com', '*.example.com', '*.foo.example.com', 'abc.foo.example.com']),
    ),
    'http-listener-isolation-with-hostname-intersection',
    isolationCases,
  );
});

describe('probe/predict: GRPCRoute conformance tables', () => {
  const grpc = { 'content-type': 'application/grpc' };
  const service = 'gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho';
  const call = (method: string, metadata: Record<string, string> = {}) => ({ path: `/${service}/${method}`, method: 'POST', headers: { ...grpc, ...metadata } });
  const gv1 = [{ name: 'grpc-infra-backend-v1' }];
  const gv2 = [{ name: 'grpc-infra-backend-v2' }];

  // grpcroute-exact-method-matching.yaml
  conformance(
    'GRPCExactMethodMatching',
    graphOf(
      [sameNamespace],
      [
        {
          kind: 'GRPCRoute',
          name: 'exact-matching',
          rules: [
            { matches: [{ method: { service, method: 'Echo' } }], backends: gv1 },
            { matches: [{ method: { service, method: 'EchoTwo' } }], backends: gv2 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { ...call('Echo'), want: 'grpc-infra-backend-v1' },
      { ...call('EchoTwo'), want: 'grpc-infra-backend-v2' },
      { ...call('EchoThree'), want: 404 },
    ],
  );

  // grpcroute-header-matching.yaml
  conformance(
    'GRPCRouteHeaderMatching',
    graphOf(
      [sameNamespace],
      [
        {
          kind: 'GRPCRoute',
          name: 'grpc-header-matching',
          rules: [
            { matches: [{ headers: [header('version', 'one')] }], backends: gv1 },
            { matches: [{ headers: [header('version', 'two')] }], backends: gv2 },
            { matches: [{ headers: [header('version', 'two'), header('color', 'orange')] }], backends: gv1 },
            { matches: [{ headers: [header('color', 'blue')] }, { headers: [header('color', 'green')] }], backends: gv1 },
            { matches: [{ headers: [header('color', 'red')] }, { headers: [header('color', 'yellow')] }], backends: gv2 },
          ],
        },
      ],
    ),
    'same-namespace',
    [
      { ...call('Echo', { Version: 'one' }), want: 'grpc-infra-backend-v1' },
      { ...call('Echo', { Version: 'two' }), want: 'grpc-infra-backend-v2' },
      { ...call('Echo', { Version: 'two', Color: 'orange' }), want: 'grpc-infra-backend-v1' },
      { ...call('Echo', { Version: 'two', Color: 'blue' }), want: 'grpc-infra-backend-v2' },
      { ...call('Echo', { Color: 'orange' }), want: 404 },
      { ...call('Echo', { 'Some-Other-Header': 'one' }), want: 404 },
      { ...call('Echo', { Color: 'blue' }), want: 'grpc-infra-backend-v1' },
      { ...call('Echo', { Color: 'green' }), want: 'grpc-infra-backend-v1' },
      { ...call('Echo', { Color: 'red' }), want: 'grpc-infra-backend-v2' },
      { ...call('Echo', { Color: 'yellow' }), want: 'grpc-infra-backend-v2' },
      { ...call('Echo', { Color: 'purple' }), want: 404 },
    ],
  );

  it('says gRPC Unimplemented, not 404, when no GRPCRoute rule matches', () => {
    const g = graphOf([sameNamespace], [{ kind: 'GRPCRoute', name: 'r', rules: [{ matches: [{ method: { service, method: 'Echo' } }], backends: gv1 }] }]);
    const p = send(g, `${NS}/same-namespace`, call('EchoThree'));
    assert.match(p.reason, /gRPC Unimplemented/);
    assert.match(p.candidates[0].why, /gRPC method EchoThree does not match Echo/);
  });

  it('prefers the longer service, then method (GRPCRouteRule.Matches precedence)', () => {
    const g = graphOf(
      [sameNamespace],
      [
        { kind: 'GRPCRoute', name: 'by-method', created: '2020-01-01T00:00:00Z', rules: [{ matches: [{ method: { method: 'Echo' } }], backends: gv2 }] },
        { kind: 'GRPCRoute', name: 'by-service', created: '2024-01-01T00:00:00Z', rules: [{ matches: [{ method: { service } }], backends: gv1 }] },
      ],
    );
    const p = send(g, `${NS}/same-namespace`, call('Echo'));
    assert.equal(p.expected?.route.name, 'by-service');
    assert.match(p.reason, /service match is longer/);
  });
});

describe('probe/predict: precedence across routes', () => {
  it('gives an exact-hostname route precedence over a wildcard one, whatever their paths', () => {
    const g = graphOf(
      [sameNamespace],
      [
        { name: 'wild', hostnames: ['*.example.com'], created: '2020-01-01T00:00:00Z', rules: [{ matches: [exact('/api')], backends: v2 }] },
        { name: 'exact', hostnames: ['api.example.com'], created: '2024-01-01T00:00:00Z', rules: [{ matches: [prefix('/')], backends: v1 }] },
      ],
    );
    const p = send(g, `${NS}/same-namespace`, { host: 'api.example.com', path: '/api' });
    assert.equal(p.expected?.route.name, 'exact');
    assert.match(p.reason, /hostname api\.example\.com is a longer exact match than \*\.example\.com/);
    assert.equal(p.candidates[0].route, `HTTPRoute/${NS}/wild`);
    assert.match(p.candidates[0].why, /matches too, but/);
    // a host only the wildcard serves goes to it
    assert.equal(send(g, `${NS}/same-namespace`, { host: 'www.example.com', path: '/api' }).expected?.route.name, 'wild');
  });

  it('breaks a tie with the oldest route, then namespace/name, then the first rule', () => {
    const routes = (a: string | undefined, b: string | undefined): RouteSpec[] => [
      { name: 'b-route', created: a, rules: [{ matches: [prefix('/x')], backends: v2 }] },
      { name: 'a-route', created: b, rules: [{ matches: [prefix('/y')], backends: v3 }, { matches: [prefix('/x')], backends: v1 }, { matches: [prefix('/x')], backends: v3 }] },
    ];
    const older = send(graphOf([sameNamespace], routes('2020-01-01T00:00:00Z', '2024-01-01T00:00:00Z')), `${NS}/same-namespace`, { path: '/x/1' });
    assert.equal(older.expected?.route.name, 'b-route');
    assert.match(older.reason, /is older/);
    const byName = send(graphOf([sameNamespace], routes('2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')), `${NS}/same-namespace`, { path: '/x/1' });
    assert.equal(byName.expected?.route.name, 'a-route');
    assert.equal(byName.expected?.rule, 1);
    assert.match(byName.reason, /over HTTPRoute\/gateway-conformance-infra\/a-route rule 2 because the rules tie, and rule 1 comes first/);
    const loser = byName.candidates.find((c) => c.route === `HTTPRoute/${NS}/b-route`);
    assert.match(loser?.why ?? '', /matches too, but .* comes first alphabetically/);
    const fromFiles = send(graphOf([sameNamespace], routes(undefined, undefined)), `${NS}/same-namespace`, { path: '/x/1' });
    assert.equal(fromFiles.expected?.route.name, 'a-route');
    assert.match(fromFiles.assumptions.join('\n'), /no creationTimestamp/);
  });

  it('says when a RegularExpression path decided (implementation-specific)', () => {
    const g = graphOf([sameNamespace], [{ name: 'r', rules: [{ matches: [prefix('/api/v1')], backends: v1 }, { matches: [{ path: { type: 'RegularExpression', value: '/api/v[0-9]+/.*' } }], backends: v2 }] }]);
    const p = send(g, `${NS}/same-namespace`, { path: '/api/v1/users' });
    assert.equal(p.expected?.rule, 1);
    assert.match(p.assumptions.join('\n'), /RegularExpression path decided the precedence, which is implementation-specific/);
    assert.match(p.assumptions.join('\n'), /JavaScript RegExp/);
  });
});

describe('probe/predict: what the rule does', () => {
  const gw = `${NS}/same-namespace`;
  const one = (rule: RuleSpec, listeners = sameNamespace.listeners) => graphOf([{ name: 'same-namespace', listeners }], [{ name: 'r', rules: [rule] }]);

  it('predicts a redirect: default 302, the request host and path, no default port', () => {
    const p = send(one({ matches: [prefix('/')], filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'example.org' } }] }), gw, { path: '/a?b=c' });
    assert.deepEqual(p.expected?.redirect, { location: 'http://example.org/a?b=c', statusCode: 302 });
    assert.equal(p.expected?.status, 302);
  });

  it('predicts a scheme redirect to https on 443 with status 301', () => {
    const p = send(one({ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }), gw, { host: 'shop.example.com', path: '/cart' });
    assert.deepEqual(p.expected?.redirect, { location: 'https://shop.example.com/cart', statusCode: 301 });
  });

  it('keeps the listener port when the redirect sets no scheme, and rewrites a prefix', () => {
    const p = send(
      one({ matches: [prefix('/original-prefix')], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/replacement-prefix' } } }] }, [
        { name: 'http', port: 8080 },
      ]),
      gw,
      { path: '/original-prefix/lemon' },
    );
    // send() targets port 80, where this gateway has no listener
    assert.equal(p.listener, null);
    const q = predict(
      one({ matches: [prefix('/original-prefix')], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/replacement-prefix' } } }] }, [{ name: 'http', port: 8080 }]),
      emptySnapshot(),
      gw,
      { host: 'example.com', path: '/original-prefix/lemon', method: 'GET', headers: {}, port: 8080 },
    );
    assert.equal(q.expected?.redirect?.location, 'http://example.com:8080/replacement-prefix/lemon');
  });

  it('predicts 500 when no backendRef resolves', () => {
    const p = send(one({ backends: [{ name: 'missing', resolved: false, reason: 'BackendNotFound' }] }), gw, { path: '/' });
    assert.equal(p.expected?.status, 500);
    assert.equal(p.expected?.backends[0].resolved, false);
    assert.match(p.reason, /500: no backendRef resolves \(gateway-conformance-infra\/missing:8080 BackendNotFound\)/);
  });

  it('gives the 500 share of a partly unresolved rule in the reason, not as the status', () => {
    const p = send(one({ backends: [{ name: 'ok', weight: 1 }, { name: 'missing', weight: 3, resolved: false, reason: 'RefNotPermitted' }] }), gw, { path: '/' });
    assert.equal(p.expected?.status, undefined);
    assert.match(p.reason, /75% of requests get 500/);
  });

  it('predicts 500 when every weight is 0 or the rule has no backendRefs', () => {
    assert.equal(send(one({ backends: [{ name: 'a', weight: 0 }] }), gw, { path: '/' }).expected?.status, 500);
    assert.equal(send(one({}), gw, { path: '/' }).expected?.status, 500);
  });

  it('predicts 503 when no backend has a ready endpoint, and nothing when endpoints are unknown', () => {
    const p = send(one({ backends: [{ name: 'idle', ready: 0 }] }), gw, { path: '/' });
    assert.equal(p.expected?.status, 503);
    assert.equal(p.expected?.backends[0].readyEndpoints, 0);
    const unknown = send(one({ backends: [{ name: 'hidden', ready: null, resolved: null }] }), gw, { path: '/' });
    assert.equal(unknown.expected?.status, undefined);
    assert.equal(unknown.expected?.backends[0].readyEndpoints, null);
    assert.match(unknown.reason, /could not check/);
  });

  it('lists every backend with its weight', () => {
    const p = send(one({ backends: [{ name: 'a', weight: 80 }, { name: 'b', weight: 20, port: 9090 }] }), gw, { path: '/' });
    assert.deepEqual(p.expected?.backends, [
      { namespace: NS, name: 'a', port: 8080, weight: 80, kind: 'Service', readyEndpoints: 1, resolved: true },
      { namespace: NS, name: 'b', port: 9090, weight: 20, kind: 'Service', readyEndpoints: 1, resolved: true },
    ]);
  });
});

describe('probe/predict: filters on a backendRef (HTTPBackendRef.Filters)', () => {
  const gw = `${NS}/same-namespace`;
  const one = (rule: RuleSpec) => graphOf([sameNamespace], [{ name: 'backend-request-redirect', rules: [rule] }]);
  const redirect = (requestRedirect: NonNullable<HTTPRouteFilter['requestRedirect']>): HTTPRouteFilter[] => [{ type: 'RequestRedirect', requestRedirect }];
  // httproute-backend-request-redirect.yaml: each backendRef answers with its own redirect.
  const table: Array<{ title: string; backends: BackendSpec[]; status?: number; redirect?: { location: string; statusCode: number }; reason: RegExp; perBackend: Array<{ location: string; statusCode: number } | undefined> }> = [
    {
      title: 'the conformance manifest: two backendRefs, two redirects, nothing forwarded',
      backends: [
        { name: 'infra-backend-v1', filters: redirect({ scheme: 'https', hostname: 'redirect-example.com', port: 443, statusCode: 302 }) },
        { name: 'infra-backend-v2', filters: redirect({ scheme: 'http', hostname: 'redirect-example.com', port: 80, statusCode: 301 }) },
      ],
      reason: /redirect 50% 302 to https:\/\/redirect-example\.com\/ \(RequestRedirect on backendRef .*infra-backend-v1:8080\), 50% 301 to http:\/\/redirect-example\.com\/ .*; nothing is forwarded/,
      perBackend: [
        { location: 'https://redirect-example.com/', statusCode: 302 },
        { location: 'http://redirect-example.com/', statusCode: 301 },
      ],
    },
    {
      title: 'one backendRef with a redirect: 302 by default, whatever the backend',
      backends: [{ name: 'gone', resolved: false, reason: 'BackendNotFound', filters: redirect({ hostname: 'example.org' }) }],
      status: 302,
      redirect: { location: 'http://example.org/', statusCode: 302 },
      reason: /redirect 302 to http:\/\/example\.org\/ \(RequestRedirect on backendRef .*gone:8080\); nothing is forwarded/,
      perBackend: [{ location: 'http://example.org/', statusCode: 302 }],
    },
    {
      title: 'a redirect on one of two backendRefs: its share is redirected, the rest forwarded',
      backends: [{ name: 'old', filters: redirect({ hostname: 'new.example.com', statusCode: 301 }) }, { name: 'live' }],
      reason: /forwarded to gateway-conformance-infra\/live:8080; redirect 50% 301 to http:\/\/new\.example\.com\//,
      perBackend: [{ location: 'http://new.example.com/', statusCode: 301 }, undefined],
    },
  ];
  for (const t of table) {
    it(t.title, () => {
      const p = send(one({ matches: [prefix('/')], backends: t.backends }), gw, { path: '/' });
      assert.equal(p.expected?.status, t.status, p.reason);
      assert.deepEqual(p.expected?.redirect, t.redirect);
      assert.match(p.reason, t.reason);
      assert.deepEqual(p.expected?.backends.map((b) => b.redirect), t.perBackend);
    });
  }
});

describe('probe/predict: no match', () => {
  const g = graphOf(
    [sameNamespace],
    [
      { name: 'api', hostnames: ['api.example.com'], rules: [{ matches: [prefix('/v1')], backends: v1 }, { matches: [{ path: { type: 'PathPrefix', value: '/v2' }, method: 'POST' }], backends: v2 }] },
      { name: 'other', hostnames: ['other.example.com'], rules: [{ matches: [prefix('/v2')], backends: v3 }] },
    ],
  );
  it('returns null with a 404 reason and the nearest candidates, closest first', () => {
    const p = send(g, `${NS}/same-namespace`, { host: 'api.example.com', path: '/v2/items' });
    assert.equal(p.expected, null);
    assert.equal(p.listener, 'http');
    assert.match(p.reason, /no rule attached to listener http matches .* 404/);
    assert.deepEqual(
      p.candidates.map((c) => [c.route, c.rule]),
      [
        [`HTTPRoute/${NS}/api`, 1],
        [`HTTPRoute/${NS}/api`, 0],
        [`HTTPRoute/${NS}/other`, 0],
      ],
    );
    assert.equal(p.candidates[0].why, 'PathPrefix /v2, POST: method GET is not POST');
    assert.match(p.candidates[2].why, /serves other\.example\.com on listener http, not host api\.example\.com/);
  });

  it('returns no listener for an unknown gateway or a host no listener takes', () => {
    assert.match(send(g, 'nope/gw', { path: '/' }).reason, /Gateway nope\/gw is not in the snapshot/);
    const lh = graphOf([{ name: 'gw', listeners: [{ name: 'l', hostname: 'bar.com' }] }], []);
    const p = send(lh, `${NS}/gw`, { host: 'foo.com', path: '/' });
    assert.equal(p.listener, null);
    assert.match(p.reason, /no listener on port 80 takes host foo\.com.*404/);
  });
});

describe('probe/predict: listener isolation', () => {
  const g = graphOf(
    [{ name: 'gw', className: 'envoy', listeners: [{ name: 'catch-all' }, { name: 'wild', hostname: '*.example.com' }] }],
    [
      { name: 'on-catch-all', parent: { sections: ['catch-all'] }, rules: [{ matches: [prefix('/app')], backends: v1 }] },
      { name: 'on-wild', parent: { sections: ['wild'] }, rules: [{ matches: [prefix('/other')], backends: v2 }] },
    ],
  );
  it('assumes isolation, says so, and names the route that would answer without it', () => {
    const p = send(g, `${NS}/gw`, { host: 'shop.example.com', path: '/app' });
    assert.equal(p.listener, 'wild');
    assert.equal(p.expected, null);
    assert.match(p.assumptions.join('\n'), /Listener isolation assumed .* GatewayClass envoy publishes no supportedFeatures/);
    assert.match(p.assumptions.join('\n'), /Without listener isolation HTTPRoute\/gateway-conformance-infra\/on-catch-all rule 0 \(listener catch-all\) would answer instead/);
    assert.match(p.candidates.map((c) => c.why).join('\n'), /attached to listener catch-all, while listener wild takes host shop\.example\.com/);
  });

  it('says isolation is claimed when the GatewayClass lists the feature', () => {
    const snap = emptySnapshot();
    snap.gatewayClasses.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'envoy' },
      spec: { controllerName: 'example.com/gw' },
      status: { supportedFeatures: [{ name: 'GatewayHTTPListenerIsolation' }, { name: 'HTTPRoute' }] },
    });
    const p = send(g, `${NS}/gw`, { host: 'shop.example.com', path: '/app' }, snap);
    assert.match(p.assumptions.join('\n'), /GatewayClass envoy claims GatewayHTTPListenerIsolation/);
    assert.doesNotMatch(p.assumptions.join('\n'), /Without listener isolation/);
  });
});

describe('probe/predict: TLS and TCP listeners', () => {
  it('picks the TLSRoute whose hostname takes the SNI', () => {
    const g = graphOf(
      [{ name: 'gw', listeners: [{ name: 'tls', port: 443, protocol: 'TLS' }] }],
      [
        { kind: 'TLSRoute', name: 'wild', hostnames: ['*.example.com'], rules: [{ backends: v2 }] },
        { kind: 'TLSRoute', name: 'exact', hostnames: ['db.example.com'], rules: [{ backends: v1 }] },
      ],
    );
    const p = predict(g, emptySnapshot(), `${NS}/gw`, { host: 'db.example.com', path: '/', method: 'GET', headers: {}, port: 443, scheme: 'https' });
    assert.equal(p.expected?.route.name, 'exact');
    assert.match(p.reason, /for SNI db\.example\.com/);
    assert.equal(predict(g, emptySnapshot(), `${NS}/gw`, { host: 'web.other.org', path: '/', method: 'GET', headers: {}, port: 443 }).expected, null);
  });

  it('sends everything on a TCP listener to its TCPRoute', () => {
    const g = graphOf([{ name: 'gw', listeners: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }], [{ kind: 'TCPRoute', name: 'pg', rules: [{ backends: [{ name: 'postgres', port: 5432 }] }] }]);
    const p = predict(g, emptySnapshot(), `${NS}/gw`, { host: 'anything', path: '/', method: 'GET', headers: {}, port: 5432 });
    assert.equal(p.expected?.backends[0].name, 'postgres');
    assert.equal(p.reason, `TCPRoute/${NS}/pg takes TCP traffic on listener pg.`);
  });
});

describe('probe/predict: TLS and TCP connections no backend can take (TLSRouteRule.BackendRefs)', () => {
  const tls = (backends: BackendSpec[], kind: RouteKind = 'TLSRoute') =>
    graphOf(
      [{ name: 'gw', listeners: [kind === 'TLSRoute' ? { name: 'tls', port: 443, protocol: 'TLS' } : { name: 'tcp', port: 443, protocol: 'TCP' }] }],
      [{ kind, name: 'db', hostnames: kind === 'TLSRoute' ? ['db.example.com'] : undefined, rules: [{ backends }] }],
    );
  const table: Array<{ title: string; kind?: RouteKind; backends: BackendSpec[]; rejected?: true; reason: RegExp }> = [
    { title: 'a backend that does not exist: rejected', backends: [{ name: 'gone', resolved: false, reason: 'BackendNotFound' }], rejected: true, reason: /but the connection is rejected: no forwarding to .*gone:8080 BackendNotFound/ },
    { title: 'a Service with no endpoints: rejected', backends: [{ name: 'idle', ready: 0 }], rejected: true, reason: /connection is rejected: no forwarding to .*idle:8080 has no ready endpoints/ },
    { title: 'rejections respect weight', backends: [{ name: 'ok', weight: 1 }, { name: 'gone', weight: 3, resolved: false, reason: 'RefNotPermitted' }], reason: /; 75% of connections are rejected: no forwarding to .*gone:8080 RefNotPermitted/ },
    { title: 'a TCPRoute likewise', kind: 'TCPRoute', backends: [{ name: 'gone', resolved: false, reason: 'BackendNotFound' }], rejected: true, reason: /TCPRoute\/.*\/db takes TCP traffic on listener tcp, but the connection is rejected/ },
    { title: 'backends that resolve and have endpoints: forwarded', backends: [{ name: 'ok' }], reason: /takes TLS traffic on listener tls for SNI db\.example\.com\.$/ },
  ];
  for (const t of table) {
    it(t.title, () => {
      const p = predict(tls(t.backends, t.kind), emptySnapshot(), `${NS}/gw`, { host: 'db.example.com', path: '/', method: 'GET', headers: {}, port: 443 });
      assert.equal(p.expected?.rejected, t.rejected, p.reason);
      assert.match(p.reason, t.reason);
    });
  }
});

describe('probe/predict: a 404 names the routes that claim the host but are attached to nothing', () => {
  const yaml = `${CLASS}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec: {gatewayClassName: gw-class, listeners: [{name: http, port: 80, protocol: HTTP}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: lost, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: htp}]
  hostnames: [lost.example.com]
  rules: [{backendRefs: [{name: svc, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: here, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  hostnames: [here.example.com]
  rules: [{matches: [{path: {type: PathPrefix, value: /api}}], backendRefs: [{name: svc, port: 80}]}]
`;
  const graph = clusterGraph(yaml);
  const why = /HTTPRoute\/infra\/lost claims lost\.example\.com but is attached to nothing: parentRef 0 \(Gateway infra\/gw sectionName htp\): NoMatchingParent/;

  it('in the reason, in -o json, and in the text before any nearest candidate', () => {
    const p = predict(graph, emptySnapshot(), 'infra/gw', { host: 'lost.example.com', path: '/', method: 'GET', headers: {}, port: 80 });
    assert.equal(p.expected, null);
    assert.match(p.reason, why);
    assert.deepEqual(p.unattached?.map((u) => u.route), ['HTTPRoute/infra/lost']);
    const text = renderPrediction(p);
    assert.ok(text.indexOf('attached to nothing:') < (text.indexOf('nearest candidates') === -1 ? Infinity : text.indexOf('nearest candidates')), text);
    assert.match(JSON.stringify(probeDocument(p)), /"unattached":\[\{"route":"HTTPRoute\/infra\/lost"/);
    // a host no route claims says nothing of the kind
    assert.equal(predict(graph, emptySnapshot(), 'infra/gw', { host: 'else.example.com', path: '/', method: 'GET', headers: {}, port: 80 }).unattached, undefined);
  });

  it('when no Gateway takes the host, the error says which route claims it and why', () => {
    assert.throws(() => chooseGateway({ graph, namespace: 'infra' }, 'lost.example.com', undefined), (e: Error) => {
      assert.match(e.message, /^no Gateway has a listener with a route for host lost\.example\.com; /);
      assert.match(e.message, why);
      return true;
    });
  });
});

describe('probe/predict: precedence that exists only in a proposal', () => {
  it('identical intersections are not ranked by the routes\' own hostnames; the proposal is offered, labelled', () => {
    const g = graphOf(
      [{ name: 'gw', listeners: [{ name: 'http', port: 80, hostname: '*.foo.com' }] }],
      [
        { name: 'broad', hostnames: ['*.com'], created: '2020-01-01T00:00:00Z', rules: [{ backends: v1 }] },
        { name: 'narrow', hostnames: ['*.foo.com'], created: '2024-01-01T00:00:00Z', rules: [{ backends: v2 }] },
      ],
    );
    const p = predict(g, emptySnapshot(), `${NS}/gw`, { host: 'a.foo.com', path: '/', method: 'GET', headers: {}, port: 80 });
    assert.equal(p.expected?.route.name, 'broad');
    assert.match(p.reason, /is older/);
    assert.match(p.assumptions.join('\n'), /Proposal, not in a released spec \(kubernetes-sigs\/gateway-api#5212, feature GatewayRouteHostnameIntersectionPrecedence\): .*HTTPRoute\/gateway-conformance-infra\/narrow rule 0 would answer instead/);
  });
});

describe('probe/predict: gatewaysForHost', () => {
  const g = graphOf(
    [
      { name: 'public', listeners: [{ name: 'http', hostname: '*.example.com' }, { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'secure.example.org' }] },
      { name: 'internal', listeners: [{ name: 'http' }] },
      { name: 'empty', listeners: [{ name: 'http', hostname: 'shop.example.com' }] },
      { name: 'db', listeners: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
    ],
    [
      { name: 'shop', hostnames: ['shop.example.com'], parent: { gateway: 'public' }, rules: [{ backends: v1 }] },
      { name: 'secure', parent: { gateway: 'public', sections: ['https'] }, rules: [{ backends: v1 }] },
      { name: 'all', parent: { gateway: 'internal' }, rules: [{ backends: v2 }] },
      { kind: 'TCPRoute', name: 'pg', parent: { gateway: 'db' }, rules: [{ backends: [{ name: 'postgres', port: 5432 }] }] },
    ],
  );
  it('lists the gateways whose listener for the host has a route serving it', () => {
    assert.deepEqual(gatewaysForHost(g, 'shop.example.com'), [`${NS}/public`, `${NS}/internal`]);
    assert.deepEqual(gatewaysForHost(g, 'www.example.com'), [`${NS}/internal`]);
    assert.deepEqual(gatewaysForHost(g, 'secure.example.org', 443), [`${NS}/public`]);
    assert.deepEqual(gatewaysForHost(g, 'secure.example.org', 80), [`${NS}/internal`]);
    assert.deepEqual(gatewaysForHost(g, 'db.example.com', 5432), []);
  });
});

describe('probe/predict: probeTargets', () => {
  const g = graphOf(
    [{ name: 'gw', addresses: ['203.0.113.7'], listeners: [{ name: 'http' }, { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com' }] }],
    [
      {
        name: 'api',
        hostnames: ['api.example.com', '*.example.com'],
        parent: { sections: ['https'] },
        rules: [
          { matches: [{ path: { type: 'Exact', value: '/v1/health' }, method: 'HEAD' }, prefix('/v1')], backends: v1 },
          { matches: [{ path: { type: 'PathPrefix', value: '/admin' }, headers: [{ name: 'X-Role', value: 'admin' }], queryParams: [{ name: 'debug', value: '1' }] }], backends: v2 },
          { matches: [{ path: { type: 'RegularExpression', value: '/items/[0-9]+' } }, { path: { type: 'RegularExpression', value: '^/literal\\.json$' } }], backends: v3 },
        ],
      },
      { name: 'site', rules: [{ backends: v1 }, { matches: [prefix('/v1')], backends: v2 }] },
      { kind: 'GRPCRoute', name: 'rpc', parent: { sections: ['http'] }, rules: [{ matches: [{ method: { service: 'pkg.Echo', method: 'Say' } }], backends: v1 }] },
    ],
  );

  it('sends one request per hostname and rule match, with what the match requires', () => {
    const t = probeTargets(g, `${NS}/gw`).targets;
    const https = t.filter((r) => r.listener === 'https');
    assert.deepEqual(
      https.filter((r) => r.host === 'api.example.com').map((r) => [r.method, r.path, r.headers]),
      [
        ['HEAD', '/v1/health', {}],
        ['GET', '/v1', {}],
        ['GET', '/admin?debug=1', { 'x-role': 'admin' }],
        ['GET', '/literal.json', {}],
      ],
    );
    assert.ok(https.some((r) => r.host === 'wildcard-test.example.com' && r.path === '/v1'), 'a concrete host for *.example.com');
    assert.ok(https.every((r) => r.port === 443 && r.scheme === 'https'), 'https targets go to port 443');
  });

  it('uses the gateway address as Host when neither listener nor route names one', () => {
    const http = probeTargets(g, `${NS}/gw`).targets.filter((r) => r.listener === 'http');
    assert.deepEqual(
      http.map((r) => [r.host, r.method, r.path]),
      [
        ['203.0.113.7', 'GET', '/'],
        ['203.0.113.7', 'GET', '/v1'],
      ],
    );
  });

  it('makes no gRPC calls: a GRPCRoute rule is returned as not probed, once', () => {
    const { targets, skipped } = probeTargets(g, `${NS}/gw`);
    assert.ok(targets.every((r) => r.method === 'GET' || r.method === 'HEAD'), JSON.stringify(targets));
    assert.ok(!targets.some((r) => r.headers['content-type'] === 'application/grpc'));
    assert.deepEqual(skipped, [{ route: `GRPCRoute/${NS}/rpc`, rule: 0, cause: 'grpc', why: 'gRPC method pkg.Echo/Say' }]);
  });

  it('sends only GET and HEAD: a rule whose matches all need another method is not probed', () => {
    const writes = graphOf(
      [{ name: 'gw', listeners: [{ name: 'http' }] }],
      [
        {
          name: 'orders',
          hostnames: ['orders.example.com'],
          rules: [
            { matches: [{ path: { type: 'PathPrefix', value: '/orders' }, method: 'POST' }, { path: { type: 'PathPrefix', value: '/orders' }, method: 'DELETE' }], backends: v1 },
            { matches: [{ path: { type: 'Exact', value: '/orders/list' }, method: 'GET' }, { path: { type: 'Exact', value: '/orders/new' }, method: 'PUT' }], backends: v2 },
            { matches: [{ path: { type: 'Exact', value: '/ping' }, method: 'HEAD' }], backends: v3 },
          ],
        },
      ],
    );
    const { targets, skipped } = probeTargets(writes, `${NS}/gw`);
    assert.deepEqual(
      targets.map((r) => [r.method, r.path]),
      [
        ['GET', '/orders/list'],
        ['HEAD', '/ping'],
      ],
    );
    assert.deepEqual(skipped, [{ route: `HTTPRoute/${NS}/orders`, rule: 0, cause: 'method', why: 'methods POST, DELETE' }]);
  });

  it('is de-duplicated and stable, and every target is predicted to reach its route', () => {
    const a = probeTargets(g, `${NS}/gw`).targets;
    assert.deepEqual(a, probeTargets(g, `${NS}/gw`).targets);
    assert.equal(new Set(a.map((r) => JSON.stringify(r))).size, a.length);
    for (const r of a) {
      const p = predict(g, emptySnapshot(), `${NS}/gw`, r);
      assert.equal(p.listener, r.listener, `${r.host}${r.path}: ${p.reason}`);
      assert.ok(p.expected, `${r.host}${r.path}: ${p.reason}`);
    }
    assert.deepEqual(probeTargets(g, 'nope/gw'), { targets: [], skipped: [] });
  });

  it('labels a target with the listener its host reaches, even when the route is not attached there', () => {
    const shadowed = graphOf(
      [{ name: 'gw', listeners: [{ name: 'http' }, { name: 'wild', hostname: '*.example.com' }] }],
      [{ name: 'r', hostnames: ['a.example.com'], parent: { sections: ['http'] }, rules: [{ matches: [prefix('/a')], backends: v1 }] }],
    );
    const [t] = probeTargets(shadowed, `${NS}/gw`).targets;
    assert.deepEqual([t.host, t.path, t.listener], ['a.example.com', '/a', 'wild']);
    const p = predict(shadowed, emptySnapshot(), `${NS}/gw`, t);
    assert.equal(p.expected, null);
    assert.match(p.candidates[0].why, /attached to listener http, while listener wild takes host a\.example\.com/);
  });
});
