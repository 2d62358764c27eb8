// Upstream: conformance/tests/httproute-listener-hostname-matching.go, HTTPRouteListenerHostnameMatching.
import { conformanceSnapshot, gatewayAndRoutesMustBeAccepted, graphOf, INFRA, namespacesMustBeReady, routeMustHaveResolvedRefsTrue } from './support.js';

describe('conformance HTTPRouteListenerHostnameMatching', () => {
  it('each route attaches to the listeners its sectionNames name', () => {
    const snapshot = conformanceSnapshot('httproute-listener-hostname-matching');
    const graph = graphOf(snapshot);
    // This test creates an additional Gateway in the gateway-conformance-infra namespace.
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const gwNN = { namespace: INFRA, name: 'httproute-listener-hostname-matching' };
    const cases: Array<[string, string[]]> = [
      ['backend-v1', ['listener-1']],
      ['backend-v2', ['listener-2']],
      ['backend-v3', ['listener-3', 'listener-4']],
    ];
    for (const [name, listeners] of cases) {
      const routeNN = { namespace: INFRA, name };
      gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, listeners, routeNN);
      routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
    }
  });
});
