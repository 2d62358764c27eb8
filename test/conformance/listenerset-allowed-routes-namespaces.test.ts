// Upstream: conformance/tests/listenerset-allowed-routes-namespaces.go, ListenerSetAllowedRoutesNamespaces.
import {
  conformanceSnapshot,
  GATEWAY_GROUP,
  gatewayMustHaveAttachedListeners,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetStatusMustHaveListeners,
  namespacesMustBeReady,
  routesAndListenerSetMustBeAccepted,
  type ExpectedListener,
} from './support.js';

const accepted = (name: string, attachedRoutes: number): ExpectedListener => ({
  name,
  supportedKinds: [
    { group: GATEWAY_GROUP, kind: 'HTTPRoute' },
    { group: GATEWAY_GROUP, kind: 'GRPCRoute' },
  ],
  attachedRoutes,
  conditions: [
    { type: 'ResolvedRefs', status: 'True' },
    { type: 'Accepted', status: 'True' },
    { type: 'Programmed', status: 'True' },
  ],
});

describe('conformance ListenerSetAllowedRoutesNamespaces', () => {
  it('ListenerSet listeners allow routes from the specified namespace', () => {
    const snapshot = conformanceSnapshot('listenerset-allowed-routes-namespaces');
    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const gwNN = { namespace: INFRA, name: 'gateway-with-listener-sets-test-allowed-routes' };
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    gatewayMustHaveAttachedListeners(graph, gwNN, 1);

    const ls = { namespace: INFRA, name: 'listenerset-test-allowed-routes-namespaces' };
    routesAndListenerSetMustBeAccepted(
      graph,
      'HTTPRoute',
      { ...ls, group: 'gateway.networking.x-k8s.io', kind: 'XListenerSet' },
      { name: 'route-in-same-namespace', namespace: INFRA },
      { name: 'route-in-selected-namespace', namespace: 'gateway-api-routes-allowed-ns' },
      { name: 'route-not-in-selected-namespace', namespace: 'gateway-api-routes-not-allowed-ns' },
    );
    listenerSetStatusMustHaveListeners(graph, ls, [
      // route-in-same-namespace, route-in-selected-namespace, route-not-in-selected-namespace
      accepted('listener-set-listener-allowed-routes-all', 3),
      // route-in-same-namespace
      accepted('listener-set-listener-allowed-routes-same', 1),
      // route-in-selected-namespace
      accepted('listener-set-listener-allowed-routes-selector', 1),
    ]);
  });
});
