// Upstream: conformance/tests/httproute-invalid-cross-namespace-parent-ref.go, HTTPRouteInvalidCrossNamespaceParentRef.
import type { Graph } from '../../src/model/graph.js';
import {
  conformanceGraph,
  gatewayMustHaveZeroRoutes,
  INFRA,
  routeMustHaveCondition,
  routeMustHaveNoAcceptedParents,
  routeMustHaveResolvedRefsTrue,
  WEB_BACKEND,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'same-namespace' };
const routeNN = { namespace: WEB_BACKEND, name: 'invalid-cross-namespace-parent-ref' };

describe('conformance HTTPRouteInvalidCrossNamespaceParentRef', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('httproute-invalid-cross-namespace-parent-ref');
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
  });

  it('HTTPRoute should have an Accepted: false condition with reason NotAllowedByListeners', () => {
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' });
  });
  it('Route should not have Parents set in status', () => {
    routeMustHaveNoAcceptedParents(graph, 'HTTPRoute', routeNN);
  });
  it('Gateway should have 0 Routes attached', () => {
    gatewayMustHaveZeroRoutes(graph, gwNN);
  });
});
