// Which ConfigMaps a cluster read fetches, by name: only those the Gateway API names.
import assert from 'node:assert/strict';
import { referencedConfigMaps } from '../../src/kube/configmaps.js';
import { cluster } from '../spec/cluster.js';

describe('kube: ConfigMaps read by name', () => {
  it('CA certificate refs (default, perPort, listener) and parametersRef; not a cross-namespace ref no ReferenceGrant allows', () => {
    const snapshot = cluster(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: c
  infrastructure: {parametersRef: {group: "", kind: ConfigMap, name: params}}
  tls:
    frontend:
      default: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}, {group: "", kind: ConfigMap, name: other, namespace: certs}]}}
      perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca-8443}]}}}]
  listeners:
  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}], frontendValidation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: own}, {group: "", kind: Secret, name: s}]}}}
`);
    assert.deepEqual(
      referencedConfigMaps(snapshot).map((r) => `${r.namespace}/${r.name}`).sort(),
      ['infra/ca', 'infra/ca-8443', 'infra/own', 'infra/params'],
    );
  });
});
