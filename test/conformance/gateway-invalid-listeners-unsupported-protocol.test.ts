// Upstream: conformance/tests/gateway-invalid-listeners-unsupported-protocol.go,
// GatewayListenerUnsupportedProtocol: an un-prefixed protocol that is not core is
// UnsupportedProtocol, and the Gateway is Accepted only while some listener is.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { conformanceSnapshot, gatewayMustHaveCondition, gatewayStatusMustHaveListeners, graphOf, INFRA, namespacesMustBeReady, routeMustHaveAcceptedTrue } from './support.js';

const UNSUPPORTED = {
  name: 'invalid',
  supportedKinds: [],
  conditions: [{ type: 'Accepted', status: 'False' as const, reason: 'UnsupportedProtocol' }],
  attachedRoutes: 0,
};

describe('conformance GatewayListenerUnsupportedProtocol', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('gateway-invalid-listeners-unsupported-protocol');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('Gateway with no accepted listeners should not be accepted and the listener should have the Accepted condition set to False with reason UnsupportedProtocol', () => {
    const gwNN = { namespace: INFRA, name: 'gateway-only-unsupported-protocols' };
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'False', reason: 'ListenersNotValid' });
    gatewayStatusMustHaveListeners(graph, gwNN, [UNSUPPORTED]);
  });

  it('Gateway with at least one accepted listeners should be accepted and the listeners should have the Accepted condition set accordingly', () => {
    const gwNN = { namespace: INFRA, name: 'gateway-supported-and-unsupported-protocols' };
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True', reason: 'ListenersNotValid' });
    gatewayStatusMustHaveListeners(graph, gwNN, [
      { name: 'http', supportedKinds: [{ kind: 'HTTPRoute' }], conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }], attachedRoutes: 1 },
      UNSUPPORTED,
    ]);
    routeMustHaveAcceptedTrue(graph, 'HTTPRoute', { namespace: INFRA, name: 'gateway-supported-and-unsupported-protocols-control' }, gwNN);
  });
});
