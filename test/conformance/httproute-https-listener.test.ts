// Upstream: conformance/tests/httproute-https-listener.go, HTTPRouteHTTPSListener.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveResolvedRefsTrue } from './support.js';

describe('conformance HTTPRouteHTTPSListener', () => {
  it('HTTPRoutes attach to the HTTPS listeners of same-namespace-with-https-listener', () => {
    const graph = conformanceGraph('httproute-https-listener');
    const gwNN = { namespace: INFRA, name: 'same-namespace-with-https-listener' };
    const routeNN = { namespace: INFRA, name: 'httproute-https-test' };
    const routeNoHostNN = { namespace: INFRA, name: 'httproute-https-test-no-hostname' };
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN, routeNoHostNN);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNoHostNN, gwNN);
  });
});
