// Upstream: conformance/tests/gateway-listener-protocol-and-route-kind-conflicts.go,
// GatewayListenerProtocolAndRouteKindConflicts.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayAndTLSRoutesMustBeAccepted,
  gatewayListenerMustHaveAttachedRoutes,
  gatewayListenerMustHaveConditions,
  graphOf,
  INFRA,
  namespacesMustBeReady,
  routeMustHaveCondition,
  routeMustHaveNoAcceptedParents,
  routeMustHaveResolvedRefsTrue,
  type Cond,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'tlsroutes-only' };
const routeNN = { namespace: INFRA, name: 'disallowed-kind' };

describe('conformance GatewayListenerProtocolAndRouteKindConflicts', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('gateway-listener-protocol-and-route-kind-conflicts');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, gwNN);
  });

  it('Route should not have been accepted with reason NotAllowedByListeners', () => {
    routeMustHaveCondition(graph, 'HTTPRoute', routeNN, gwNN, { type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' });
  });
  it('Route should not have Parents set in status', () => {
    routeMustHaveNoAcceptedParents(graph, 'HTTPRoute', routeNN);
  });
  it('the control TLSRoute is accepted', () => {
    gatewayAndTLSRoutesMustBeAccepted(graph, gwNN, { namespace: INFRA, name: 'mixed-protocol-conflict-control' });
  });
  it('Gateway status reports conflicting listeners separately', () => {
    const conflicted: Cond[] = [
      { type: 'Accepted', status: 'False', reason: 'Invalid' },
      { type: 'Programmed', status: 'False' },
      { type: 'Conflicted', status: 'True', reason: 'ProtocolConflict' },
    ];
    gatewayListenerMustHaveConditions(graph, gwNN, 'conflicted-https', conflicted);
    gatewayListenerMustHaveConditions(graph, gwNN, 'conflicted-tls', conflicted);
    gatewayListenerMustHaveAttachedRoutes(graph, gwNN, 'tls', 1);
    gatewayListenerMustHaveAttachedRoutes(graph, gwNN, 'conflicted-https', 0);
    gatewayListenerMustHaveAttachedRoutes(graph, gwNN, 'conflicted-tls', 0);
  });
});
