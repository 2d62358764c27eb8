// Upstream: conformance/tests/httproute-invalid-parentref-section-name-not-matching-port.go, HTTPRouteInvalidParentRefSectionNameNotMatchingPort.
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayMustHaveZeroRoutes, INFRA, routeMustHaveCondition, routeMustHaveNoAcceptedParents } from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-with-one-not-matching-port-and-section-name-route' };
const routeNN = { namespace: INFRA, name: 'httproute-listener-section-name-not-matching-port' };

describe('conformance HTTPRouteInvalidParentRefSectionNameNotMatchingPort', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('httproute-invalid-parentref-section-name-not-matching-port');
  });

  it('HTTPRoute with sectionName does not match Port in ParentRef has an Accepted Condition with status False and Reason NoMatchingParent', () => {
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'Accepted', status: 'False', reason: 'NoMatchingParent' });
  });
  it('Route should not have Parents accepted in status', () => {
    routeMustHaveNoAcceptedParents(graph, 'HTTPRoute', routeNN);
  });
  it('Gateway should have 0 Routes attached', () => {
    gatewayMustHaveZeroRoutes(graph, gwNN);
  });
});
