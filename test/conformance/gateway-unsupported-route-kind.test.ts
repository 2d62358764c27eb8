// Upstream: conformance/tests/gateway-unsupported-route-kind.go, GatewayUnsupportedRouteKind.
import type { Graph } from '../../src/model/graph.js';
import { conformanceGraph, gatewayStatusMustHaveListeners, INFRA } from './support.js';

const invalidRouteKinds = [{ type: 'ResolvedRefs', status: 'False' as const, reason: 'InvalidRouteKinds' }];

describe('conformance GatewayUnsupportedRouteKind', () => {
  let graph: Graph;
  before(() => {
    graph = conformanceGraph('gateway-unsupported-route-kind');
  });

  it('Gateway listener should have a false ResolvedRefs condition with reason InvalidRouteKinds and no supportedKinds', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-only-unsupported-route-kind' }, [
      { name: 'http', supportedKinds: [], conditions: invalidRouteKinds, attachedRoutes: 0 },
    ]);
  });

  it('Gateway listener should have a false ResolvedRefs condition with reason InvalidRouteKinds and HTTPRoute must be put in the supportedKinds', () => {
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-supported-and-unsupported-route-kind' }, [
      { name: 'http', supportedKinds: [{ kind: 'HTTPRoute' }], conditions: invalidRouteKinds, attachedRoutes: 0 },
    ]);
  });
});
