// Upstream: conformance/tests/gateway-modify-listeners.go, GatewayModifyListeners. The test patches
// the Gateways the manifests create; here the same patch is made to the snapshot before the graph
// is built again.
import assert from 'node:assert/strict';
import type { Listener } from '../../src/model/objects.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayStatusMustHaveListeners,
  graphOf,
  INFRA,
  namespacesMustBeReady,
  readyHTTPListener,
} from './support.js';

function gatewayIn(snapshot: Snapshot, name: string) {
  const gw = snapshot.gateways.find((g) => g.metadata.namespace === INFRA && g.metadata.name === name);
  assert.ok(gw, `no Gateway ${name}`);
  return gw;
}

describe('conformance GatewayModifyListeners', () => {
  it('should be able to add a listener that then becomes available for routing traffic', () => {
    const snapshot = conformanceSnapshot('gateway-modify-listeners');
    namespacesMustBeReady(graphOf(snapshot), snapshot, [INFRA]);

    const gw = gatewayIn(snapshot, 'gateway-add-listener');
    const added: Listener = { name: 'http', port: 80, protocol: 'HTTP', hostname: 'data.test.com', allowedRoutes: { namespaces: { from: 'All' } } };
    gw.spec.listeners = [...gw.spec.listeners, added];

    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-add-listener' }, [readyHTTPListener('https', 1), readyHTTPListener('http', 1)]);
  });

  it('should be able to remove listeners, which would then stop routing the relevant traffic', () => {
    const snapshot = conformanceSnapshot('gateway-modify-listeners');
    namespacesMustBeReady(graphOf(snapshot), snapshot, [INFRA]);

    const gw = gatewayIn(snapshot, 'gateway-remove-listener');
    assert.equal(gw.spec.listeners.length, 2, 'the gateway must have 2 listeners');
    gw.spec.listeners = gw.spec.listeners.filter((l) => l.name === 'http');

    const graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    gatewayStatusMustHaveListeners(graph, { namespace: INFRA, name: 'gateway-remove-listener' }, [readyHTTPListener('http', 1)]);
  });
});
