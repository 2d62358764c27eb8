// Upstream: conformance/tests/listenerset-default-not-allowed.go, ListenerSetDefaultNotAllowed.
// The engine computes no conditions for the ListenerSet object itself; it carries the
// ListenerSet's NotAllowed onto each of its listeners (docs/spec-coverage.md), which is where
// these checks read it.
import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  attachedListenerSets,
  conformanceSnapshot,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetListenersMustHaveConditions,
  namespacesMustBeReady,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-default-does-not-allow-listenerset' };

describe('conformance ListenerSetDefaultNotAllowed', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('listenerset-default-not-allowed');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('the Gateway is accepted and has no attached ListenerSets', () => {
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    assert.deepEqual(attachedListenerSets(graph, gwNN), []);
  });

  it('the rejected ListenerSet is NotAllowed', () => {
    listenerSetListenersMustHaveConditions(
      graph,
      { namespace: INFRA, name: 'listenerset-default-not-allowed' },
      [{ type: 'Accepted', status: 'False', reason: 'NotAllowed' }],
      'listener-set-1-listener-1',
      'listener-set-1-listener-2',
    );
  });
});
