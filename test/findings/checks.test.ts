// The findings: each code from the smallest cluster that shows it, with the fix a person can act on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyse } from '../../src/analyse.js';
import { CATALOGUE, FINDING_CODES } from '../../src/findings/catalogue.js';
import { didYouMean } from '../../src/findings/suggest.js';
import type { Finding } from '../../src/model/finding.js';
import { makeCA, makeLeaf } from '../support/certs.js';
import { cluster, NOW } from '../spec/cluster.js';

const BASE = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: example.com/gw}
status: {conditions: [{type: Accepted, status: "True", reason: Accepted}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: infra, labels: {kubernetes.io/metadata.name: infra}}
---
apiVersion: v1
kind: Namespace
metadata: {name: team, labels: {kubernetes.io/metadata.name: team}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - name: https
    port: 443
    protocol: HTTPS
    hostname: "*.example.com"
    tls: {certificateRefs: [{name: cert}]}
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {gw-access: "yes"}}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: team}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: team, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
`;

function findings(extra: string): Finding[] {
  return analyse(cluster(`${BASE}---\n${extra}`), { now: NOW }).findings;
}

function only(list: Finding[], code: string): Finding {
  const hits = list.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `${code} once in ${JSON.stringify(list.map((f) => `${f.code} ${f.message}`), null, 1)}`);
  return hits[0];
}

const route = (spec: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: team}
spec:
${spec}`;

describe('findings', () => {
  it('RT201: a parentRef to a Gateway that does not exist, with "did you mean"', () => {
    const f = only(findings(route('  parentRefs: [{name: gw2, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')), 'RT201');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.subject, { kind: 'HTTPRoute', namespace: 'team', name: 'r', section: 'parentRef 0' });
    assert.match(f.fix!, /did you mean "gw"\?/);
  });

  it('RT202: a sectionName that names no listener, with the one that exists', () => {
    const f = only(findings(route('  parentRefs: [{name: gw, namespace: infra, sectionName: htp}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')), 'RT202');
    assert.match(f.fix!, /did you mean sectionName "http"\?/);
  });

  it('RT203: a namespace the Selector does not admit, with the label to add', () => {
    const f = only(findings(route('  parentRefs: [{name: gw, namespace: infra, sectionName: https}]\n  hostnames: [a.example.com]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')), 'RT203');
    assert.match(f.fix!, /kubectl label namespace team gw-access=yes/);
    assert.doesNotMatch(f.cause!, /not selected/);
  });

  it('RT204: hostnames that intersect no listener hostname', () => {
    // team is not labelled: the namespace rule would decide first, so label it here.
    const labelled = analyse(
      cluster(`${BASE.replace('labels: {kubernetes.io/metadata.name: team}', 'labels: {kubernetes.io/metadata.name: team, gw-access: "yes"}')}---\n${route('  parentRefs: [{name: gw, namespace: infra, sectionName: https}]\n  hostnames: [shop.example.org]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')}`),
      { now: NOW },
    ).findings;
    const f = only(labelled, 'RT204');
    assert.match(f.fix!, /\*\.example\.com/);
  });

  it('RT205 and RT206: a missing Service ("did you mean") and a missing port (the ports that exist)', () => {
    const missing = only(findings(route('  parentRefs: [{name: gw, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: wbe, port: 80}]}]')), 'RT205');
    assert.match(missing.fix!, /did you mean Service "web"\?/);
    const port = only(findings(route('  parentRefs: [{name: gw, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: web, port: 8081}]}]')), 'RT206');
    assert.match(port.fix!, /ports: 80/);
  });

  it('RT207: a cross-namespace backend without a ReferenceGrant, with the grant to apply', () => {
    const f = only(findings(route('  parentRefs: [{name: gw, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: web, namespace: infra, port: 80}]}]').replace('name: web, namespace: infra', 'name: api, namespace: infra') + `
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: infra}
spec: {ports: [{port: 80}]}`), 'RT207');
    assert.match(f.fix!, /kind: ReferenceGrant\n[\s\S]*namespace: infra\n[\s\S]*from:\n\s+- group: gateway.networking.k8s.io\n\s+kind: HTTPRoute\n\s+namespace: team\n\s+to:\n\s+- group: ""\n\s+kind: Service\n\s+name: api/);
  });

  it('RT209: no ready endpoints; RT213: served in clear text as well as over HTTPS', () => {
    const list = findings(route('  parentRefs: [{name: gw, namespace: infra}]\n  hostnames: [a.example.com]\n  rules: [{backendRefs: [{name: web, port: 80}]}]'));
    // team lacks the label: only http attaches, so no clear-text warning.
    assert.ok(!list.some((f) => f.code === 'RT213'));
    const both = analyse(
      cluster(
        `${BASE.replace('labels: {kubernetes.io/metadata.name: team}', 'labels: {kubernetes.io/metadata.name: team, gw-access: "yes"}').replace('conditions: {ready: true}', 'conditions: {ready: false}')}---\n${route('  parentRefs: [{name: gw, namespace: infra}]\n  hostnames: [a.example.com]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')}`,
      ),
      { now: NOW },
    ).findings;
    assert.match(only(both, 'RT213').fix!, /sectionName: https/);
    assert.match(only(both, 'RT209').message, /no ready endpoints \(1 in total\)/);
  });

  it('GC001 and GC002: a class that does not exist, a class no controller claims', () => {
    const list = analyse(cluster(BASE.replace('gatewayClassName: eg', 'gatewayClassName: egg')), { now: NOW }).findings;
    assert.match(only(list, 'GC001').fix!, /did you mean "eg"\?/);
    const unclaimed = analyse(cluster(BASE.replace(/status: \{conditions: \[\{type: Accepted, status: "True", reason: Accepted\}\]\}/, '')), { now: NOW }).findings;
    assert.match(only(unclaimed, 'GC002').message, /no controller claims GatewayClass eg: it has no status at all/);
  });

  it('CV401: a forbidden resource is one finding, and its verdicts are unknown, not missing', () => {
    const snapshot = cluster(`${BASE}---\n${route('  parentRefs: [{name: gw, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: nope, port: 80}]}]')}`, {
      coverage: { services: { state: 'forbidden', message: 'cannot list services (forbidden)' } },
    });
    const list = analyse(snapshot, { now: NOW }).findings;
    assert.match(only(list, 'CV401').message, /could not read services/);
    assert.ok(!list.some((f) => f.code === 'RT205'), 'a Service that could not be read is never "missing"');
  });

  it('ST303 only where a status entry was due: never for routes read from -f files', () => {
    const text = `${BASE}---\n${route('  parentRefs: [{name: gw, namespace: infra, sectionName: http}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]')}`;
    const live = analyse(cluster(text), { now: NOW }).findings;
    assert.match(only(live, 'ST303').fix!, /kubectl gw explain gateway infra\/gw/);
    const files = cluster(text);
    for (const r of files.routes) files.origins[`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`] = 'change.yaml:1';
    assert.ok(!analyse(files, { now: NOW }).findings.some((f) => f.code === 'ST303' || f.code === 'ST301'));
  });

  it('RT203 for a kind the listener does not carry suggests allowedRoutes.kinds, not a namespace label', () => {
    const text = BASE.replace('{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}', '{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: HTTPRoute}]}}');
    const grpc = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: team}
spec:
  parentRefs: [{name: gw, namespace: infra, sectionName: http}]
  rules: [{backendRefs: [{name: web, port: 80}]}]`;
    const f = only(analyse(cluster(`${text}---\n${grpc}`), { now: NOW }).findings, 'RT203');
    assert.match(f.fix!, /does not carry GRPCRoute/);
    assert.doesNotMatch(f.fix!, /kubectl label/);
  });

  it('a RequestMirror to a Service that does not exist is a finding', () => {
    const f = only(
      findings(
        route(`  parentRefs: [{name: gw, namespace: infra, sectionName: http}]
  rules:
  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]
    backendRefs: [{name: web, port: 80}]`),
      ),
      'RT205',
    );
    assert.equal(f.subject.section, 'rule 0 mirror 0');
  });

  it('certificate expiry is the leaf\'s, even when the chain lists its CA first', () => {
    const ca = makeCA('old-ca');
    const leaf = makeLeaf(ca, { dnsNames: ['*.example.com'], notBefore: new Date('2025-01-01'), notAfter: new Date('2030-01-01') });
    const expiredCa = makeCA('expired-ca');
    // The CA block first: an expired CA in the chain does not make the listener's certificate expired.
    const chain = `${expiredCa.certPem}${leaf.certPem}`;
    const secret = `apiVersion: v1
kind: Secret
metadata: {name: cert, namespace: infra}
type: kubernetes.io/tls
data: {tls.crt: ${Buffer.from(chain).toString('base64')}, tls.key: ${Buffer.from('x').toString('base64')}}`;
    const list = analyse(cluster(`${BASE}---\n${secret}`), { now: new Date('2029-12-15T00:00:00Z') }).findings;
    assert.ok(!list.some((f) => f.code === 'GW104'), JSON.stringify(list.filter((f) => f.code.startsWith('GW'))));
    assert.match(only(list, 'GW105').message, /expires on 2030-01-01/);
  });

  it('GW111: an un-prefixed protocol that is not core; GW112: a listener hostname the API rejects or the spec forbids', () => {
    const gw = (name: string, listener: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec: {gatewayClassName: eg, listeners: [${listener}]}
`;
    const list = findings(gw('proto', '{name: web, port: 80, protocol: http}') + gw('ip', '{name: web, port: 80, protocol: HTTP, hostname: 10.1.2.3}'));
    const proto = only(list, 'GW111');
    assert.equal(proto.subject.name, 'proto');
    assert.match(proto.message, /protocol http is not a protocol the spec defines: protocol names are case-sensitive/);
    const host = only(list, 'GW112');
    assert.equal(host.subject.name, 'ip');
    assert.match(host.message, /hostname 10\.1\.2\.3 is an IP address/);
    assert.ok(!list.some((f) => f.code === 'GW108' && ['proto', 'ip'].includes(f.subject.name ?? '')), 'no GW108 beside them');
  });

  it('every code in the catalogue is documented in docs/findings.md, with its severity', () => {
    const doc = readFileSync('docs/findings.md', 'utf8');
    for (const code of FINDING_CODES) {
      assert.match(doc, new RegExp(`\\| ${code} \\| ${CATALOGUE[code].severity} \\|`), code);
    }
  });
});

describe('did you mean', () => {
  const cases: Array<[string, string[], string | undefined]> = [
    ['shared-gateway', ['shared-gw', 'internal-gw'], 'shared-gw'],
    ['chekout', ['checkout', 'refunds'], 'checkout'],
    ['htp', ['http', 'https'], 'http'],
    ['payments', ['blog', 'store'], undefined],
    ['x', ['y'], undefined],
  ];
  for (const [name, candidates, want] of cases) {
    it(`${name} among ${candidates.join(', ')} -> ${want ?? 'nothing'}`, () => assert.equal(didYouMean(name, candidates), want));
  }
});
