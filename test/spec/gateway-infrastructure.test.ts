// GatewayInfrastructure.ParametersRef: "If the referent cannot be found, refers to an unsupported
// kind, or when the data within that resource is malformed, the Gateway SHOULD be rejected with
// the "Accepted" status condition set to "False" and an "InvalidParameters" reason."
import assert from 'node:assert/strict';
import { buildGraph } from '../../src/graph/build.js';
import { CLASS, cluster, computed, NOW } from './cluster.js';

const gateway = (infrastructure: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gw-class
${infrastructure}
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;

describe('spec: Gateway infrastructure.parametersRef', () => {
  const cases: Array<[string, string, string[] | undefined, string, RegExp?]> = [
    ['no parametersRef', '', ['gateway.networking.k8s.io'], 'True Accepted'],
    [
      'a kind of an API group the cluster does not serve',
      '  infrastructure: {parametersRef: {group: params.example.com, kind: GatewayParameters, name: p}}',
      ['gateway.networking.k8s.io'],
      'False InvalidParameters',
      /GatewayParameters\.params\.example\.com infra\/p: the cluster serves no API group params\.example\.com/,
    ],
    ['a kind of a served group: the implementation decides', '  infrastructure: {parametersRef: {group: params.example.com, kind: GatewayParameters, name: p}}', ['params.example.com'], 'True Accepted'],
    ['served groups unknown (files): not judged', '  infrastructure: {parametersRef: {group: params.example.com, kind: GatewayParameters, name: p}}', undefined, 'True Accepted'],
  ];
  for (const [name, infrastructure, groups, want, message] of cases) {
    it(`${name}: Accepted ${want}`, () => {
      const snapshot = cluster(CLASS + gateway(infrastructure));
      if (groups) snapshot.apiGroups = groups;
      const g = buildGraph(snapshot, { now: NOW }).gateways[0];
      assert.equal(computed(g.computed, 'Accepted'), want);
      if (message) assert.match(g.computed[0].message, message);
    });
  }
});
