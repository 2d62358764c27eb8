// Upstream: conformance/tests/gateway-secret-invalid-reference-grant.go, GatewaySecretInvalidReferenceGrant.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance GatewaySecretInvalidReferenceGrant', () => {
  it('Gateway listener should have a false ResolvedRefs condition with reason RefNotPermitted', () => {
    const graph = conformanceGraph('gateway-secret-invalid-reference-grant');
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-secret-invalid-reference-grant' }, [
      {
        name: 'https',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' }],
        attachedRoutes: 0,
      },
    ]);
  });
});
