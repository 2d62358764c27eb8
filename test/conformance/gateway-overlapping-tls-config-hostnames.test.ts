// Upstream: conformance/tests/gateway-overlapping-tls-config-hostnames.go, GatewayOverlappingTLSConfigHostnames.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayListenerMustNotHaveCondition,
  gatewayListenersMustHaveConditions,
  graphOf,
  INFRA,
  namespacesMustBeReady,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-overlapping-hostnames' };

describe('conformance GatewayOverlappingTLSConfigHostnames', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('gateway-overlapping-tls-config-hostnames');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    gatewayListenersMustHaveConditions(graph, gwNN, [{ type: 'Accepted', status: 'True', reason: 'Accepted' }]);
  });

  it('Gateway listeners with overlapping hostnames on the same port must have OverlappingTLSConfig condition set', () => {
    gatewayListenersMustHaveConditions(
      graph,
      gwNN,
      [{ type: 'OverlappingTLSConfig', status: 'True', reason: 'OverlappingHostnames' }],
      'foo-https',
      'bar-https',
      'wildcard-https',
    );
  });
  it('Gateway listeners without overlapping hostnames must not have OverlappingTLSConfig condition set', () => {
    gatewayListenerMustNotHaveCondition(graph, gwNN, 'not-overlapping-https', 'OverlappingTLSConfig');
  });
  it('Gateway listeners with overlapping hostnames on different ports must not have OverlappingTLSConfig condition set', () => {
    gatewayListenerMustNotHaveCondition(graph, gwNN, 'not-overlapping-other-port', 'OverlappingTLSConfig');
  });
});
