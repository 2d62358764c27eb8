import assert from 'node:assert/strict';
import type { Finding } from '../../src/model/finding.js';
import {
  renderFindingsProse,
  renderFindingsTable,
  subjectLabel,
  summarizeFindings,
} from '../../src/render/findings.js';
import { colorEnabled, stripAnsi, useColor } from '../../src/render/style.js';
import { assertGolden } from './golden.js';

const GRANT_FIX = `Create a ReferenceGrant in namespace legacy:

  apiVersion: gateway.networking.k8s.io/v1beta1
  kind: ReferenceGrant
  metadata:
    name: allow-payments-httproutes
    namespace: legacy
  spec:
    from:
      - group: gateway.networking.k8s.io
        kind: HTTPRoute
        namespace: payments
    to:
      - group: ""
        kind: Service
        name: billing
`;

const FINDINGS: Finding[] = [
  {
    code: 'GW-L004',
    severity: 'warning',
    subject: { kind: 'Gateway', namespace: 'infra', name: 'shared-gw', section: 'listener https' },
    message: 'The controller counts 3 attached routes; the spec counts 2.',
    cause: 'HTTPRoute team-x/disputed is counted by the controller but its namespace is not selected by allowedRoutes.',
  },
  {
    code: 'GW-R003',
    severity: 'error',
    subject: { kind: 'HTTPRoute', namespace: 'payments', name: 'checkout', section: 'rule 1 backend 0' },
    message: 'Backend Service legacy/billing is in another namespace and no ReferenceGrant allows it.',
    cause: 'A backendRef to another namespace needs a ReferenceGrant in the target namespace (ResolvedRefs=False RefNotPermitted).',
    fix: GRANT_FIX,
    origin: 'routes.yaml:14',
  },
  {
    code: 'GW-C001',
    severity: 'info',
    subject: { kind: 'GatewayClass', name: 'nginx' },
    message: 'No controller has written status on this GatewayClass.',
  },
  {
    code: 'GW-R001',
    severity: 'error',
    subject: { kind: 'HTTPRoute', namespace: 'shop', name: 'orphan' },
    message: 'parentRef #0 names Gateway shop/missing-gw, which does not exist.',
    fix: 'Point parentRefs[0] at an existing Gateway, e.g. infra/shared-gw.',
  },
];

describe('render/findings', () => {
  let saved: boolean;
  before(() => {
    saved = colorEnabled();
    useColor(false);
  });
  after(() => useColor(saved));

  it('renders a table, most severe first (golden)', () => {
    assertGolden('findings-table.txt', renderFindingsTable(FINDINGS));
  });

  it('leaves the summary line to the caller', () => {
    const out = renderFindingsTable(FINDINGS);
    assert.ok(!out.includes('2 errors'));
    assert.ok(out.endsWith('GatewayClass/nginx                               No controller has written status on this GatewayClass.\n'));
  });

  it('adds the first line of the fix with -o wide (golden)', () => {
    const out = renderFindingsTable(FINDINGS, { wide: true });
    assertGolden('findings-table-wide.txt', out);
    assert.match(out.split('\n')[0], /^SEVERITY +CODE +OBJECT +MESSAGE +FIX$/);
    assert.match(out, /Create a ReferenceGrant in namespace legacy: …/);
  });

  it('renders prose with the YAML fix kept as a block (golden)', () => {
    const out = renderFindingsProse(FINDINGS);
    assertGolden('findings-prose.txt', out);
    assert.ok(
      out.includes(
        [
          '  Fix:',
          '    Create a ReferenceGrant in namespace legacy:',
          '',
          '      apiVersion: gateway.networking.k8s.io/v1beta1',
          '      kind: ReferenceGrant',
          '      metadata:',
          '        name: allow-payments-httproutes',
        ].join('\n'),
      ),
    );
    assert.ok(out.includes('  Fix: Point parentRefs[0] at an existing Gateway, e.g. infra/shared-gw.\n'));
    assert.ok(out.includes('  From: routes.yaml:14'));
    assert.ok(out.endsWith('\n\n2 errors, 1 warning, 1 info\n'));
  });

  it('counts findings for the summary line', () => {
    assert.equal(summarizeFindings(FINDINGS), '2 errors, 1 warning, 1 info');
    assert.equal(summarizeFindings(FINDINGS.filter((f) => f.severity !== 'info')), '2 errors, 1 warning');
    assert.equal(summarizeFindings([FINDINGS[0]]), '0 errors, 1 warning');
    assert.equal(summarizeFindings([]), 'No problems found.');
    assert.equal(renderFindingsTable([]), 'No problems found.\n');
    assert.equal(renderFindingsProse([]), 'No problems found.\n');
  });

  it('names the object with its section', () => {
    assert.equal(subjectLabel(FINDINGS[1].subject), 'HTTPRoute/payments/checkout (rule 1 backend 0)');
    assert.equal(subjectLabel(FINDINGS[2].subject), 'GatewayClass/nginx');
  });

  it('marks severity with a character as well as a colour', () => {
    useColor(true);
    const coloured = renderFindingsTable(FINDINGS);
    useColor(false);
    assert.match(coloured, /\x1b\[31m✖ error\x1b\[39m/);
    assert.equal(stripAnsi(coloured), renderFindingsTable(FINDINGS));
    const severities = renderFindingsTable(FINDINGS)
      .split('\n')
      .slice(1, 5)
      .map((l) => l.split('   ')[0]);
    assert.deepEqual(severities, ['✖ error', '✖ error', '! warning', '? info']);
  });
});
