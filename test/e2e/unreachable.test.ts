// The bundled example's store/store-sale: attached, healthy, and never reached (store/store is
// older and matches every request it would). Each command a user reaches for says so.
import assert from 'node:assert/strict';
import { runGw } from './run-gw.js';

const TAKER = 'HTTPRoute store/store rule #2 is older and matches every request rule #0 would (listener https, host store.example.com)';

describe('kubectl gw: a rule no request reaches (examples/ store/store-sale)', function () {
  this.timeout(60_000);

  it('explain route: the rule that takes its traffic and why, in prose and in -o json', async () => {
    const prose = await runGw(['explain', 'route', 'store-sale', '-n', 'store', '-f', 'examples/']);
    assert.ok(prose.stdout.includes(`✖ never reached: ${TAKER}`), prose.stdout);
    assert.match(prose.stdout, /Verdict: HTTPRoute store\/store-sale is attached to infra\/shared-gw \(https\), but no request reaches it/);
    const json = await runGw(['explain', 'route', 'store-sale', '-n', 'store', '-f', 'examples/', '-o', 'json']);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.rules[0].index, 0);
    assert.equal(doc.rules[0].reachable, 'no');
    assert.deepEqual(doc.rules[0].shadowedBy, [{ route: { kind: 'HTTPRoute', namespace: 'store', name: 'store' }, rule: 2 }]);
    assert.deepEqual(doc.rules[0].reasons, [TAKER]);
    const store = JSON.parse((await runGw(['explain', 'route', 'store', '-n', 'store', '-f', 'examples/', '-o', 'json'])).stdout);
    assert.deepEqual(store.rules.map((r: { reachable: string }) => r.reachable), ['yes', 'yes', 'yes']);
  });

  it('check: RT214 on the rule; tree: the rule marked unreachable', async () => {
    const check = JSON.parse((await runGw(['check', '-f', 'examples/', '-o', 'json'])).stdout);
    const rt214 = check.findings.filter((f: { code: string }) => f.code === 'RT214');
    assert.equal(rt214.length, 1);
    assert.deepEqual(rt214[0].subject, { kind: 'HTTPRoute', namespace: 'store', name: 'store-sale', section: 'rule 0' });
    assert.equal(rt214[0].severity, 'warning');
    assert.equal(rt214[0].message, `rule 0 never receives a request: ${TAKER}`);
    const tree = await runGw(['tree', '-f', 'examples/']);
    const lines = tree.stdout.split('\n');
    const sale = lines.findIndex((l) => l.includes('HTTPRoute/store/store-sale'));
    assert.match(lines[sale + 1], /rule #0\s+✖ unreachable\s+PathPrefix \/; HTTPRoute store\/store rule #2 is older/);
    // No other rule of the example is marked.
    assert.equal(lines.filter((l) => /unreachable|partly reachable/.test(l)).length, 1, tree.stdout);
  });
});
