// Upstream: conformance/tests/httproute-disallowed-kind.go, HTTPRouteDisallowedKind.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayMustHaveZeroRoutes,
  graphOf,
  INFRA,
  namespacesMustBeReady,
  routeMustHaveCondition,
  routeMustHaveNoAcceptedParents,
  routeMustHaveResolvedRefsTrue,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'tlsroutes-only' };
const routeNN = { namespace: INFRA, name: 'disallowed-kind' };

describe('conformance HTTPRouteDisallowedKind', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('httproute-disallowed-kind');
    graph = graphOf(snapshot);
    // This test creates an additional Gateway in the gateway-conformance-infra namespace.
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
  });

  it('Route should not have been accepted with reason NotAllowedByListeners', () => {
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' });
  });
  it('Route should not have Parents set in status', () => {
    routeMustHaveNoAcceptedParents(graph, 'HTTPRoute', routeNN);
  });
  it('Gateway should have 0 Routes attached', () => {
    gatewayMustHaveZeroRoutes(graph, gwNN);
  });
});
