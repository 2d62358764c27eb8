import assert from 'node:assert/strict';
import { unattachedReason } from '../../src/spec/parent-refs.js';
import { analyse } from '../../src/analyse.js';
import { explainRoute, findRoute } from '../../src/explain/route.js';
import { renderRouteExplanation } from '../../src/render/explain.js';
import { CLASS, cluster, computed, graphOf, listener, parentOf, route } from './cluster.js';

const INFRA = 'gateway-conformance-infra';

// conformance/tests/httproute-hostname-intersection.yaml, as published.
const HOSTNAME_INTERSECTION = `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-hostname-intersection, namespace: ${INFRA}}
spec:
  gatewayClassName: gw-class
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: very.specific.com}
  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.wildcard.io"}
  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.anotherwildcard.io"}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: specific-host-matches-listener-specific-host, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: [non.matching.com, "*.nonmatchingwildcard.io", very.specific.com]
  rules: [{matches: [{path: {type: PathPrefix, value: /s1}}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: specific-host-matches-listener-wildcard-host, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: [non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: wildcard-host-matches-listener-specific-host, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: [non.matching.com, "*.specific.com"]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: wildcard-host-matches-listener-wildcard-host, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: ["*.anotherwildcard.io"]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: no-intersecting-hosts, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: [specific.but.wrong.com, wildcard.io]
`;

describe('spec/parent-refs', () => {
  describe('conformance HTTPRouteHostnameIntersection', () => {
    const g = graphOf(HOSTNAME_INTERSECTION);
    const gw = `Gateway/${INFRA}/httproute-hostname-intersection`;
    const cases: Array<[string, string, Record<string, string[]>]> = [
      ['specific-host-matches-listener-specific-host', 'True Accepted', { [`${gw}#listener-1`]: ['very.specific.com'] }],
      [
        'specific-host-matches-listener-wildcard-host',
        'True Accepted',
        { [`${gw}#listener-2`]: ['foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'] },
      ],
      ['wildcard-host-matches-listener-specific-host', 'True Accepted', { [`${gw}#listener-1`]: ['very.specific.com'] }],
      ['wildcard-host-matches-listener-wildcard-host', 'True Accepted', { [`${gw}#listener-3`]: ['*.anotherwildcard.io'] }],
      ['no-intersecting-hosts', 'False NoMatchingListenerHostname', {}],
    ];
    for (const [name, accepted, hostnames] of cases) {
      it(`${name}: Accepted ${accepted}`, () => {
        const p = parentOf(g, `HTTPRoute/${INFRA}/${name}`);
        assert.equal(computed(p.computed, 'Accepted'), accepted);
        assert.deepEqual(p.effectiveHostnames, hostnames);
        assert.deepEqual(p.attachedListeners, Object.keys(hostnames));
      });
    }
    it('counts attachedRoutes only for Accepted routes: 2, 1, 1', () => {
      assert.equal(listener(g, `${gw}#listener-1`).attachedRoutes.computed, 2);
      assert.equal(listener(g, `${gw}#listener-2`).attachedRoutes.computed, 1);
      assert.equal(listener(g, `${gw}#listener-3`).attachedRoutes.computed, 1);
    });
    it('says, per listener, which hostname failed', () => {
      const p = parentOf(g, `HTTPRoute/${INFRA}/no-intersecting-hosts`);
      assert.equal(
        p.listeners.find((l) => l.name === 'listener-2')?.message,
        'listener listener-2 :80 *.wildcard.io - hostnames specific.but.wrong.com, wildcard.io do not intersect',
      );
      assert.ok(g.unattached.some((u) => u.route === `HTTPRoute/${INFRA}/no-intersecting-hosts`));
    });
  });

  const GW = (listeners: string, extra = '') => `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gw-class
  listeners:
${listeners}
${extra}`;
  const HTTP = '  - {name: http, port: 80, protocol: HTTP}';
  const HTTPS = `  - name: https
    port: 443
    protocol: HTTPS
    hostname: "*.example.com"
    allowedRoutes: {namespaces: {from: All}}
    tls: {certificateRefs: [{name: cert}]}`;

  function routeIn(ns: string, parentRef: string, more = ''): string {
    return `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ${ns}}
spec:
  parentRefs: [${parentRef}]
${more}`;
  }

  describe('allowedRoutes.namespaces', () => {
    it('Same (the default) rejects a route from another namespace: NotAllowedByListeners', () => {
      const g = graphOf(GW(HTTP) + routeIn('blog', '{name: gw, namespace: infra}'));
      const p = parentOf(g, 'HTTPRoute/blog/r');
      assert.equal(computed(p.computed, 'Accepted'), 'False NotAllowedByListeners');
      assert.equal(
        p.listeners[0].message,
        'listener http :80 - namespace blog is not allowed (allowedRoutes.namespaces.from: Same, gateway namespace infra)',
      );
    });
    it('a cross-namespace parentRef needs no ReferenceGrant: All admits it', () => {
      const g = graphOf(GW('  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}') + routeIn('blog', '{name: gw, namespace: infra}'));
      assert.equal(computed(parentOf(g, 'HTTPRoute/blog/r').computed, 'Accepted'), 'True Accepted');
    });
    const SELECTOR = (sel: string) => `  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes: {namespaces: {from: Selector, selector: ${sel}}}`;
    const NAMESPACES = `---
apiVersion: v1
kind: Namespace
metadata: {name: blog, labels: {env: prod, team: web}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {env: dev}}
`;
    const selectorCases: Array<[string, string, string]> = [
      ['{matchLabels: {env: prod}}', 'blog', 'True Accepted'],
      ['{matchLabels: {env: prod}}', 'shop', 'False NotAllowedByListeners'],
      ['{matchExpressions: [{key: env, operator: In, values: [prod, staging]}]}', 'blog', 'True Accepted'],
      ['{matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}', 'blog', 'False NotAllowedByListeners'],
      ['{matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}', 'shop', 'True Accepted'],
      ['{matchExpressions: [{key: team, operator: Exists}]}', 'blog', 'True Accepted'],
      ['{matchExpressions: [{key: team, operator: Exists}]}', 'shop', 'False NotAllowedByListeners'],
      ['{matchExpressions: [{key: team, operator: DoesNotExist}]}', 'shop', 'True Accepted'],
      ['{matchLabels: {kubernetes.io/metadata.name: shop}}', 'shop', 'True Accepted'],
      ['{matchLabels: {env: prod}, matchExpressions: [{key: team, operator: In, values: [ops]}]}', 'blog', 'False NotAllowedByListeners'],
    ];
    for (const [sel, ns, expected] of selectorCases) {
      it(`Selector ${sel} on namespace ${ns}: ${expected}`, () => {
        const g = graphOf(GW(SELECTOR(sel), NAMESPACES) + routeIn(ns, '{name: gw, namespace: infra}'));
        assert.equal(computed(parentOf(g, `HTTPRoute/${ns}/r`).computed, 'Accepted'), expected);
      });
    }
    it('without the Namespace object (namespaces forbidden) a selector on kubernetes.io/metadata.name alone is still decided', () => {
      const yaml = GW(SELECTOR('{matchLabels: {kubernetes.io/metadata.name: blog}}')) + routeIn('blog', '{name: gw, namespace: infra}');
      const g = graphOf(yaml, { coverage: { namespaces: { state: 'forbidden', message: 'namespaces is forbidden' } } });
      const acc = parentOf(g, 'HTTPRoute/blog/r').computed.find((c) => c.type === 'Accepted')!;
      assert.equal(acc.status, 'True');
      const other = graphOf(GW(SELECTOR('{matchLabels: {kubernetes.io/metadata.name: shop}}')) + routeIn('blog', '{name: gw, namespace: infra}'), {
        coverage: { namespaces: { state: 'forbidden', message: 'namespaces is forbidden' } },
      });
      assert.equal(parentOf(other, 'HTTPRoute/blog/r').computed.find((c) => c.type === 'Accepted')!.reason, 'NotAllowedByListeners');
    });
    it('without the Namespace object a selector on another label is Unknown, never NotAllowedByListeners', () => {
      const yaml = GW(SELECTOR('{matchLabels: {shared-gateway-access: "true"}}')) + routeIn('blog', '{name: gw, namespace: infra}');
      const g = graphOf(yaml, { coverage: { namespaces: { state: 'partial', namespaces: [], names: [], denied: { blog: 'forbidden: cannot get namespaces blog' } } } });
      const p = parentOf(g, 'HTTPRoute/blog/r');
      const acc = p.computed.find((c) => c.type === 'Accepted')!;
      assert.equal(`${acc.status} ${acc.reason}`, 'Unknown Unknown');
      assert.match(acc.message, /labels of Namespace blog are unknown \(forbidden: cannot get namespaces blog\)/);
      assert.equal(p.listeners[0].reason, 'Unknown');
    });
  });

  describe('allowedRoutes.kinds', () => {
    it('conformance disallowed-kind: an HTTPRoute on a TLSRoute-only listener is NotAllowedByListeners', () => {
      const yaml = GW(`  - {name: tls, port: 443, protocol: TLS, hostname: abc.example.com, tls: {mode: Passthrough}, allowedRoutes: {kinds: [{kind: TLSRoute}]}}`) +
        routeIn('infra', '{name: gw, sectionName: tls}');
      const p = parentOf(graphOf(yaml), 'HTTPRoute/infra/r');
      assert.equal(computed(p.computed, 'Accepted'), 'False NotAllowedByListeners');
      assert.equal(p.listeners[0].message, 'listener tls :443 abc.example.com - HTTPRoute is not an allowed kind (TLSRoute)');
    });
    it('a TLSRoute aimed at an HTTPS listener is NotAllowedByListeners, as the conformance suite expects; the message names the doc\'s UnsupportedValue', () => {
      const yaml = GW(HTTPS) + `---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: t, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: https}]
  hostnames: [a.example.com]
  rules: [{backendRefs: [{name: svc, port: 443}]}]
`;
      const accepted = parentOf(graphOf(yaml), 'TLSRoute/infra/t').computed.find((c) => c.type === 'Accepted')!;
      assert.equal(`${accepted.status} ${accepted.reason}`, 'False NotAllowedByListeners');
      assert.match(accepted.message, /only attach to listeners of protocol TLS.*conformance suite \(TLSRouteInvalidNoMatchingListener\).*doc names UnsupportedValue/);
    });
    it('a GRPCRoute attaches to an HTTP listener by default kinds', () => {
      const yaml = GW(HTTP) + `---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: infra}
spec: {parentRefs: [{name: gw}]}
`;
      assert.equal(computed(parentOf(graphOf(yaml), 'GRPCRoute/infra/g').computed, 'Accepted'), 'True Accepted');
    });
  });

  describe('sectionName and port', () => {
    const TWO = `${HTTP}\n  - {name: admin, port: 8080, protocol: HTTP}`;
    const cases: Array<[string, string, string[]]> = [
      ['{name: gw, sectionName: admin}', 'True Accepted', ['Gateway/infra/gw#admin']],
      ['{name: gw, port: 80}', 'True Accepted', ['Gateway/infra/gw#http']],
      ['{name: gw, sectionName: admin, port: 8080}', 'True Accepted', ['Gateway/infra/gw#admin']],
      ['{name: gw}', 'True Accepted', ['Gateway/infra/gw#http', 'Gateway/infra/gw#admin']],
      // conformance httproute-invalid-parentref-not-matching-section-name / -listener-port
      ['{name: gw, sectionName: http1, port: 80}', 'False NoMatchingParent', []],
      ['{name: gw, port: 81}', 'False NoMatchingParent', []],
      ['{name: gw, sectionName: httpz}', 'False NoMatchingParent', []],
      ['{name: gw, sectionName: admin, port: 80}', 'False NoMatchingParent', []],
    ];
    for (const [ref, expected, attached] of cases) {
      it(`parentRef ${ref}: ${expected}`, () => {
        const p = parentOf(graphOf(GW(TWO) + routeIn('infra', ref)), 'HTTPRoute/infra/r');
        assert.equal(computed(p.computed, 'Accepted'), expected);
        assert.deepEqual(p.attachedListeners, attached);
      });
    }
    it('names the listeners when a sectionName matches none', () => {
      const p = parentOf(graphOf(GW(TWO) + routeIn('infra', '{name: gw, sectionName: httpz}')), 'HTTPRoute/infra/r');
      assert.equal(p.computed[0].message, 'sectionName "httpz" names no listener (listeners: http, admin)');
      assert.equal(p.listeners[0].message, 'listener http :80 - not selected (parentRef sectionName "httpz")');
    });
  });

  describe('precedence of reasons when every listener rejects', () => {
    it('hostname failure on a listener that otherwise admits the route wins: NoMatchingListenerHostname', () => {
      const yaml = GW(`${HTTP}\n${HTTPS}`) + routeIn('blog', '{name: gw, namespace: infra}', '  hostnames: [shop.example.org]');
      const p = parentOf(graphOf(yaml), 'HTTPRoute/blog/r');
      assert.equal(computed(p.computed, 'Accepted'), 'False NoMatchingListenerHostname');
      assert.deepEqual(
        p.listeners.map((l) => l.message),
        [
          'listener http :80 - namespace blog is not allowed (allowedRoutes.namespaces.from: Same, gateway namespace infra)',
          'listener https :443 *.example.com - hostname shop.example.org does not intersect',
        ],
      );
    });
    it('namespace and kind failures only: NotAllowedByListeners', () => {
      const yaml = GW(`${HTTP}\n  - {name: tcp, port: 9000, protocol: TCP, allowedRoutes: {namespaces: {from: All}}}`) +
        routeIn('blog', '{name: gw, namespace: infra}');
      assert.equal(computed(parentOf(graphOf(yaml), 'HTTPRoute/blog/r').computed, 'Accepted'), 'False NotAllowedByListeners');
    });
    it('one accepting listener is enough ("If 1 of 2 Gateway listeners accept ...")', () => {
      const yaml = GW(`${HTTP}\n${HTTPS}`) + routeIn('infra', '{name: gw}', '  hostnames: [shop.example.com]');
      const p = parentOf(graphOf(yaml), 'HTTPRoute/infra/r');
      assert.equal(computed(p.computed, 'Accepted'), 'True Accepted');
      assert.deepEqual(p.effectiveHostnames, {
        'Gateway/infra/gw#http': ['shop.example.com'],
        'Gateway/infra/gw#https': ['shop.example.com'],
      });
    });
  });

  describe('parents that are not (existing) Gateways', () => {
    it('a Gateway that does not exist: NoMatchingParent, saying so', () => {
      const g = graphOf(CLASS + routeIn('infra', '{name: nope}'));
      const p = parentOf(g, 'HTTPRoute/infra/r');
      assert.equal(computed(p.computed, 'Accepted'), 'False NoMatchingParent');
      assert.equal(p.computed[0].message, 'Gateway infra/nope does not exist');
      assert.equal(p.gateway, null);
      assert.deepEqual(g.unattached, [
        { route: 'HTTPRoute/infra/r', reasons: ['parentRef 0 (Gateway infra/nope): NoMatchingParent - Gateway infra/nope does not exist'] },
      ]);
    });
    it('Gateways forbidden: Unknown, never "does not exist"', () => {
      const g = graphOf(CLASS + routeIn('infra', '{name: nope}'), { coverage: { gateways: { state: 'forbidden', message: 'cannot list gateways' } } });
      const acc = parentOf(g, 'HTTPRoute/infra/r').computed[0];
      assert.equal(`${acc.status} ${acc.reason}`, 'Unknown Unknown');
      assert.equal(acc.message, 'Gateway infra/nope: unknown (forbidden: cannot list gateways)');
    });
    it('Gateways read in parts: a Gateway in a namespace that was refused is unknown, one in a listed namespace is missing', () => {
      const partial = {
        state: 'partial' as const,
        namespaces: ['infra'],
        names: [],
        denied: { '*': 'forbidden: cannot list gateways cluster-wide', edge: 'forbidden: cannot get gateways in namespace edge' },
      };
      const g = graphOf(CLASS + routeIn('infra', '{name: nope}') + routeIn('apps', '{name: gw, namespace: edge}'), { coverage: { gateways: partial } });
      const missing = parentOf(g, 'HTTPRoute/infra/r').computed[0];
      assert.equal(`${missing.status} ${missing.reason}`, 'False NoMatchingParent');
      const refused = parentOf(g, 'HTTPRoute/apps/r').computed[0];
      assert.equal(`${refused.status} ${refused.reason}`, 'Unknown Unknown');
      assert.equal(refused.message, 'Gateway edge/gw: unknown (forbidden: cannot get gateways in namespace edge)');
    });
    it('a Service parent (GAMMA mesh) is computed by the mesh rules (spec/mesh.test.ts), not as a Gateway', () => {
      const g = graphOf(routeIn('apps', '{group: "", kind: Service, name: api}'));
      const p = parentOf(g, 'HTTPRoute/apps/r');
      assert.equal(p.target, 'Service');
      assert.equal(p.mesh?.service, 'apps/api');
      assert.deepEqual(p.listeners, []);
      assert.equal(p.agrees, true);
      assert.deepEqual(g.unattached, []);
      const { findings } = analyse(cluster(routeIn('apps', '{group: "", kind: Service, name: api}')));
      const { route } = findRoute(g, 'apps', 'r');
      assert.match(renderRouteExplanation(explainRoute(g, route, findings, [])), /GAMMA mesh/);
    });
    it('another kind of parent is left to its controller', () => {
      const g = graphOf(routeIn('apps', '{group: example.com, kind: Mesh, name: m}'));
      const p = parentOf(g, 'HTTPRoute/apps/r');
      assert.equal(p.target, 'Other');
      assert.equal(unattachedReason(p), 'parentRef 0 (example.com/Mesh apps/m) is an implementation-specific parent kind (not checked)');
    });
  });

  describe('ListenerSet parents', () => {
    const LS = (allowed: string) =>
      GW(HTTP, `  allowedListeners: {namespaces: {from: ${allowed}}}\n`) +
      `---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: extra, namespace: team}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - {name: web, port: 8443, protocol: HTTPS, hostname: team.example.com, tls: {certificateRefs: [{name: c}]}}
---
apiVersion: v1
kind: Secret
metadata: {name: c, namespace: team}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
`;
    it('a route attaches through the ListenerSet to its listener ("Same" is the ListenerSet namespace)', () => {
      const g = graphOf(LS('All') + routeIn('team', '{kind: ListenerSet, name: extra, sectionName: web}'));
      const p = parentOf(g, 'HTTPRoute/team/r');
      assert.equal(p.target, 'ListenerSet');
      assert.equal(p.gateway, 'infra/gw');
      assert.equal(computed(p.computed, 'Accepted'), 'True Accepted');
      assert.deepEqual(p.attachedListeners, ['ListenerSet/team/extra#web']);
      const l = listener(g, 'ListenerSet/team/extra#web');
      assert.equal(l.listenerSet, 'ListenerSet/team/extra');
      assert.equal(l.gateway, 'Gateway/infra/gw');
      assert.equal(l.attachedRoutes.computed, 1);
    });
    it('a route naming the Gateway does not attach to ListenerSet listeners', () => {
      const g = graphOf(LS('All') + routeIn('team', '{name: gw, namespace: infra, sectionName: web}'));
      assert.equal(computed(parentOf(g, 'HTTPRoute/team/r').computed, 'Accepted'), 'False NoMatchingParent');
    });
    it('a ListenerSet the Gateway does not allow (allowedListeners default None) attaches nothing', () => {
      const g = graphOf(LS('None') + routeIn('team', '{kind: ListenerSet, name: extra}'));
      const p = parentOf(g, 'HTTPRoute/team/r');
      assert.equal(computed(p.computed, 'Accepted'), 'False NoMatchingParent');
      assert.match(p.computed[0].message, /does not allow ListenerSets/);
      assert.equal(computed(listener(g, 'ListenerSet/team/extra#web').computed, 'Accepted'), 'False NotAllowed');
    });
  });

  it('TCPRoute and UDPRoute attach by port to TCP/UDP listeners', () => {
    const yaml = GW(`  - {name: tcp, port: 5432, protocol: TCP}\n  - {name: udp, port: 53, protocol: UDP}`) +
      `---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: infra}
spec: {parentRefs: [{name: gw, port: 5432}], rules: [{backendRefs: [{name: pg, port: 5432}]}]}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: dns, namespace: infra}
spec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: dns, port: 53}]}]}
`;
    const g = graphOf(yaml);
    assert.deepEqual(parentOf(g, 'TCPRoute/infra/db').attachedListeners, ['Gateway/infra/gw#tcp']);
    assert.deepEqual(parentOf(g, 'UDPRoute/infra/dns').attachedListeners, ['Gateway/infra/gw#udp']);
    assert.equal(route(g, 'UDPRoute/infra/dns').rules[0].summary, '*');
  });
});
