// Upstream: conformance/tests/gateway-secret-reference-grant-all-in-namespace.go, GatewaySecretReferenceGrantAllInNamespace.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance GatewaySecretReferenceGrantAllInNamespace', () => {
  it('Gateway listener should have a true ResolvedRefs condition and a true Programmed condition', () => {
    const graph = conformanceGraph('gateway-secret-reference-grant-all-in-namespace');
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-secret-reference-grant-all-in-namespace' }, [
      {
        name: 'https',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        conditions: [
          { type: 'Programmed', status: 'True', reason: 'Programmed' },
          { type: 'ResolvedRefs', status: 'True' },
        ],
        attachedRoutes: 0,
      },
    ]);
  });
});
