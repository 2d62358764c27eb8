import assert from 'node:assert/strict';
import type { Graph, GraphListenerSet } from '../../src/model/graph.js';
import { CLASS, computed, graphOf } from './cluster.js';

function listenerSet(graph: Graph, id: string): GraphListenerSet {
  const ls = graph.listenerSets?.find((x) => x.id === id);
  assert.ok(ls, `no ${id}; have ${(graph.listenerSets ?? []).map((x) => x.id).join(', ')}`);
  return ls;
}

const gateway = (name: string, extra = '', listeners = '[{name: http, port: 80, protocol: HTTP}]') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: gw-class
  listeners: ${listeners}
${extra}`;

const ls = (name: string, parent: string, extra = '', listeners = '[{name: extra, port: 80, protocol: HTTP, hostname: a.example.com}]') => `
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ${name}, namespace: infra, generation: 2}
spec:
  parentRef: {name: ${parent}}
  listeners: ${listeners}
${extra}`;

describe('spec: a ListenerSet\'s own conditions', () => {
  it('Accepted True when the Gateway allows it and its listeners are valid; counted as attached', () => {
    const g = graphOf([CLASS, gateway('gw', '  allowedListeners: {namespaces: {from: Same}}'), ls('one', 'gw')].join('\n---\n'));
    const node = listenerSet(g, 'ListenerSet/infra/one');
    assert.equal(computed(node.computed, 'Accepted'), 'True Accepted');
    assert.equal(node.parentGateway, 'infra/gw');
    assert.deepEqual(node.listeners, ['ListenerSet/infra/one#extra']);
    assert.deepEqual(g.gateways[0].attachedListenerSets, { computed: 1, reported: null });
  });

  it('NotAllowed when the Gateway sets no allowedListeners (the default is None)', () => {
    const g = graphOf([CLASS, gateway('gw'), ls('one', 'gw')].join('\n---\n'));
    assert.equal(computed(listenerSet(g, 'ListenerSet/infra/one').computed, 'Accepted'), 'False NotAllowed');
    assert.equal(g.gateways[0].attachedListenerSets?.computed, 0);
  });

  it('ParentNotAccepted when the parent Gateway does not exist or is not accepted', () => {
    const bad = gateway('bad', '  allowedListeners: {namespaces: {from: All}}', '[{name: a, port: 80, protocol: HTTP, tls: {mode: Terminate}}]');
    const g = graphOf([CLASS, bad, ls('orphan', 'missing'), ls('child', 'bad')].join('\n---\n'));
    assert.equal(computed(listenerSet(g, 'ListenerSet/infra/orphan').computed, 'Accepted'), 'False ParentNotAccepted');
    assert.equal(listenerSet(g, 'ListenerSet/infra/orphan').parentGateway, 'infra/missing');
    assert.equal(computed(g.gateways[0].computed, 'Accepted'), 'False ListenersNotValid');
    assert.equal(computed(listenerSet(g, 'ListenerSet/infra/child').computed, 'Accepted'), 'False ParentNotAccepted');
  });

  it('Unknown when Gateways could not be read, Pending when no controller claims the class', () => {
    const unread = graphOf(ls('one', 'gw'), { coverage: { gateways: { state: 'forbidden', message: 'cannot list gateways' } } });
    assert.equal(computed(listenerSet(unread, 'ListenerSet/infra/one').computed, 'Accepted'), 'Unknown Unknown');
    const unclaimed = graphOf([gateway('gw', '  allowedListeners: {namespaces: {from: All}}'), ls('one', 'gw')].join('\n---\n'));
    assert.equal(computed(listenerSet(unclaimed, 'ListenerSet/infra/one').computed, 'Accepted'), 'Unknown Pending');
  });

  it('ListenersNotValid: True with some invalid listeners, False with none valid', () => {
    const allowed = '  allowedListeners: {namespaces: {from: Same}}';
    const clash = '[{name: x, port: 80, protocol: HTTP}]';
    const mixed = '[{name: ok, port: 80, protocol: HTTP, hostname: b.example.com}, {name: x, port: 8080, protocol: INVALID}]';
    const g = graphOf([CLASS, gateway('gw', allowed), ls('all-bad', 'gw', '', clash), ls('some-bad', 'gw', '', mixed)].join('\n---\n'));
    assert.equal(computed(listenerSet(g, 'ListenerSet/infra/all-bad').computed, 'Accepted'), 'False ListenersNotValid');
    assert.equal(computed(listenerSet(g, 'ListenerSet/infra/some-bad').computed, 'Accepted'), 'True ListenersNotValid');
    assert.equal(g.gateways[0].attachedListenerSets?.computed, 1);
  });

  it('a listener that only lost a conflict to one of higher precedence leaves its ListenerSet Accepted (GEP-1713)', () => {
    const allowed = '  allowedListeners: {namespaces: {from: Same}}';
    const mixed = '[{name: ok, port: 80, protocol: HTTP, hostname: b.example.com}, {name: x, port: 80, protocol: HTTP}]';
    const g = graphOf([CLASS, gateway('gw', allowed), ls('some-lost', 'gw', '', mixed)].join('\n---\n'));
    const node = listenerSet(g, 'ListenerSet/infra/some-lost');
    assert.equal(computed(node.computed, 'Accepted'), 'True Accepted');
    assert.match(node.computed[0].message, /accepted: ok; lost to listeners of higher precedence: x \(HostnameConflict\)/);
  });

  it('compares with the ListenerSet status and the Gateway attachedListenerSets count', () => {
    const status = `status:
  conditions: [{type: Accepted, status: "True", reason: Accepted, observedGeneration: 2}, {type: Programmed, status: "True", reason: Programmed}]`;
    const gwStatus = `status:
  attachedListenerSets: 1
  conditions: [{type: Accepted, status: "True", reason: Accepted}]`;
    const g = graphOf([CLASS, gateway('gw', gwStatus), ls('one', 'gw', status)].join('\n---\n'));
    const node = listenerSet(g, 'ListenerSet/infra/one');
    assert.equal(node.reported?.conditions.length, 2);
    assert.deepEqual(
      node.disagreements.map((d) => [d.conditionType, d.computed?.reason, d.reported?.reason]),
      [
        ['Accepted', 'NotAllowed', 'Accepted'],
        ['Programmed', 'NotAllowed', 'Programmed'],
      ],
    );
    assert.deepEqual(g.gateways[0].attachedListenerSets, { computed: 0, reported: 1 });
    assert.ok(g.gateways[0].disagreements.some((d) => d.conditionType === 'AttachedListenerSets'));
  });

  it('leaves listenerSets out of the graph when there are none', () => {
    const g = graphOf([CLASS, gateway('gw')].join('\n---\n'));
    assert.equal(g.listenerSets, undefined);
    assert.equal(g.gateways[0].attachedListenerSets, undefined);
  });
});

describe('tree -o json with ListenerSets', () => {
  it('carries the ListenerSets of the gateways shown, and none when a filter hides their parent', async () => {
    const { graphDocument } = await import('../../src/render/data.js');
    const g = graphOf([CLASS, gateway('gw', '  allowedListeners: {namespaces: {from: Same}}'), gateway('other'), ls('one', 'gw')].join('\n---\n'));
    assert.deepEqual(graphDocument(g).listenerSets?.map((l) => l.id), ['ListenerSet/infra/one']);
    assert.equal(graphDocument(g, { gateway: 'infra/other' }).listenerSets, undefined);
  });
});

describe('explain gateway -o json with ListenerSets', () => {
  it('carries attachedListenerSets as tree -o json does', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runGw } = await import('../e2e/run-gw.js');
    const dir = mkdtempSync(join(tmpdir(), 'gw-ls-'));
    writeFileSync(join(dir, 'cluster.yaml'), [CLASS, gateway('gw', '  allowedListeners: {namespaces: {from: Same}}'), ls('one', 'gw'), ls('two', 'gw', '', '[{name: x, port: 80, protocol: INVALID}]')].join('\n---\n'));
    const explain = await runGw(['explain', 'gateway', 'infra/gw', '-f', dir, '-o', 'json'], { direct: true });
    const tree = await runGw(['tree', '-f', dir, '-o', 'json'], { direct: true });
    assert.equal(explain.stderr, '');
    const fromExplain = JSON.parse(explain.stdout).attachedListenerSets;
    const fromTree = JSON.parse(tree.stdout).gateways.find((g: { id: string }) => g.id === 'Gateway/infra/gw').attachedListenerSets;
    assert.deepEqual(fromExplain, { computed: 1, reported: null });
    assert.deepEqual(fromExplain, fromTree);
  });
});
