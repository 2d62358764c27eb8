// Upstream: conformance/tests/grpcroute-listener-hostname-matching.go, GRPCRouteListenerHostnameMatching.
import { conformanceSnapshot, gatewayAndRoutesMustBeAccepted, graphOf, INFRA, namespacesMustBeReady } from './support.js';

describe('conformance GRPCRouteListenerHostnameMatching', () => {
  it('each GRPCRoute attaches to the listeners its sectionNames name', () => {
    const snapshot = conformanceSnapshot('grpcroute-listener-hostname-matching');
    const graph = graphOf(snapshot);
    // This test creates an additional Gateway in the gateway-conformance-infra namespace.
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const gwNN = { namespace: INFRA, name: 'grpcroute-listener-hostname-matching' };
    gatewayAndRoutesMustBeAccepted(graph, 'GRPCRoute', gwNN, ['listener-1'], { namespace: INFRA, name: 'backend-v1' });
    gatewayAndRoutesMustBeAccepted(graph, 'GRPCRoute', gwNN, ['listener-2'], { namespace: INFRA, name: 'backend-v2' });
    gatewayAndRoutesMustBeAccepted(graph, 'GRPCRoute', gwNN, ['listener-3', 'listener-4'], { namespace: INFRA, name: 'backend-v3' });
  });
});
