// Upstream: conformance/tests/tlsroute-listener-passthrough-supported-kinds.go,
// TLSRouteListenerPassthroughSupportedKinds: a Passthrough listener carries TLSRoute only.
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance TLSRouteListenerPassthroughSupportedKinds', () => {
  it('TLS listener should have a false ResolvedRefs condition with reason InvalidRouteKinds for TCPRoute, and TLSRoute must be put in the supportedKinds', () => {
    const graph = conformanceGraph('tlsroute-listener-passthrough-supported-kinds');
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-tlsroute-passthrough-supported-kind' }, [
      {
        name: 'tls-passthrough',
        supportedKinds: [{ kind: 'TLSRoute' }],
        conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'InvalidRouteKinds' }],
        attachedRoutes: 0,
      },
    ]);
  });
});
