// Upstream: conformance/tests/listenerset-allowed-routes-supported-kinds.go, ListenerSetAllowedRoutesSupportedKinds.
import {
  conformanceSnapshot,
  gatewayMustHaveAttachedListeners,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetStatusMustHaveListeners,
  namespacesMustBeReady,
  routesAndListenerSetMustBeAccepted,
} from './support.js';

describe('conformance ListenerSetAllowedRoutesSupportedKinds', () => {
  it('ListenerSet listeners allow specific route kinds', () => {
    const snapshot = conformanceSnapshot('listenerset-allowed-routes-supported-kinds');
    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const gwNN = { namespace: INFRA, name: 'gateway-with-listener-sets-test-supported-route-kinds' };
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    gatewayMustHaveAttachedListeners(graph, gwNN, 1);

    const ls = { namespace: INFRA, name: 'listenerset-test-allowed-routes-supported-kinds' };
    routesAndListenerSetMustBeAccepted(graph, 'HTTPRoute', { ...ls, group: 'gateway.networking.x-k8s.io', kind: 'XListenerSet' }, {
      namespace: INFRA,
      name: 'listener-sets-test-supported-route-kinds-http-route',
    });
    listenerSetStatusMustHaveListeners(graph, ls, [
      {
        name: 'listener-set-listener-allowed-routes-http-only',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        // This only attaches to the HTTPRoute
        attachedRoutes: 1,
        conditions: [
          { type: 'ResolvedRefs', status: 'True' },
          { type: 'Accepted', status: 'True' },
          { type: 'Programmed', status: 'True' },
        ],
      },
    ]);
  });
});
