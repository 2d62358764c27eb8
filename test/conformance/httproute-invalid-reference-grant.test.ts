// Upstream: conformance/tests/httproute-invalid-reference-grant.go, HTTPRouteInvalidReferenceGrant.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveCondition } from './support.js';

describe('conformance HTTPRouteInvalidReferenceGrant', () => {
  it('HTTPRoute with BackendRef in another namespace and no ReferenceGrant covering the Service has a ResolvedRefs Condition with status False and Reason RefNotPermitted', () => {
    const graph = conformanceGraph('httproute-invalid-reference-grant');
    const gwNN = { namespace: INFRA, name: 'same-namespace' };
    const routeNN = { namespace: INFRA, name: 'invalid-reference-grant' };
    // Route and Gateway must be Attached (GatewayAndHTTPRoutesMustBeReady in this version).
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' });
  });
});
