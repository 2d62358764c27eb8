// Upstream: conformance/tests/httproute-reference-grant.go, HTTPRouteReferenceGrant.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA } from './support.js';

describe('conformance HTTPRouteReferenceGrant', () => {
  it('a route with a granted cross-namespace backendRef attaches (GatewayAndHTTPRoutesMustBeReady)', () => {
    const graph = conformanceGraph('httproute-reference-grant');
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', { namespace: INFRA, name: 'same-namespace' }, [], { namespace: INFRA, name: 'reference-grant' });
  });
});
