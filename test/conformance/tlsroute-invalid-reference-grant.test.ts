// Upstream: conformance/tests/tlsroute-invalid-reference-grant.go, TLSRouteInvalidReferenceGrant.
import { conformanceGraph, gatewayAndTLSRoutesMustBeAccepted, INFRA, routeMustHaveCondition } from './support.js';

describe('conformance TLSRouteInvalidReferenceGrant', () => {
  it('TLSRoute with BackendRef in another namespace and no ReferenceGrant covering the Service has a ResolvedRefs Condition with status False and Reason RefNotPermitted', () => {
    const graph = conformanceGraph('tlsroute-invalid-reference-grant');
    const gwNN = { namespace: INFRA, name: 'gateway-tlsroute-referencegrant' };
    const routeNN = { namespace: INFRA, name: 'gateway-conformance-infra-test' };
    gatewayAndTLSRoutesMustBeAccepted(graph, gwNN, routeNN);
    routeMustHaveCondition(graph, 'TLSRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' });
  });
});
