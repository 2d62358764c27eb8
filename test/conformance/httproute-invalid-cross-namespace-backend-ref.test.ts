// Upstream: conformance/tests/httproute-invalid-cross-namespace-backend-ref.go, HTTPRouteInvalidCrossNamespaceBackendRef.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveCondition } from './support.js';

describe('conformance HTTPRouteInvalidCrossNamespaceBackendRef', () => {
  it('HTTPRoute with a cross-namespace BackendRef and no ReferenceGrant has a ResolvedRefs Condition with status False and Reason RefNotPermitted', () => {
    const graph = conformanceGraph('httproute-invalid-cross-namespace-backend-ref');
    const gwNN = { namespace: INFRA, name: 'same-namespace' };
    const routeNN = { namespace: INFRA, name: 'invalid-cross-namespace-backend-ref' };
    // The Route must be Attached.
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' });
  });
});
