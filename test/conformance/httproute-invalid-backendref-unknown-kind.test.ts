// Upstream: conformance/tests/httproute-invalid-backendref-unknown-kind.go, HTTPRouteInvalidBackendRefUnknownKind.
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, routeMustHaveCondition } from './support.js';

describe('conformance HTTPRouteInvalidBackendRefUnknownKind', () => {
  it('HTTPRoute with Invalid Kind has a ResolvedRefs Condition with status False and Reason InvalidKind', () => {
    const graph = conformanceGraph('httproute-invalid-backendref-unknown-kind');
    const gwNN = { namespace: INFRA, name: 'same-namespace' };
    const routeNN = { namespace: INFRA, name: 'invalid-backend-ref-unknown-kind' };
    // Both the Gateway and the Route are Accepted.
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'InvalidKind' });
  });
});
