// Upstream: conformance/tests/httproute-hostname-intersection.go, HTTPRouteHostnameIntersection.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  GATEWAY_GROUP,
  gatewayAndRoutesMustBeAccepted,
  gatewayStatusMustHaveListeners,
  graphOf,
  INFRA,
  namespacesMustBeReady,
  readyHTTPListener,
  routeMustHaveParents,
  routeMustHaveResolvedRefsTrue,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'httproute-hostname-intersection' };

describe('conformance HTTPRouteHostnameIntersection', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('httproute-hostname-intersection');
    graph = graphOf(snapshot);
    // This test creates an additional Gateway in the gateway-conformance-infra namespace.
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('HTTPRoutes that do intersect with listener hostnames', () => {
    const routes = [
      'specific-host-matches-listener-specific-host',
      'specific-host-matches-listener-wildcard-host',
      'wildcard-host-matches-listener-specific-host',
      'wildcard-host-matches-listener-wildcard-host',
    ].map((name) => ({ namespace: INFRA, name }));
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, [], ...routes);
    for (const r of routes) routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', r, gwNN);
  });

  it('HTTPRoutes that do not intersect with listener hostnames', () => {
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', gwNN, []);
    routeMustHaveParents(graph, 'HTTPRoute', { namespace: INFRA, name: 'no-intersecting-hosts' }, [
      {
        parentRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: INFRA, name: gwNN.name },
        conditions: [{ type: 'Accepted', status: 'False', reason: 'NoMatchingListenerHostname' }],
      },
    ]);
  });

  it('HTTPRoutes have to be counted in AttachedRoutes only if they are Accepted', () => {
    gatewayStatusMustHaveListeners(graph, gwNN, [
      // specific-host-matches-listener-specific-host and wildcard-host-matches-listener-specific-host
      readyHTTPListener('listener-1', 2),
      // specific-host-matches-listener-wildcard-host
      readyHTTPListener('listener-2', 1),
      // wildcard-host-matches-listener-wildcard-host
      readyHTTPListener('listener-3', 1),
    ]);
  });

  it('HTTPRoutes intersects with an unspecified hostname listener', () => {
    const allNN = { namespace: INFRA, name: 'httproute-hostname-intersection-all' };
    const routeNN = { namespace: INFRA, name: 'httproute-hostname-intersection-all' };
    gatewayAndRoutesMustBeAccepted(graph, 'HTTPRoute', allNN, [], routeNN);
    routeMustHaveResolvedRefsTrue(graph, 'HTTPRoute', routeNN, allNN);
  });
});
