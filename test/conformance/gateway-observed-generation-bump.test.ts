// Upstream: conformance/tests/gateway-observed-generation-bump.go, GatewayObservedGenerationBump.
// The Gateway must be ready before and after a listener is added; the controller must bring every
// condition's observedGeneration up to metadata.generation (ConditionsHaveLatestObservedGeneration),
// which the tool reports as stale status when it has not.
import assert from 'node:assert/strict';
import type { Condition, Listener } from '../../src/model/objects.js';
import { conformanceSnapshot, gateway, graphOf, INFRA, namespacesMustBeReady } from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-observed-generation-bump' };

function reportedConditions(observedGeneration: number): Condition[] {
  return [
    { type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration },
    { type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration },
  ] as Condition[];
}

describe('conformance GatewayObservedGenerationBump', () => {
  it('observedGeneration should increment', () => {
    const snapshot = conformanceSnapshot('gateway-observed-generation-bump');
    const gw = snapshot.gateways.find((g) => g.metadata.name === gwNN.name)!;
    gw.metadata.generation = 1;
    gw.status = { conditions: reportedConditions(1) };
    let graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    assert.equal(gateway(graph, gwNN).reported?.stale, false, 'status at the latest generation is not stale');

    const alternate: Listener = { name: 'alternate', hostname: 'foo.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } };
    gw.spec.listeners = [...gw.spec.listeners, alternate];
    gw.metadata.generation = 2;
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
    const node = gateway(graph, gwNN);
    assert.equal(node.reported?.stale, true, 'conditions still at generation 1 after the spec changed');
    assert.ok(node.disagreements.some((d) => d.conditionType === 'ObservedGeneration'));

    gw.status = { conditions: reportedConditions(2) };
    assert.equal(gateway(graphOf(snapshot), gwNN).reported?.stale, false);
  });
});
