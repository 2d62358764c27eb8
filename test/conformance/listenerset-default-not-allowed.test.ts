// Upstream: conformance/tests/listenerset-default-not-allowed.go, ListenerSetDefaultNotAllowed.
// Programmed False NotAllowed, as upstream, from src/spec/programmed.ts.
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayMustHaveAttachedListeners,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetMustHaveCondition,
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
    gatewayMustHaveAttachedListeners(graph, gwNN, 0);
  });

  it('the rejected ListenerSet is NotAllowed', () => {
    const ls = { namespace: INFRA, name: 'listenerset-default-not-allowed' };
    listenerSetMustHaveCondition(graph, ls, { type: 'Accepted', status: 'False', reason: 'NotAllowed' });
    listenerSetMustHaveCondition(graph, ls, { type: 'Programmed', status: 'False', reason: 'NotAllowed' });
  });
});
