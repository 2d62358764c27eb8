// Upstream: conformance/tests/httproute-cross-namespace.go, HTTPRouteCrossNamespace.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveResolvedRefsTrue, WEB_BACKEND } from './support.js';

describe('conformance HTTPRouteCrossNamespace', () => {
  it('a route in gateway-conformance-web-backend attaches to backend-namespaces (Selector) in gateway-conformance-infra', () => {
    const graph = conformanceGraph('httproute-cross-namespace');
    const gwNN = { namespace: INFRA, name: 'backend-namespaces' };
    const routeNN = { namespace: WEB_BACKEND, name: 'cross-namespace' };
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
  });
});
