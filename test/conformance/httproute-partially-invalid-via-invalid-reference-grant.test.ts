// Upstream: conformance/tests/httproute-partially-invalid-via-invalid-reference-grant.go,
// HTTPRoutePartiallyInvalidViaInvalidReferenceGrant (its manifest is the one of
// httproute-invalid-reference-grant, renamed).
import { conformanceGraph, gatewayAndRoutesMustBeAccepted, INFRA, route, routeMustHaveCondition } from './support.js';
import assert from 'node:assert/strict';

describe('conformance HTTPRoutePartiallyInvalidViaInvalidReferenceGrant', () => {
  it('HTTPRoute with BackendRef in another namespace and no ReferenceGrant covering the Service has a ResolvedRefs Condition with status False and Reason RefNotPermitted', () => {
    const graph = conformanceGraph('httproute-invalid-reference-grant');
    const gwNN = { namespace: INFRA, name: 'same-namespace' };
    const routeNN = { namespace: INFRA, name: 'invalid-reference-grant' };
    // Route and Gateway must be Attached.
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], routeNN);
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' });
  });

  it('the sibling backend (the one the grant covers) resolves: requests to / reach app-backend-v1', () => {
    const r = route(conformanceGraph('httproute-invalid-reference-grant'), 'HTTPRoute', { namespace: INFRA, name: 'invalid-reference-grant' });
    assert.deepEqual(
      r.rules.map((rule) => rule.backends.map((b) => `${b.ref.name}: ${b.reason}`)),
      [['app-backend-v2: RefNotPermitted'], ['app-backend-v1: ResolvedRefs']],
    );
  });
});
