import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import { collectFindings } from '../../src/findings/checks.js';
import { explainRoute } from '../../src/explain/route.js';
import { policiesOnRoute, type RoutePolicy } from '../../src/policies/attachments.js';
import { renderRouteExplanation } from '../../src/render/explain.js';
import { renderTree } from '../../src/render/tree.js';
import { useColor, colorEnabled } from '../../src/render/style.js';
import { policyPrecedence } from '../../src/spec/policies.js';
import { CLASS, NOW, cluster, route } from '../spec/cluster.js';

// One Gateway (infra/eg: listeners http and https), one HTTPRoute (apps/store, rule "checkout",
// backend Service apps/store port 8080 named http) attached to both listeners. Each case adds the
// policies of one implementation, in the shapes their docs and CRDs use.
const BASE = `${CLASS}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: infra}
spec:
  gatewayClassName: gw-class
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: https, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: All}}, tls: {options: {example.com/cert: managed}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: store, namespace: apps}
spec:
  parentRefs: [{name: eg, namespace: infra}]
  rules:
  - name: checkout
    matches: [{path: {type: PathPrefix, value: /checkout}}]
    backendRefs: [{name: store, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: store, namespace: apps}
spec: {ports: [{name: http, port: 8080}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: apps}
---
apiVersion: v1
kind: Namespace
metadata: {name: infra}
`;

const ACCEPTED_BY_EG = `
status:
  ancestors:
  - ancestorRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg, namespace: infra}
    controllerName: gateway.envoyproxy.io/gatewayclass-controller
    conditions: [{type: Accepted, status: "True", reason: Accepted}]`;

type Brief = Pick<RoutePolicy, 'kind' | 'via' | 'accepted'> & { name: string; section?: string; reason?: string };

interface Case {
  name: string;
  policies: string;
  /** What explain route lists for apps/store. */
  onRoute: Brief[];
  /** PL6xx codes found, with the policy they name. */
  findings: string[];
}

const CASES: Case[] = [
  {
    name: 'Envoy Gateway SecurityPolicy on the route (direct), accepted for the parent Gateway',
    policies: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: jwt, namespace: apps}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}]
  jwt: {providers: [{name: example, remoteJWKS: {uri: "https://example.com/jwks.json"}}]}
${ACCEPTED_BY_EG}`,
    onRoute: [{ kind: 'SecurityPolicy', name: 'apps/jwt', via: 'route', accepted: true }],
    findings: [],
  },
  {
    name: 'Envoy Gateway ClientTrafficPolicy on one listener (sectionName), single targetRef form',
    policies: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: client-timeouts, namespace: infra}
spec:
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: https}
  timeout: {http: {requestReceivedTimeout: 10s}}`,
    onRoute: [{ kind: 'ClientTrafficPolicy', name: 'infra/client-timeouts', via: 'listener', section: 'https', accepted: null }],
    findings: [],
  },
  {
    name: 'kgateway TrafficPolicy on a named rule and HTTPListenerPolicy on the Gateway',
    policies: `
apiVersion: gateway.kgateway.dev/v1alpha1
kind: TrafficPolicy
metadata: {name: checkout-limits, namespace: apps}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store, sectionName: checkout}]
  rateLimit: {local: {tokenBucket: {maxTokens: 10, tokensPerFill: 1, fillInterval: 1s}}}
---
apiVersion: gateway.kgateway.dev/v1alpha1
kind: HTTPListenerPolicy
metadata: {name: healthcheck, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]
  healthCheck: {path: /healthz}`,
    onRoute: [
      { kind: 'TrafficPolicy', name: 'apps/checkout-limits', via: 'rule', section: 'checkout', accepted: null },
      { kind: 'HTTPListenerPolicy', name: 'infra/healthcheck', via: 'gateway', accepted: null },
    ],
    findings: [],
  },
  {
    name: 'kgateway BackendConfigPolicy and a BackendTLSPolicy the controller rejected, on the backend Service',
    policies: `
apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: {name: outliers, namespace: apps}
spec:
  targetRefs: [{name: store, group: "", kind: Service}]
  outlierDetection: {interval: 2s, consecutive5xx: 1}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: store-tls, namespace: apps}
spec:
  targetRefs: [{group: "", kind: Service, name: store, sectionName: http}]
  validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: store.apps.svc}
status:
  ancestors:
  - ancestorRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg, namespace: infra}
    controllerName: example.com/gateway-controller
    conditions:
    - {type: Accepted, status: "False", reason: NoValidCACertificate, message: "ConfigMap apps/ca not found"}`,
    onRoute: [
      { kind: 'BackendConfigPolicy', name: 'apps/outliers', via: 'backend', accepted: null },
      { kind: 'BackendTLSPolicy', name: 'apps/store-tls', via: 'backend', section: 'http', accepted: false, reason: 'NoValidCACertificate' },
    ],
    findings: ['PL603 BackendTLSPolicy/apps/store-tls'],
  },
  {
    name: 'NGINX Gateway Fabric ClientSettingsPolicy in the wrong namespace reaches nothing',
    policies: `
apiVersion: gateway.nginx.org/v1alpha1
kind: ClientSettingsPolicy
metadata: {name: body-size, namespace: infra}
spec:
  targetRef: {group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}
  body: {maxSize: 10m}`,
    onRoute: [],
    findings: ['PL601 ClientSettingsPolicy/infra/body-size'],
  },
  {
    name: 'a targetRef naming another namespace is not followed',
    policies: `
apiVersion: gateway.nginx.org/v1alpha2
kind: ObservabilityPolicy
metadata: {name: tracing, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store, namespace: apps}]
  tracing: {strategy: ratio}`,
    onRoute: [],
    findings: ['PL601 ObservabilityPolicy/infra/tracing'],
  },
  {
    name: 'Istio AuthorizationPolicy with targetRefs on the Gateway; two of them are merged, not a conflict',
    policies: `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-internal, namespace: infra}
spec:
  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: eg}]
  action: ALLOW
  rules: [{from: [{source: {ipBlocks: [10.0.0.0/8]}}]}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-admin, namespace: infra}
spec:
  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: eg}]
  action: DENY
  rules: [{to: [{operation: {paths: [/admin]}}]}]`,
    onRoute: [
      { kind: 'AuthorizationPolicy', name: 'infra/allow-internal', via: 'gateway', accepted: null },
      { kind: 'AuthorizationPolicy', name: 'infra/deny-admin', via: 'gateway', accepted: null },
    ],
    findings: [],
  },
  {
    name: 'a missing target and a sectionName naming no listener',
    policies: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: retries, namespace: apps}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: stor}]
  retry: {numRetries: 3}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: grpc-keepalive, namespace: infra}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: grpc}]`,
    onRoute: [],
    findings: ['PL601 BackendTrafficPolicy/apps/retries', 'PL602 ClientTrafficPolicy/infra/grpc-keepalive'],
  },
  {
    name: 'status for another Gateway only: acceptance unknown for this route',
    policies: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: cors, namespace: apps}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}]
status:
  ancestors:
  - ancestorRef: {group: gateway.networking.k8s.io, kind: Gateway, name: other, namespace: infra}
    controllerName: gateway.envoyproxy.io/gatewayclass-controller
    conditions: [{type: Accepted, status: "False", reason: Invalid, message: "bad CORS origin"}]`,
    onRoute: [{ kind: 'SecurityPolicy', name: 'apps/cors', via: 'route', accepted: null }],
    findings: ['PL603 SecurityPolicy/apps/cors'],
  },
  {
    name: 'two BackendTrafficPolicies on one route: the older wins (computed)',
    policies: `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: z-old, namespace: apps, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: a-new, namespace: apps, creationTimestamp: "2025-06-01T00:00:00Z"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}]`,
    onRoute: [
      { kind: 'BackendTrafficPolicy', name: 'apps/z-old', via: 'route', accepted: null },
      { kind: 'BackendTrafficPolicy', name: 'apps/a-new', via: 'route', accepted: null },
    ],
    findings: ['PL605 BackendTrafficPolicy/apps/a-new'],
  },
  {
    name: 'a conflict the controller reported (Conflicted) is said once',
    policies: `
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: {name: first, namespace: apps, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  targetRefs: [{group: "", kind: Service, name: store}]
  retryConstraint: {budget: {percent: 20}}
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: {name: second, namespace: apps, creationTimestamp: "2025-01-01T00:00:00Z"}
spec:
  targetRefs: [{group: "", kind: Service, name: store}]
status:
  ancestors:
  - ancestorRef: {kind: Service, group: "", name: store, namespace: apps}
    controllerName: example.com/mesh
    conditions: [{type: Accepted, status: "False", reason: Conflicted, message: "apps/first takes precedence"}]`,
    onRoute: [
      { kind: 'XBackendTrafficPolicy', name: 'apps/first', via: 'backend', accepted: null },
      { kind: 'XBackendTrafficPolicy', name: 'apps/second', via: 'backend', accepted: false, reason: 'Conflicted' },
    ],
    findings: ['PL604 XBackendTrafficPolicy/apps/second'],
  },
  {
    name: 'a labelled policy kind on the GatewayClass and on the route Namespace',
    policies: `
apiVersion: policy.example.com/v1alpha1
kind: RetryPolicy
metadata: {name: class-default, namespace: infra, labels: {gateway.networking.k8s.io/policy: inherited}}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: GatewayClass, name: gw-class}]
---
apiVersion: policy.example.com/v1alpha1
kind: RetryPolicy
metadata: {name: ns-default, namespace: apps, labels: {gateway.networking.k8s.io/policy: inherited}}
spec:
  targetRef: {group: "", kind: Namespace, name: apps}`,
    onRoute: [
      { kind: 'RetryPolicy', name: 'infra/class-default', via: 'gatewayclass', accepted: null },
      { kind: 'RetryPolicy', name: 'apps/ns-default', via: 'namespace', accepted: null },
    ],
    findings: [],
  },
];

function brief(p: RoutePolicy): Brief {
  return {
    kind: p.kind,
    name: `${p.namespace}/${p.name}`,
    via: p.via,
    ...(p.target.sectionName ? { section: p.target.sectionName } : {}),
    accepted: p.accepted,
    ...(p.reason ? { reason: p.reason } : {}),
  };
}

describe('policies (GEP-713)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const snapshot = cluster(`${BASE}\n---\n${c.policies}`);
      const graph = buildGraph(snapshot, { now: NOW });
      const store = route(graph, 'HTTPRoute/apps/store');
      assert.ok(store.attached, 'the route attaches');
      assert.deepEqual(policiesOnRoute(store, graph, snapshot).map(brief), c.onRoute);
      const found = collectFindings(graph, snapshot, { now: NOW })
        .filter((f) => f.code.startsWith('PL'))
        .map((f) => `${f.code} ${f.subject.kind}/${f.subject.namespace}/${f.subject.name}`);
      assert.deepEqual(found, c.findings);
    });
  }

  it('names the winner of a conflict and why', () => {
    const snapshot = cluster(`${BASE}\n---\n${CASES.find((c) => c.name.startsWith('two BackendTrafficPolicies'))!.policies}`);
    const f = collectFindings(buildGraph(snapshot, { now: NOW }), snapshot, { now: NOW }).find((x) => x.code === 'PL605')!;
    assert.match(f.message, /apps\/z-old takes precedence: it is older \(created 2025-01-01T00:00:00Z\)/);
  });

  it('breaks a creation-time tie by namespace/name', () => {
    const at = '2025-01-01T00:00:00Z';
    const p = (ns: string, name: string) => ({ apiVersion: 'x/v1', kind: 'P', metadata: { namespace: ns, name, creationTimestamp: at } });
    assert.ok(policyPrecedence(p('a', 'z'), p('b', 'a')) < 0);
    assert.ok(policyPrecedence(p('b', 'a'), p('a', 'z')) > 0);
  });

  it('does not call a target missing when its kind could not be read', () => {
    const snapshot = cluster(`${BASE}\n---\n${CASES.find((c) => c.name.startsWith('a missing target'))!.policies}`, {
      coverage: { httproutes: { state: 'forbidden', message: 'cannot list httproutes (forbidden)' } },
    });
    const codes = collectFindings(buildGraph(snapshot, { now: NOW }), snapshot, { now: NOW }).map((f) => f.code);
    assert.ok(!codes.includes('PL601'));
    assert.ok(codes.includes('PL602'));
  });

  describe('rendered', () => {
    let saved: boolean;
    before(() => {
      saved = colorEnabled();
      useColor(false);
    });
    after(() => useColor(saved));

    const policies = CASES.filter((c) => /kgateway|ClientTrafficPolicy on one listener/.test(c.name)).map((c) => c.policies).join('\n---\n');

    it('explain route lists each policy with where it attached and why it was not accepted', () => {
      const snapshot = cluster(`${BASE}\n---\n${policies}`);
      const graph = buildGraph(snapshot, { now: NOW });
      const store = route(graph, 'HTTPRoute/apps/store');
      const x = explainRoute(graph, store, [], [], undefined, policiesOnRoute(store, graph, snapshot));
      const prose = renderRouteExplanation(x);
      assert.match(prose, /TrafficPolicy apps\/checkout-limits on rule checkout: no status from a controller/);
      assert.match(prose, /ClientTrafficPolicy infra\/client-timeouts on listener infra\/eg#https/);
      assert.match(prose, /BackendTLSPolicy apps\/store-tls on backend Service apps\/store \(port http\): NOT accepted for Gateway infra\/eg: NoValidCACertificate - ConfigMap apps\/ca not found/);
      assert.deepEqual(x.policies.find((p) => p.name === 'store-tls')?.target, { group: '', kind: 'Service', namespace: 'apps', name: 'store', sectionName: 'http' });
    });

    it('tree shows counts and kinds on each object, names with -o wide', () => {
      const snapshot = cluster(`${BASE}\n---\n${policies}`);
      const graph = buildGraph(snapshot, { now: NOW });
      const out = renderTree(graph);
      const line = (needle: string) => out.split('\n').find((l) => l.includes(needle)) ?? '';
      assert.match(line('Gateway/infra/eg'), /1 policy \(HTTPListenerPolicy\)/);
      assert.match(line('Listener/https'), /1 policy \(ClientTrafficPolicy\)/);
      assert.doesNotMatch(line('Listener/http '), /polic/);
      assert.match(line('rule #0'), /1 policy \(TrafficPolicy\)/);
      assert.match(line('Service apps/store:8080'), /2 policies \(BackendConfigPolicy, BackendTLSPolicy\)/);
      const wide = renderTree(graph, { wide: true });
      assert.match(wide, /policies BackendConfigPolicy\/apps\/outliers, BackendTLSPolicy\/apps\/store-tls#http \(not accepted for Gateway eg: NoValidCACertificate/);
    });
  });
});
