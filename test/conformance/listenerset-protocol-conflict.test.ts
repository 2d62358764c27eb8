// Upstream: conformance/tests/listenerset-protocol-conflict.go, ListenerSetProtocolConflict (the
// XListenerSet version). Each ListenerSet's TCP listener on port 80 conflicts with the Gateway's
// HTTP listeners there and loses by precedence; the HTTP listeners beside it stay Accepted. The
// suite's versions disagree on the losing listener's Accepted reason (the conflict's reason in one,
// any reason in another); the engine gives the conflict's reason, for Programmed=False too.
import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { predict } from '../../src/probe/predict.js';
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

const gwNN = { namespace: INFRA, name: 'gateway-with-listenerset-protocol-conflict' };
const ACCEPTED_LISTENER: Cond[] = [
  { type: 'ResolvedRefs', status: 'True' },
  { type: 'Accepted', status: 'True' },
  { type: 'Programmed', status: 'True' },
  { type: 'Conflicted', status: 'False', reason: 'NoConflicts' },
];
const PROTOCOL_CONFLICTED: Cond[] = [
  { type: 'ResolvedRefs', status: 'True' },
  { type: 'Accepted', status: 'False', reason: 'ProtocolConflict' },
  { type: 'Programmed', status: 'False', reason: 'ProtocolConflict' },
  { type: 'Conflicted', status: 'True', reason: 'ProtocolConflict' },
];

function listenerSetAccepted(graph: Graph, ls: NN, accepted: boolean): void {
  if (accepted) {
    listenerSetMustHaveCondition(graph, ls, { type: 'Accepted', status: 'True', reason: '' });
    listenerSetMustHaveCondition(graph, ls, { type: 'Programmed', status: 'True', reason: 'Programmed' });
  } else {
    listenerSetMustHaveCondition(graph, ls, { type: 'Accepted', status: 'False', reason: 'ListenersNotValid' });
    listenerSetMustHaveCondition(graph, ls, { type: 'Programmed', status: 'False', reason: '' });
  }
}

describe('conformance ListenerSetProtocolConflict', () => {
  let snapshot: Snapshot;
  let graph: Graph;
  before(() => {
    snapshot = conformanceSnapshot('listenerset-protocol-conflict');
    graph = graphOf(snapshot);
    namespacesMustBeReady(graph, snapshot, [INFRA]);
  });

  it('the Gateway is accepted, its listeners win, and two ListenerSets are attached', () => {
    gatewayMustHaveCondition(graph, gwNN, { type: 'Accepted', status: 'True' });
    gatewayListenersMustHaveConditions(graph, gwNN, ACCEPTED_LISTENER, 'gateway-listener', 'protocol-conflict-with-gateway-listener');
    gatewayMustHaveAttachedListeners(graph, gwNN, 2);
  });

  it('listenerset-with-protocol-conflict-with-gateway-1: only its TCP listener is rejected', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-protocol-conflict-with-gateway-1' };
    listenerSetAccepted(graph, ls, true);
    listenerSetListenersMustHaveConditions(graph, ls, ACCEPTED_LISTENER, 'listener-set-1-listener', 'protocol-conflict-with-listener-set-listener');
    listenerSetListenersMustHaveConditions(graph, ls, PROTOCOL_CONFLICTED, 'protocol-conflict-with-gateway-listener');
  });

  it('listenerset-with-protocol-conflict-with-gateway-2 is not accepted: its only listener conflicts', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-protocol-conflict-with-gateway-2' };
    listenerSetAccepted(graph, ls, false);
    listenerSetListenersMustHaveConditions(graph, ls, PROTOCOL_CONFLICTED, 'protocol-conflict-with-gateway-listener');
  });

  it('listenerset-with-protocol-conflict-with-listener-set-1: only its TCP listener is rejected', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-protocol-conflict-with-listener-set-1' };
    listenerSetAccepted(graph, ls, true);
    listenerSetListenersMustHaveConditions(graph, ls, ACCEPTED_LISTENER, 'listener-set-2-listener');
    listenerSetListenersMustHaveConditions(graph, ls, PROTOCOL_CONFLICTED, 'protocol-conflict-with-listener-set-listener');
  });

  it('listenerset-with-protocol-conflict-with-listener-set-2 is not accepted: its only listener conflicts', () => {
    const ls = { namespace: INFRA, name: 'listenerset-with-protocol-conflict-with-listener-set-2' };
    listenerSetAccepted(graph, ls, false);
    listenerSetListenersMustHaveConditions(graph, ls, PROTOCOL_CONFLICTED, 'protocol-conflict-with-listener-set-listener');
  });

  // What `kubectl gw curl --dry-run` predicts: a conformant controller serves the routes attached
  // to the ListenerSets' surviving listeners, so the prediction must not be 404.
  const requests: Array<[string, string, string]> = [
    ['listener-set-1-listener.com', '/listener-set-1-route', 'infra-backend-v2'],
    ['protocol-conflict-with-listener-set-listener.com', '/listener-set-1-route', 'infra-backend-v2'],
    ['listener-set-2-listener.com', '/listener-set-2-route', 'infra-backend-v3'],
    ['gateway-listener.com', '/gateway-route', 'infra-backend-v1'],
  ];
  for (const [host, path, backend] of requests) {
    it(`curl --dry-run ${host}${path} -> ${backend}`, () => {
      const p = predict(graph, snapshot, `${INFRA}/${gwNN.name}`, { host, path, method: 'GET', headers: {} });
      assert.ok(p.expected, `predicted no route: ${p.reason}`);
      assert.deepEqual(p.expected.backends.map((b) => b.name), [backend], p.reason);
    });
  }
});
