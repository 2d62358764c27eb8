// Upstream: conformance/tests/httproute-invalid-backendref-nonexistent.go, HTTPRouteInvalidNonExistentBackendRef.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveCondition } from './support.js';

describe('conformance HTTPRouteInvalidNonExistentBackendRef', () => {
  it('HTTPRoute with only a nonexistent BackendRef has a ResolvedRefs Condition with status False and Reason BackendNotFound', () => {
    const graph = conformanceGraph('httproute-invalid-backendref-nonexistent');
    const gwNN = { namespace: INFRA, name: 'same-namespace' };
    const routeNN = { namespace: INFRA, name: 'invalid-nonexistent-backend-ref' };
    // Gateway and Route must be Accepted.
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound' });
  });
});
