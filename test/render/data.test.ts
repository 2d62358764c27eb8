import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { graphDocument, renderData } from '../../src/render/data.js';
import { colorEnabled, useColor } from '../../src/render/style.js';
import { assertGolden } from './golden.js';
import { sampleGraph } from './graph-fixture.js';

describe('render/data', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
  });
  after(() => useColor(saved));

  it('prints JSON with a 2-space indent and a final newline', () => {
    assert.equal(renderData({ a: [1, { b: 'x' }] }, 'json'), '{\n  "a": [\n    1,\n    {\n      "b": "x"\n    }\n  ]\n}\n');
  });

  it('prints YAML holding the same data as the JSON', () => {
    const doc = graphDocument(sampleGraph());
    assert.deepEqual(parse(renderData(doc, 'yaml')), JSON.parse(renderData(doc, 'json')));
  });

  it('drops undefined fields and never writes YAML anchors for shared objects', () => {
    const shared = { name: 'x' };
    const yaml = renderData({ a: shared, b: shared, c: undefined }, 'yaml');
    assert.equal(yaml, 'a:\n  name: x\nb:\n  name: x\n');
    assert.equal(renderData({ c: undefined, d: 1 }, 'json'), '{\n  "d": 1\n}\n');
  });

  it('never colours machine output, even with colour on', () => {
    useColor(true);
    const doc = graphDocument(sampleGraph());
    for (const format of ['json', 'yaml'] as const) assert.ok(!renderData(doc, format).includes('\x1b'));
    useColor(false);
  });

  it('describes the tree as a GatewayTree document (golden)', () => {
    assertGolden('tree-json.txt', renderData(graphDocument(sampleGraph()), 'json'));
  });

  it('holds what the tree shows, in the same order', () => {
    const doc = graphDocument(sampleGraph());
    assert.equal(doc.apiVersion, 'kubectl-gw/v1');
    assert.equal(doc.kind, 'GatewayTree');
    assert.deepEqual(Object.keys(doc), ['apiVersion', 'kind', 'gatewayClasses', 'gateways', 'routes', 'unattached', 'coverage']);
    assert.deepEqual(doc.gateways.map((g) => g.id), ['Gateway/dev/sandbox-gw', 'Gateway/infra/shared-gw']);
    assert.deepEqual(doc.gatewayClasses.map((c) => c.name), ['eg', 'nginx']);
    assert.deepEqual(doc.routes.map((r) => r.id), [
      'TLSRoute/data/postgres',
      'HTTPRoute/payments/checkout',
      'HTTPRoute/shop/orphan',
      'HTTPRoute/shop/store',
      'HTTPRoute/team-x/disputed',
    ]);
    assert.deepEqual(doc.unattached.map((u) => u.route), ['HTTPRoute/shop/orphan', 'HTTPRoute/team-x/disputed']);
    assert.deepEqual(doc.coverage.endpointslices.state, 'forbidden');
  });

  it('filters like the tree: one gateway, or the routes of some namespaces', () => {
    const one = graphDocument(sampleGraph(), { gateway: 'infra/shared-gw' });
    assert.deepEqual(one.gateways.map((g) => g.id), ['Gateway/infra/shared-gw']);
    assert.deepEqual(one.gatewayClasses.map((c) => c.name), ['eg']);
    assert.ok(!one.routes.some((r) => r.id === 'HTTPRoute/shop/orphan'));

    const shop = graphDocument(sampleGraph(), { namespaces: ['shop'] });
    const https = shop.gateways[0].listeners.find((l) => l.name === 'https')!;
    assert.deepEqual(https.routes, ['HTTPRoute/shop/store']);
    // The count is the listener's own, whatever the filter hides.
    assert.deepEqual(https.attachedRoutes, { computed: 2, reported: 3 });
    assert.deepEqual(shop.routes.map((r) => r.id), ['HTTPRoute/shop/orphan', 'HTTPRoute/shop/store']);
  });

  it('does not change the graph it is given', () => {
    const g = sampleGraph();
    graphDocument(g, { namespaces: ['shop'] });
    assert.deepEqual(g, sampleGraph());
  });
});
