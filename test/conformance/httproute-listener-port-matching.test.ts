// Upstream: conformance/tests/httproute-listener-port-matching.go, HTTPRouteListenerPortMatching
// (feature HTTPRouteParentRefPort: parentRefs that select listeners by port).
import { conformanceSnapshot, gatewayAndRoutesMustBeAccepted, graphOf, INFRA, namespacesMustBeReady, routeMustHaveResolvedRefsTrue } from './support.js';

describe('conformance HTTPRouteListenerPortMatching', () => {
  it('each route attaches through the listeners its parentRef port selects', () => {
    const snapshot = conformanceSnapshot('httproute-listener-port-matching');
    const graph = graphOf(snapshot);
    // This test creates an additional Gateway in the gateway-conformance-infra namespace.
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const gwNN = { namespace: INFRA, name: 'httproute-listener-port-matching' };
    const cases: Array<[string, string]> = [
      ['backend-v1', 'listener-1'],
      ['backend-v2', 'listener-2'],
      ['backend-v3', 'listener-4'],
    ];
    for (const [name, listener] of cases) {
      const routeNN = { namespace: INFRA, name };
      gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [listener], routeNN);
      routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
    }
  });
});
