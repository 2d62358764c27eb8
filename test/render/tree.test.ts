import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import { colorEnabled, shouldColor, stripAnsi, useColor } from '../../src/render/style.js';
import { coverageNotes, emptyMessage, renderTree, UNATTACHED_HEADING } from '../../src/render/tree.js';
import { assertGolden } from './golden.js';
import { coverage, FORBIDDEN_ENDPOINTS, sampleGraph } from './graph-fixture.js';

/** The table part of the tree (before the unattached section). */
function tableLines(out: string): string[] {
  return out.split('\n\n')[0].split('\n');
}

function lineOf(out: string, needle: string): string {
  const line = out.split('\n').find((l) => l.includes(needle));
  assert.ok(line, `no line contains ${needle}:\n${out}`);
  return line;
}

describe('render/tree', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
    useColor(false);
  });
  after(() => useColor(saved));

  it('renders the sample cluster (golden)', () => {
    assertGolden('tree.txt', renderTree(sampleGraph()));
  });

  it('renders -o wide (golden)', () => {
    assertGolden('tree-wide.txt', renderTree(sampleGraph(), { wide: true }));
  });

  it('lines up STATUS and DETAILS on every row, whatever the depth', () => {
    for (const wide of [false, true]) {
      const [header, ...rows] = tableLines(renderTree(sampleGraph(), { wide }));
      const status = header.indexOf('STATUS');
      const detailsAt = header.indexOf('DETAILS');
      assert.ok(status > 0 && detailsAt > status);
      for (const row of rows) {
        assert.equal(row.slice(status - 3, status), '   ', `gap before STATUS in: ${row}`);
        const cell = row.slice(status, detailsAt);
        // Every node but a rule has a status, and it starts with its mark.
        if (/rule #\d/.test(row)) assert.equal(cell.trim(), '', row);
        else assert.match(cell, /^[✔✖!?] \S/, row);
        if (row.length > detailsAt) assert.equal(row.slice(detailsAt - 3, detailsAt), '   ', row);
      }
    }
  });

  it('puts the tree prefixes in the NAME column', () => {
    const out = tableLines(renderTree(sampleGraph())).join('\n');
    assert.match(lineOf(out, 'Gateway/infra/shared-gw'), /^Gateway\/infra\/shared-gw /);
    assert.match(lineOf(out, 'Listener/https'), /^├─ Listener\/https /);
    assert.match(lineOf(out, 'Listener/tls'), /^└─ Listener\/tls /);
    assert.match(lineOf(out, 'HTTPRoute/payments/checkout'), /^│  ├─ HTTPRoute\/payments\/checkout /);
    assert.match(lineOf(out, 'Service data/postgres:5432'), /^ {9}└─ Service data\/postgres:5432 /);
  });

  it('shows gateways by namespace/name and listeners in spec order', () => {
    const rows = tableLines(renderTree(sampleGraph()));
    const names = rows.map((r) => r.split('   ')[0].replace(/^[│├└─ ]+/, ''));
    assert.ok(names.indexOf('Gateway/dev/sandbox-gw') < names.indexOf('Gateway/infra/shared-gw'));
    const listeners = names.filter((n) => n.startsWith('Listener/'));
    assert.deepEqual(listeners, ['Listener/http', 'Listener/http', 'Listener/https', 'Listener/tls']);
    const https = rows.findIndex((r) => r.includes('Listener/https'));
    const checkout = rows.findIndex((r) => r.includes('HTTPRoute/payments/checkout'));
    const store = rows.findIndex((r, i) => i > https && r.includes('HTTPRoute/shop/store'));
    assert.ok(https < checkout && checkout < store);
  });

  it('shows the gateway class on the gateway line: accepted, unclaimed or missing', () => {
    const out = renderTree(sampleGraph());
    assert.match(lineOf(out, 'Gateway/infra/shared-gw'), /✔ Accepted, Programmed +class eg \(accepted\); address 203\.0\.113\.10; 1 policy \(ClientTrafficPolicy\)$/);
    assert.match(lineOf(out, 'Gateway/dev/sandbox-gw'), /✖ .*class nginx \(unclaimed\)/);

    const g = sampleGraph();
    g.gatewayClasses = g.gatewayClasses.filter((c) => c.name !== 'eg');
    g.gatewayClasses.push({ ...sampleGraph().gatewayClasses[0], exists: false, reported: null });
    assert.match(lineOf(renderTree(g), 'Gateway/infra/shared-gw'), /✖ Accepted, Programmed +class eg \(not found\)/);
  });

  it('shows a route attached to several listeners under each of them', () => {
    const rows = tableLines(renderTree(sampleGraph()));
    assert.equal(rows.filter((r) => r.includes('HTTPRoute/shop/store')).length, 2);
  });

  it('gives the listener its protocol, port, hostname, TLS mode and attached routes', () => {
    const out = renderTree(sampleGraph());
    assert.match(lineOf(out, 'Listener/tls'), /TLS :8443; Passthrough; 1 route$/);
    assert.match(
      lineOf(out, 'Listener/https'),
      /! Accepted, Programmed +HTTPS :443; host \*\.example\.com; Terminate; 2 routes \(controller counts 3\)$/,
    );
    assert.match(lineOf(out, '├─ Listener/http '), /✔ .*1 route$/);
    assert.match(lineOf(out, '└─ Listener/http '), /\? Accepted +HTTP :80; 0 routes$/);
  });

  it('shows rules, backends with weight and reason, and endpoints', () => {
    const out = renderTree(sampleGraph());
    assert.match(lineOf(out, 'storefront'), /rule #1 +storefront: PathPrefix \/$/);
    assert.match(lineOf(out, 'Service shop/api:8080'), /✔ found +weight 90$/);
    assert.match(lineOf(out, 'Service legacy/billing:8080'), /✖ RefNotPermitted +weight 1; no ReferenceGrant in namespace legacy/);
    assert.match(lineOf(out, 'HTTPRoute/payments/checkout'), /✖ Accepted, RefNotPermitted +hostname pay\.example\.com; rule 1 backend/);
    assert.ok(out.includes('! 2/3 ready'));
    assert.ok(out.includes('✔ 3/3 ready'));
  });

  it('lists request mirrors after the backends, without a weight', () => {
    const g = sampleGraph();
    const rule = g.routes[0].rules[1];
    rule.mirrors = [
      {
        ref: { group: '', kind: 'Service', namespace: 'shop', name: 'shadow', port: 80, weight: 1 },
        resolved: false,
        reason: 'BackendNotFound',
        message: 'Service shop/shadow does not exist',
        endpoints: null,
      },
    ];
    const rows = renderTree(g).split('\n');
    const web = rows.findIndex((r) => r.includes('Service shop/web:80'));
    assert.match(rows[web], /├─ Service shop\/web:80 /);
    assert.match(rows[web + 2], /└─ mirror Service shop\/shadow:80 +✖ BackendNotFound +Service shop\/shadow does not exist$/);
  });

  it('says endpoints are unknown when they could not be read, never 0/0 or missing', () => {
    const out = renderTree(sampleGraph());
    const rows = out.split('\n');
    const backend = rows.findIndex((r) => r.includes('Service payments/checkout:443'));
    const endpoints = rows[backend + 1];
    assert.match(endpoints, /└─ endpoints +\? unknown +\(forbidden: cannot list endpointslices\)$/);
    assert.ok(!out.includes('0/0'));
    assert.ok(!/missing/i.test(endpoints));
  });

  it('says when a service has no endpoints at all', () => {
    const g = sampleGraph();
    g.routes[2].rules[0].backends[0].endpoints = { ready: 0, serving: 0, terminating: 0, total: 0, addresses: [] };
    assert.match(lineOf(renderTree(g), 'data/postgres:5432'), /✔ found/);
    const rows = renderTree(g).split('\n');
    const i = rows.findIndex((r) => r.includes('Service data/postgres:5432'));
    assert.match(rows[i + 1], /endpoints +✖ none$/);
  });

  it('adds endpoint addresses, certificates and allowed namespaces with -o wide only', () => {
    const plain = renderTree(sampleGraph());
    const wide = renderTree(sampleGraph(), { wide: true });
    assert.ok(!plain.includes('10.1.0.11'));
    assert.match(wide, /! 2\/3 ready +10\.1\.0\.11 \(api-7d9f-0\), 10\.1\.0\.12 \(api-7d9f-1\), 10\.1\.0\.13 \(api-7d9f-2\) not ready/);
    assert.match(lineOf(wide, 'Listener/https'), /from Selector; certificate infra\/wildcard-example-com$/);
    assert.ok(!plain.includes('certificate infra/wildcard-example-com'));
  });

  it('lists routes attached to no listener after the tree, with why', () => {
    const out = renderTree(sampleGraph());
    const [table, unattached] = out.split('\n\n');
    assert.ok(!table.includes('orphan') && !table.includes('disputed'));
    assert.equal(
      unattached,
      [
        UNATTACHED_HEADING,
        '  ✖ HTTPRoute/shop/orphan',
        '      parentRef #0: Gateway shop/missing-gw does not exist',
        '  ! HTTPRoute/team-x/disputed: controller says Accepted, spec says NotAllowedByListeners',
        '      parentRef #0 (Gateway infra/shared-gw, sectionName https): listener https admits routes only from namespaces labelled gateway-access=true (NotAllowedByListeners)',
        '',
      ].join('\n'),
    );
  });

  it('marks a route the controller rejects but the spec accepts with !', () => {
    const g = sampleGraph();
    const parent = g.routes[2].parents[0];
    parent.reported!.conditions[0] = { type: 'Accepted', status: 'False', reason: 'NoMatchingListenerHostname' };
    parent.agrees = false;
    parent.disagreements = [
      {
        conditionType: 'Accepted',
        computed: { status: 'True', reason: 'Accepted' },
        reported: { status: 'False', reason: 'NoMatchingListenerHostname' },
        message: 'the controller rejects what the spec accepts',
      },
    ];
    assert.match(
      lineOf(renderTree(g), 'TLSRoute/data/postgres'),
      /! Accepted, ResolvedRefs +hostname db\.example\.com; controller says NoMatchingListenerHostname, spec says Accepted$/,
    );
  });

  it('marks a gateway whose controller status is stale', () => {
    const g = sampleGraph();
    g.gateways[0].reported = { ...g.gateways[0].reported!, observedGeneration: 2, generation: 3, stale: true };
    assert.match(
      lineOf(renderTree(g), 'Gateway/infra/shared-gw'),
      /! Accepted, Programmed .*controller status is stale \(observedGeneration 2, generation 3\); 1 policy \(ClientTrafficPolicy\)$/,
    );
  });

  it('says a stale status once, though the graph also records it as a disagreement', () => {
    const g = sampleGraph();
    g.gateways[0].reported = { ...g.gateways[0].reported!, observedGeneration: 2, generation: 3, stale: true };
    g.gateways[0].disagreements = [
      {
        conditionType: 'ObservedGeneration',
        message: 'status is stale: observedGeneration 2 is older than generation 3; the controller has not processed the latest spec',
      },
    ];
    const line = lineOf(renderTree(g), 'Gateway/infra/shared-gw');
    assert.match(line, /^Gateway\/infra\/shared-gw +! /);
    assert.equal(line.split('stale').length, 2, line);
  });

  it('marks an unattached route ? when its parent could not be read', () => {
    const g = sampleGraph();
    const orphan = g.routes.find((r) => r.name === 'orphan')!;
    orphan.parents[0].computed[0] = {
      type: 'Accepted',
      status: 'Unknown',
      reason: 'Unknown',
      message: 'Gateway shop/missing-gw: not in the given files',
    };
    assert.match(renderTree(g), /\n {2}\? HTTPRoute\/shop\/orphan\n/);
  });

  it('reads an unknown condition without a reason as Type=Unknown', () => {
    const g = sampleGraph();
    g.routes[2].parents[0].computed[1] = { type: 'ResolvedRefs', status: 'Unknown', reason: 'Unknown', message: 'Secrets not readable' };
    assert.match(lineOf(renderTree(g), 'TLSRoute/data/postgres'), /\? Accepted, ResolvedRefs=Unknown +hostname db\.example\.com; Secrets not readable$/);
  });

  it('shows one gateway with --gateway, and only the unattached routes that point at it', () => {
    const out = renderTree(sampleGraph(), { gateway: 'infra/shared-gw' });
    assert.ok(!out.includes('sandbox-gw'));
    assert.ok(out.includes('HTTPRoute/team-x/disputed'));
    assert.ok(!out.includes('orphan'));
  });

  it('with -n shows gateways of the namespace, and a shared gateway with only its routes from it', () => {
    const out = renderTree(sampleGraph(), { namespaces: ['shop'] });
    assert.ok(!out.includes('sandbox-gw'));
    assert.ok(out.includes('Gateway/infra/shared-gw'));
    assert.ok(!out.includes('payments/checkout') && !out.includes('data/postgres'));
    assert.equal(tableLines(out).filter((r) => r.includes('HTTPRoute/shop/store')).length, 2);
    assert.ok(out.includes('HTTPRoute/shop/orphan'));
    assert.ok(!out.includes('disputed'));

    const infra = renderTree(sampleGraph(), { namespaces: ['infra'] });
    assert.ok(infra.includes('HTTPRoute/payments/checkout') && infra.includes('HTTPRoute/team-x/disputed'));
  });

  it('renders nothing for an empty view, and has kubectl\'s sentence for stderr', () => {
    const empty: Graph = { gatewayClasses: [], gateways: [], routes: [], unattached: [], coverage: coverage() };
    assert.equal(renderTree(empty, { namespaces: ['x'] }), '');
    assert.equal(renderTree(empty, { namespaces: null }), '');
    assert.equal(renderTree(sampleGraph(), { namespaces: ['nothing-here'] }), '');
    assert.equal(emptyMessage({ namespaces: ['x'] }), 'No resources found in x namespace.');
    assert.equal(emptyMessage({ namespaces: null }), 'No resources found');
  });

  it('still lists unattached routes when no gateway is shown', () => {
    const out = renderTree(sampleGraph(), { namespaces: ['team-x'] });
    assert.ok(out.startsWith('Routes attached to no listener:\n'));
  });

  it('-l shows a matching gateway whole, and only the matching routes under the others', () => {
    const shown = (kind: string, _ns: string, name: string) => (kind === 'Gateway' ? name === 'sandbox-gw' : name === 'store');
    const out = renderTree(sampleGraph(), { selected: shown });
    assert.match(out, /^Gateway\/dev\/sandbox-gw/m);
    assert.match(out, /HTTPRoute\/shop\/store/);
    assert.doesNotMatch(out, /HTTPRoute\/payments\/checkout/);
    assert.doesNotMatch(out, /TLSRoute/);
  });

  it('is not coloured when NO_COLOR is set or stdout is not a terminal', () => {
    for (const ctx of [
      { env: { NO_COLOR: '' }, isTTY: true },
      { env: {}, isTTY: false },
    ]) {
      useColor(shouldColor(ctx));
      assert.ok(!renderTree(sampleGraph()).includes('\x1b['));
    }
    useColor(false);
  });

  it('colours on a terminal without moving a column', () => {
    useColor(true);
    const coloured = renderTree(sampleGraph(), { wide: true });
    useColor(false);
    assert.match(coloured, /\x1b\[32m✔ Accepted, Programmed\x1b\[39m/);
    assert.equal(stripAnsi(coloured), renderTree(sampleGraph(), { wide: true }));
  });

  it('names what could not be read, for a warning', () => {
    assert.deepEqual(coverageNotes(sampleGraph().coverage), [`cannot read endpointslices (forbidden): ${FORBIDDEN_ENDPOINTS}`]);
  });
});
