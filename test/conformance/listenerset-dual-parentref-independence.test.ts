// Upstream: conformance/tests/listenerset-dual-parentref-independence.go,
// ListenerSetDualParentRefIndependence. Its RoutesAndParentMustBeAccepted for the ListenerSet
// parent is the routeMustHaveCondition below; the HTTP requests it sends are the data plane's.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  GATEWAY_GROUP,
  gatewayMustHaveAttachedListeners,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetStatusMustHaveListeners,
  namespacesMustBeReady,
  routeMustHaveCondition,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-dual-parentref' };
const lsNN = { namespace: INFRA, name: 'ls-dual-parentref' };

describe('conformance ListenerSetDualParentRefIndependence', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('listenerset-dual-parentref-independence');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('the Gateway is accepted with one attached ListenerSet, whose listener has both routes', () => {
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    gatewayMustHaveAttachedListeners(graph, gwNN, 1);
    listenerSetStatusMustHaveListeners(graph, lsNN, [
      {
        name: 'ls-dual-parentref-listener',
        supportedKinds: [
          { group: GATEWAY_GROUP, kind: 'HTTPRoute' },
          { group: GATEWAY_GROUP, kind: 'GRPCRoute' },
        ],
        attachedRoutes: 2,
        conditions: [
          { type: 'Accepted', status: 'True' },
          { type: 'ResolvedRefs', status: 'True' },
          { type: 'Programmed', status: 'True' },
        ],
      },
    ]);
  });

  it('both parentRefs are Accepted', () => {
    const route = { namespace: INFRA, name: 'route-dual-parentref-both' };
    routeMustHaveCondition(graph, 'HTTPRoute', route, gwNN, { type: 'Accepted', status: 'True' });
    routeMustHaveCondition(graph, 'HTTPRoute', route, lsNN, { type: 'Accepted', status: 'True' });
  });

  it('one of two parentRefs is Accepted: the sectionName names only a ListenerSet listener', () => {
    const route = { namespace: INFRA, name: 'route-dual-parentref-one' };
    routeMustHaveCondition(graph, 'HTTPRoute', route, gwNN, { type: 'Accepted', status: 'False', reason: 'NoMatchingParent' });
    routeMustHaveCondition(graph, 'HTTPRoute', route, lsNN, { type: 'Accepted', status: 'True' });
  });
});
