// GEP-1426's API example, shared by the spec and prediction tests: the producer route foo-route in
// namespace store splits the traffic for Service store/foo 90/10 between foo and foo-v2.
export const SERVICES = `
apiVersion: v1
kind: Service
metadata: {name: foo, namespace: store}
spec: {clusterIP: 10.96.0.10, ports: [{name: http, port: 80}, {name: grpc, port: 9090}]}
---
apiVersion: v1
kind: Service
metadata: {name: foo-v2, namespace: store}
spec: {clusterIP: 10.96.0.11, ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: foo-1, namespace: store, labels: {kubernetes.io/service-name: foo}}
addressType: IPv4
ports: [{name: http, port: 8080}, {name: grpc, port: 9090}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: foo-v2-1, namespace: store, labels: {kubernetes.io/service-name: foo-v2}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.0.0.2], conditions: {ready: true}}]
---
apiVersion: v1
kind: Namespace
metadata: {name: store}
---
apiVersion: v1
kind: Namespace
metadata: {name: web}
`;

export const PRODUCER = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-route, namespace: store}
spec:
  parentRefs: [{group: "", kind: Service, name: foo}]
  rules:
  - backendRefs:
    - {name: foo, port: 80, weight: 90}
    - {name: foo-v2, port: 80, weight: 10}
`;
