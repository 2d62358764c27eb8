// Upstream: conformance/tests/gateway-invalid-route-kind.go, GatewayInvalidRouteKind.
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

describe('conformance GatewayInvalidRouteKind', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('gateway-invalid-route-kind');
  });

  it('Gateway listener should have a false ResolvedRefs condition with reason InvalidRouteKinds and no supportedKinds', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-only-invalid-route-kind' }, [
      { name: 'http', supportedKinds: [], conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'InvalidRouteKinds' }], attachedRoutes: 0 },
    ]);
  });

  it('Gateway listener should have a false ResolvedRefs condition with reason InvalidRouteKinds and HTTPRoute must be put in the supportedKinds', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-supported-and-invalid-route-kind' }, [
      {
        name: 'http',
        supportedKinds: [{ kind: 'HTTPRoute' }],
        conditions: [{ type: 'ResolvedRefs', status: 'False', reason: 'InvalidRouteKinds' }],
        attachedRoutes: 0,
      },
    ]);
  });
});
