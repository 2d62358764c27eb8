// A small cluster for the end-to-end probe tests: Envoy Gateway's shared-gw in `infra` (HTTP :80
// and HTTPS :443 for *.example.com, container ports shifted to 10080/10443), and the shop team's
// routes. The data plane stand-in's routing table is written separately by each test: it is the
// "truth" the prediction is held against, so a test can make them disagree on purpose.
import { parseAllDocuments } from 'yaml';
import { buildGraph } from '../../src/graph/build.js';
import type { Graph } from '../../src/model/graph.js';
import type { KubeObject } from '../../src/model/objects.js';
import { emptySnapshot, type Snapshot } from '../../src/model/snapshot.js';
import { addObject } from '../../src/snapshot/collect.js';
import type { KeyPair } from '../support/certs.js';
import type { DataPlaneRoute } from '../support/dataplane.js';
import { dataPlaneObjects } from './harness.js';

const CLUSTER_YAML = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
status:
  conditions:
  - {type: Accepted, status: "True", reason: Accepted, observedGeneration: 1}
---
apiVersion: v1
kind: Namespace
metadata: {name: infra}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shared-gw, namespace: infra, generation: 1}
spec:
  gatewayClassName: eg
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    allowedRoutes: {namespaces: {from: All}}
  - name: https
    protocol: HTTPS
    port: 443
    hostname: "*.example.com"
    tls:
      mode: Terminate
      certificateRefs: [{kind: Secret, name: wildcard-example-com}]
    allowedRoutes: {namespaces: {from: All}}
status:
  addresses: [{type: IPAddress, value: 172.18.255.200}]
  conditions:
  - {type: Accepted, status: "True", reason: Accepted, observedGeneration: 1}
  - {type: Programmed, status: "True", reason: Programmed, observedGeneration: 1}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop, generation: 1, creationTimestamp: "2025-01-10T10:00:00Z"}
spec:
  parentRefs: [{name: shared-gw, namespace: infra}]
  hostnames: [shop.example.com, blog.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /cart}}]
    backendRefs: [{name: cart, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {hostname: new.example.com, statusCode: 301}
  - matches: [{path: {type: PathPrefix, value: /down}}]
    backendRefs: [{name: down, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: web, port: 8080}]
`;

function backendService(name: string, ready: boolean): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }], selector: { app: name } },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-x1`, namespace: 'shop', labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready }, targetRef: { kind: 'Pod', name: `${name}-0`, namespace: 'shop' } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ];
}

/** The cluster's objects: Gateway API, backends, the wildcard TLS Secret and the data plane. */
export function scenarioObjects(wildcard: KeyPair): KubeObject[] {
  const objects = parseAllDocuments(CLUSTER_YAML).map((d) => d.toJSON() as KubeObject);
  return [
    ...objects,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'wildcard-example-com', namespace: 'infra' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(wildcard.certPem).toString('base64'), 'tls.key': Buffer.from(wildcard.keyPem).toString('base64') },
    },
    ...backendService('cart', true),
    ...backendService('web', true),
    ...backendService('down', false),
    ...dataPlaneObjects({
      namespace: 'infra',
      service: 'envoy-shared-gw',
      labels: { 'gateway.networking.k8s.io/gateway-name': 'shared-gw' },
      ports: [
        { name: 'http-80', port: 80, targetPort: 'http' },
        { name: 'https-443', port: 443, targetPort: 'https' },
      ],
      pods: [
        { name: 'envoy-shared-gw-0', ready: false },
        {
          name: 'envoy-shared-gw-1',
          containerPorts: [
            { name: 'http', containerPort: 10080 },
            { name: 'https', containerPort: 10443 },
          ],
        },
      ],
    }),
  ];
}

export function snapshotOf(objects: KubeObject[]): { snapshot: Snapshot; graph: Graph } {
  const snapshot = emptySnapshot({ state: 'complete' });
  for (const obj of structuredClone(objects)) addObject(snapshot, obj);
  return { snapshot, graph: buildGraph(snapshot) };
}

/** The routing the controller is expected to have programmed for the routes above. */
export function programmedRoutes(): DataPlaneRoute[] {
  const hostnames = ['shop.example.com', 'blog.example.com'];
  return [
    { hostnames, path: { type: 'PathPrefix', value: '/cart' }, backend: 'shop/cart:8080' },
    { hostnames, path: { type: 'PathPrefix', value: '/old' }, backend: 'shop/web:8080', redirect: { hostname: 'new.example.com', statusCode: 301 } },
    { hostnames, path: { type: 'PathPrefix', value: '/down' }, backend: 'shop/down:8080' },
    { hostnames, path: { type: 'PathPrefix', value: '/' }, backend: 'shop/web:8080' },
  ];
}
