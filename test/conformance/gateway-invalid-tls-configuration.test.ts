// Upstream: conformance/tests/gateway-invalid-tls-configuration.go, GatewayInvalidTLSConfiguration
// (the version with a control route per Gateway).
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayListenerMustHaveConditions, INFRA, routeMustHaveAcceptedTrue } from './support.js';

const CASES: Array<[string, string, string]> = [
  ['Nonexistent secret referenced as CertificateRef in a Gateway listener', 'gateway-certificate-nonexistent-secret', 'gateway-certificate-nonexistent-secret-control'],
  ['Unsupported group resource referenced as CertificateRef in a Gateway listener', 'gateway-certificate-unsupported-group', 'gateway-certificate-unsupported-group-control'],
  ['Unsupported kind resource referenced as CertificateRef in a Gateway listener', 'gateway-certificate-unsupported-kind', 'gateway-certificate-unsupported-kind-control'],
  ['Malformed secret referenced as CertificateRef in a Gateway listener', 'gateway-certificate-malformed-secret', 'gateway-certificate-malformed-secret-control'],
];

describe('conformance GatewayInvalidTLSConfiguration', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('gateway-invalid-tls-configuration');
  });

  for (const [name, gatewayName, controlRoute] of CASES) {
    describe(name, () => {
      const gwNN = { namespace: INFRA, name: gatewayName };
      it('Certificate is recognized as invalid', () => {
        gatewayListenerMustHaveConditions(graph, gwNN, 'https', [{ type: 'ResolvedRefs', status: 'False', reason: 'InvalidCertificateRef' }]);
      });
      it('Control route is recognized as accepted', () => {
        routeMustHaveAcceptedTrue(graph, 'HTTPRoute', { namespace: INFRA, name: controlRoute }, gwNN);
      });
    });
  }
});
