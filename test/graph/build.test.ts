import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import { ruleSummary } from '../../src/graph/rule-summary.js';
import type { RouteRule } from '../../src/model/objects.js';
import { parse } from 'yaml';
import type { Snapshot } from '../../src/model/snapshot.js';
import { CLASS, NOW, cluster, graphOf, listener, route } from '../spec/cluster.js';

// A small but realistic cluster: one class, a Gateway with HTTP and HTTPS listeners, routes of
// three kinds, a route to a missing Gateway, a Gateway of a class that does not exist, a
// BackendTLSPolicy on a Service and a GEP-713 policy on the Gateway.
const CLUSTER = `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: infra, generation: 1}
spec:
  gatewayClassName: gw-class
  addresses: [{type: IPAddress, value: 10.1.1.1}]
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: https, port: 443, protocol: HTTPS, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}, tls: {options: {example.com/cert: managed}}}
status:
  addresses: [{type: IPAddress, value: 203.0.113.7}, {type: IPAddress, value: 10.1.1.1}]
  conditions: [{type: Accepted, status: "True", reason: Accepted, observedGeneration: 1}]
  listeners:
  - {name: http, attachedRoutes: 2, conditions: [{type: Accepted, status: "True", reason: Accepted}]}
  - {name: https, attachedRoutes: 1, conditions: [{type: Accepted, status: "True", reason: Accepted}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: orphan, namespace: other}
spec:
  gatewayClassName: nope
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: apps, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  parentRefs: [{name: eg, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /api}
      method: GET
      headers: [{name: x-env, value: prod}]
    - path: {type: Exact, value: /health}
    backendRefs: [{name: api, port: 80}]
  - name: legacy
    matches: [{path: {type: PathPrefix, value: /old}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: inventory, namespace: apps}
spec:
  parentRefs: [{name: eg, namespace: infra, sectionName: http}]
  rules:
  - matches: [{method: {service: inventory.v1.Inventory, method: Get}}]
    backendRefs: [{name: api, port: 9090}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: blog, namespace: apps}
spec:
  parentRefs: [{name: missing, namespace: infra}, {group: "", kind: Service, name: api}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: apps}
spec: {ports: [{name: http, port: 80}, {name: grpc, port: 9090}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: api-tls, namespace: apps}
spec:
  targetRefs: [{group: "", kind: Service, name: api}]
  validation: {hostname: api.apps, wellKnownCACertificates: System}
status:
  ancestors:
  - ancestorRef: {name: eg, namespace: infra}
    controllerName: example.com/gateway-controller
    conditions: [{type: Accepted, status: "True", reason: Accepted}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: timeouts, namespace: infra, labels: {gateway.networking.k8s.io/policy: direct}}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: https}]
`;

describe('graph/build', () => {
  const g = graphOf(CLUSTER);

  it('ids as documented, sorted', () => {
    assert.deepEqual(g.gatewayClasses.map((c) => c.id), ['GatewayClass//gw-class', 'GatewayClass//nope']);
    assert.deepEqual(g.gateways.map((x) => x.id), ['Gateway/infra/eg', 'Gateway/other/orphan']);
    assert.deepEqual(g.gateways[0].listeners.map((l) => l.id), ['Gateway/infra/eg#http', 'Gateway/infra/eg#https']);
    assert.deepEqual(g.routes.map((r) => r.id), ['GRPCRoute/apps/inventory', 'HTTPRoute/apps/blog', 'HTTPRoute/apps/shop']);
  });

  it('keeps a dangling GatewayClass node for a class that does not exist', () => {
    const nope = g.gatewayClasses[1];
    assert.equal(nope.exists, false);
    assert.deepEqual(nope.gateways, ['Gateway/other/orphan']);
    assert.equal(g.gateways[1].gatewayClass, 'GatewayClass//nope');
    assert.equal(g.gatewayClasses[0].controllerName, 'example.com/gateway-controller');
    assert.deepEqual(g.gatewayClasses[0].gateways, ['Gateway/infra/eg']);
  });

  it('addresses: status first, then spec, without duplicates', () => {
    assert.deepEqual(g.gateways[0].addresses, ['203.0.113.7', '10.1.1.1']);
  });

  it('attaches routes to listeners and counts them', () => {
    assert.deepEqual(listener(g, 'Gateway/infra/eg#http').routes, ['GRPCRoute/apps/inventory', 'HTTPRoute/apps/shop']);
    assert.deepEqual(listener(g, 'Gateway/infra/eg#https').routes, ['HTTPRoute/apps/shop']);
    assert.deepEqual(listener(g, 'Gateway/infra/eg#http').attachedRoutes, { computed: 2, reported: 2 });
    assert.deepEqual(g.gateways[0].disagreements, []);
    assert.equal(route(g, 'HTTPRoute/apps/shop').attached, true);
  });

  it('routes attached to no listener go to unattached, one sentence per parentRef', () => {
    assert.deepEqual(g.unattached, [
      {
        route: 'HTTPRoute/apps/blog',
        reasons: [
          'parentRef 0 (Gateway infra/missing): NoMatchingParent - Gateway infra/missing does not exist',
          'parentRef 1 (Service apps/api) is a Service: a GAMMA mesh parent, not a Gateway listener (not checked)',
        ],
      },
    ]);
  });

  it('summarises rules', () => {
    const shop = route(g, 'HTTPRoute/apps/shop');
    assert.deepEqual(shop.rules.map((r) => r.summary), ['PathPrefix /api GET x-env=prod | Exact /health', 'PathPrefix /old -> redirect https 301']);
    assert.equal(shop.rules[1].name, 'legacy');
    assert.equal(route(g, 'GRPCRoute/apps/inventory').rules[0].summary, 'inventory.v1.Inventory/Get');
    assert.equal(shop.creationTimestamp, '2025-01-01T00:00:00Z');
  });

  it('attaches policies to their targets', () => {
    assert.deepEqual(g.gateways[0].policies, [{ kind: 'ClientTrafficPolicy', namespace: 'infra', name: 'timeouts', sectionName: 'https' }]);
    assert.deepEqual(route(g, 'HTTPRoute/apps/shop').rules[0].backends[0].policies, [
      { kind: 'BackendTLSPolicy', namespace: 'apps', name: 'api-tls', status: 'accepted' },
    ]);
  });

  it('is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(g)), g);
  });

  describe('rule summaries', () => {
    const cases: Array<[string, string, string]> = [
      ['HTTPRoute', '{}', 'PathPrefix /'],
      ['HTTPRoute', '{matches: [{queryParams: [{name: v, value: "2"}], headers: [{type: RegularExpression, name: x-id, value: "a.*"}]}]}', 'PathPrefix / x-id~a.* ?v=2'],
      ['HTTPRoute', '{filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}]}', 'PathPrefix / -> rewrite /v2*'],
      ['HTTPRoute', '{filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /v2}}}]}', 'PathPrefix / -> rewrite /v2'],
      ['HTTPRoute', '{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-a, value: "1"}], remove: [x-b]}}]}', 'PathPrefix / +header x-a -header x-b'],
      ['HTTPRoute', '{filters: [{type: RequestRedirect, requestRedirect: {hostname: b.example.com}}]}', 'PathPrefix / -> redirect b.example.com 302'],
      ['GRPCRoute', '{matches: [{method: {service: a.v1.S}}]}', 'a.v1.S/*'],
      ['GRPCRoute', '{}', '*'],
      ['TLSRoute', '{backendRefs: [{name: x, port: 443}]}', '*'],
    ];
    for (const [kind, rule, expected] of cases) {
      it(`${kind} ${rule} -> ${expected}`, () => {
        assert.equal(ruleSummary(kind as 'HTTPRoute', parse(rule) as RouteRule), expected);
      });
    }
  });

  describe('built with indexes (no scan of every route for every listener)', () => {
    function bigCluster(gateways: number, routesPerGateway: number): Snapshot {
      const docs = [CLASS];
      for (let i = 0; i < gateways; i++) {
        docs.push(`---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw${i}, namespace: ns${i}}
spec:
  gatewayClassName: gw-class
  listeners: [{name: a, port: 80, protocol: HTTP}, {name: b, port: 8080, protocol: HTTP}]`);
        for (let j = 0; j < routesPerGateway; j++) {
          docs.push(`---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r${j}, namespace: ns${i}}
spec: {parentRefs: [{name: gw${i}}], rules: [{backendRefs: [{name: svc${j}, port: 80}]}]}`);
        }
      }
      return cluster(docs.join('\n'));
    }

    /** Wraps each list of the snapshot so that every element read is counted. */
    function counted(snapshot: Snapshot): { snapshot: Snapshot; reads: Record<string, number> } {
      const reads: Record<string, number> = {};
      const out = { ...snapshot } as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(snapshot)) {
        if (!Array.isArray(value)) continue;
        reads[key] = 0;
        out[key] = new Proxy(value, {
          get(target, prop, receiver) {
            if (typeof prop === 'string' && /^\d+$/.test(prop)) reads[key]++;
            return Reflect.get(target, prop, receiver);
          },
        });
      }
      return { snapshot: out as unknown as Snapshot, reads };
    }

    it('reads each route and gateway a constant number of times, however many there are', () => {
      const small = counted(bigCluster(5, 10));
      const large = counted(bigCluster(20, 40));
      buildGraph(small.snapshot, { now: NOW });
      const graph = buildGraph(large.snapshot, { now: NOW });
      assert.equal(graph.routes.length, 800);
      assert.equal(large.reads.routes / 800, small.reads.routes / 50);
      assert.ok(large.reads.routes <= 2 * 800, `routes read ${large.reads.routes} times`);
      assert.ok(large.reads.gateways <= 2 * 20, `gateways read ${large.reads.gateways} times`);
      // each parentRef judged only the two listeners of its own Gateway
      assert.ok(graph.routes.every((r) => r.parents[0].listeners.length === 2 && r.attached));
      assert.equal(graph.gateways[0].listeners[0].attachedRoutes.computed, 40);
    });
  });
});
