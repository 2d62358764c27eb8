// Upstream: conformance/tests/listenerset-hostname-conflict.go, ListenerSetHostnameConflict (the
// XListenerSet version, same-namespace conflicts). Listener precedence: the Gateway's own
// listeners, then ListenerSets oldest first, then by "{namespace}/{name}" (none here has a
// creationTimestamp, so ...-gateway-1 < ...-gateway-2 < ...-listener-set-1 < ...-listener-set-2).
// Programmed is computed as far as the objects decide it (src/spec/programmed.ts).
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  conformanceSnapshot,
  gatewayListenersMustHaveConditions,
  gatewayMustHaveAttachedListeners,
  gatewayMustHaveCondition,
  graphOf,
  INFRA,
  listenerSetListenersMustHaveConditions,
  listenerSetMustHaveCondition,
  namespacesMustBeReady,
  type Cond,
  type NN,
} from './support.js';

const gwNN = { namespace: INFRA, name: 'gateway-with-listenerset-hostname-conflict' };
const ACCEPTED_LISTENER: Cond[] = [
  { type: 'Accepted', status: 'True' },
  { type: 'ResolvedRefs', status: 'True' },
  { type: 'Programmed', status: 'True' },
];
// "GEP-1713 requires conflicted listeners to report Conflicted=True, but does not normatively
// require a specific reason for Accepted/Programmed."
const HOSTNAME_CONFLICTED: Cond[] = [
  { type: 'Accepted', status: 'False', reason: '' },
  { type: 'Programmed', status: 'False', reason: '' },
  { type: 'Conflicted', status: 'True', reason: 'HostnameConflict' },
];

function listenerSetAccepted(graph: Graph, ls: NN, accepted: boolean): void {
  if (accepted) {
    listenerSetMustHaveCondition(graph, ls, { type: 'Accepted', status: 'True', reason: '' });
    listenerSetMustHaveCondition(graph, ls, { type: 'Programmed', status: 'True', reason: 'Programmed' });
  } else {
    listenerSetMustHaveCondition(graph, ls, { type: 'Accepted', status: 'False', reason: 'ListenersNotValid' });
    listenerSetMustHaveCondition(graph, ls, { type: 'Programmed', status: 'False', reason: 'ListenersNotValid' });
  }
}

describe('conformance ListenerSetHostnameConflict', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('listenerset-hostname-conflict');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('the Gateway is accepted, its listeners win, and two ListenerSets are attached', () => {
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    gatewayListenersMustHaveConditions(graph, gwNN, ACCEPTED_LISTENER, 'gateway-listener');
    gatewayListenersMustHaveConditions(graph, gwNN, ACCEPTED_LISTENER, 'hostname-conflict-with-gateway-listener');
    gatewayMustHaveAttachedListeners(graph, gwNN, 2);
  });

  it('listenerset-with-hostname-conflict-with-gateway-1 is accepted: it has valid listeners', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-hostname-conflict-with-gateway-1' };
    listenerSetAccepted(graph, ls, true);
    listenerSetListenersMustHaveConditions(graph, ls, ACCEPTED_LISTENER, 'listener-set-1-listener');
    listenerSetListenersMustHaveConditions(graph, ls, HOSTNAME_CONFLICTED, 'hostname-conflict-with-gateway-listener');
    listenerSetListenersMustHaveConditions(graph, ls, ACCEPTED_LISTENER, 'hostname-conflict-with-listener-set-listener');
  });

  it('listenerset-with-hostname-conflict-with-gateway-2 is not accepted: its only listener conflicts', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-hostname-conflict-with-gateway-2' };
    listenerSetAccepted(graph, ls, false);
    listenerSetListenersMustHaveConditions(graph, ls, HOSTNAME_CONFLICTED, 'hostname-conflict-with-gateway-listener');
  });

  it('listenerset-with-hostname-conflict-with-listener-set-1 is accepted: it has valid listeners', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-hostname-conflict-with-listener-set-1' };
    listenerSetAccepted(graph, ls, true);
    listenerSetListenersMustHaveConditions(graph, ls, ACCEPTED_LISTENER, 'listener-set-2-listener');
    listenerSetListenersMustHaveConditions(graph, ls, HOSTNAME_CONFLICTED, 'hostname-conflict-with-listener-set-listener');
  });

  it('listenerset-with-hostname-conflict-with-listener-set-2 is not accepted: its only listener conflicts', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-hostname-conflict-with-listener-set-2' };
    listenerSetAccepted(graph, ls, false);
    listenerSetListenersMustHaveConditions(graph, ls, HOSTNAME_CONFLICTED, 'hostname-conflict-with-listener-set-listener');
  });
});
