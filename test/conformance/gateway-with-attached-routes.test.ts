// Upstream: conformance/tests/gateway-with-attached-routes.go, GatewayWithAttachedRoutes.
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA, readyHTTPListener, routeMustHaveCondition } from './support.js';

describe('conformance GatewayWithAttachedRoutes', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('gateway-with-attached-routes');
  });

  it('Gateway listener should have one valid http routes attached', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-with-one-attached-route' }, [readyHTTPListener('http', 1)]);
  });

  it('Gateway listener should have two valid http routes attached', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-with-two-attached-routes' }, [readyHTTPListener('http', 2)]);
  });

  it('Gateway listener should have AttachedRoutes set even when Gateway has unresolved refs', () => {
    const gwNN = { namespace: INFRA, name: 'unresolved-gateway-with-one-attached-unresolved-route' };
    gatewayStatusMustHaveListeners(graph, gwNN, [
      {
        name: 'tls',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        conditions: [
          { type: 'Programmed', status: 'False' },
          { type: 'ResolvedRefs', status: 'False' },
        ],
        attachedRoutes: 1,
      },
    ]);
    routeMustHaveCondition(graph, 'HTTPRoute', { namespace: INFRA, name: 'http-route-4' }, gwNN, { type: 'ResolvedRefs', status: 'False' });
  });
});
