// Upstream: conformance/tests/listenerset-reference-grant.go, ListenerSetReferenceGrant.
// Programmed is computed as far as the objects decide it (src/spec/programmed.ts).
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetListenersMustHaveConditions,
  listenerSetMustHaveCondition,
  namespacesMustBeReady,
} from './support.js';

describe('conformance ListenerSetReferenceGrant', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('listenerset-reference-grant');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('the Gateway is accepted', () => {
    gatewayMustHaveCondition(graph, { namespace: INFRA, name: 'gateway-with-listener-sets-test-reference-grant' }, { type: 'Accepted', status: 'True' });
  });

  it('listenerset-with-reference-grant: its listener resolves the granted Secret', () => {
    listenerSetMustHaveCondition(graph, { namespace: INFRA, name: 'listenerset-with-reference-grant' }, { type: 'Accepted', status: 'True' });
    listenerSetListenersMustHaveConditions(
      graph,
      { namespace: INFRA, name: 'listenerset-with-reference-grant' },
      [{ type: 'ResolvedRefs', status: 'True' }],
      'listenerset-with-reference-grant-listener',
    );
  });

  it('listenerset-without-reference-grant: its listener is RefNotPermitted, so it is not accepted', () => {
    listenerSetMustHaveCondition(
      graph,
      { namespace: 'gateway-api-listener-sets-test-reference-grant-ns', name: 'listenerset-without-reference-grant' },
      { type: 'Accepted', status: 'False', reason: 'ListenersNotValid' },
    );
    listenerSetListenersMustHaveConditions(
      graph,
      { namespace: 'gateway-api-listener-sets-test-reference-grant-ns', name: 'listenerset-without-reference-grant' },
      [{ type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' }],
      'listenerset-without-reference-grant-listener',
    );
  });
});
