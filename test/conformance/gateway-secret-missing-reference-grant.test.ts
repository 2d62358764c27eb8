// Upstream: conformance/tests/gateway-secret-missing-reference-grant.go, GatewaySecretMissingReferenceGrant.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance GatewaySecretMissingReferenceGrant', () => {
  it('Gateway listener should have a false ResolvedRefs condition with reason RefNotPermitted', () => {
    const graph = conformanceGraph('gateway-secret-missing-reference-grant');
    const refNotPermitted = [{ type: 'ResolvedRefs', status: 'False' as const, reason: 'RefNotPermitted' }];
    // "... regardless of whether the Secret exists": the second listener names one that does not.
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-secret-missing-reference-grant' }, [
      { name: 'https', supportedKinds: [{ kind: 'HTTPRoute' }], conditions: refNotPermitted, attachedRoutes: 0 },
      { name: 'https-nonexistent-secret', supportedKinds: [{ kind: 'HTTPRoute' }], conditions: refNotPermitted, attachedRoutes: 0 },
    ]);
  });
});
