// Upstream: conformance/tests/gateway-secret-missing-referenced-secret.go, GatewaySecretMissingReferencedSecret.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance GatewaySecretMissingReferencedSecret', () => {
  it('Gateway listener should have a false ResolvedRefs condition with reason InvalidCertificateRef', () => {
    const graph = conformanceGraph('gateway-secret-missing-referenced-secret');
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-secret-missing-referenced-secret' }, [
      {
        name: 'https',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'InvalidCertificateRef' }],
        attachedRoutes: 0,
      },
    ]);
  });
});
