// Upstream: conformance/tests/httproute-invalid-parentref-not-matching-listener-port.go, HTTPRouteInvalidParentRefNotMatchingListenerPort.
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayMustHaveZeroRoutes, INFRA, routeMustHaveCondition, routeMustHaveNoAcceptedParents, routeMustHaveResolvedRefsTrue } from './support.js';

const gwNN = { namespace: INFRA, name: 'same-namespace' };
const routeNN = { namespace: INFRA, name: 'httproute-listener-not-matching-route-port' };

describe('conformance HTTPRouteInvalidParentRefNotMatchingListenerPort', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('httproute-invalid-parentref-not-matching-listener-port');
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
  });

  it('HTTPRoute with no matching port in ParentRef has an Accepted Condition with status False and Reason NoMatchingParent', () => {
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'Accepted', status: 'False', reason: 'NoMatchingParent' });
  });
  it('Route should not have Parents accepted in status', () => {
    routeMustHaveNoAcceptedParents(graph, 'HTTPRoute', routeNN);
  });
  it('Gateway should have 0 Routes attached', () => {
    gatewayMustHaveZeroRoutes(graph, gwNN);
  });
});
