import assert from 'node:assert/strict';
import type { Graph } from '../../src/model/graph.js';
import { makeCA, makeLeaf } from '../support/certs.js';
import { CLASS, computed, graphOf, listener } from './cluster.js';

const ca = makeCA('listeners test CA');
const b64 = (s: string) => Buffer.from(s).toString('base64');
function tlsSecret(ns: string, name: string, dnsNames: string[], notBefore = '2025-01-01', notAfter = '2027-01-01'): string {
  const leaf = makeLeaf(ca, { dnsNames, notBefore: new Date(notBefore), notAfter: new Date(notAfter) });
  return `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${ns}}
type: kubernetes.io/tls
data: {tls.crt: ${b64(leaf.certPem)}, tls.key: ${b64(leaf.keyPem)}}
`;
}

const gateway = (listeners: string, name = 'gw') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: gw-class
  listeners:
${listeners}
`;

function gw(graph: Graph, name = 'gw') {
  const g = graph.gateways.find((x) => x.id === `Gateway/infra/${name}`);
  assert.ok(g, `no gateway ${name}`);
  return g;
}
const L = (name: string, gwName = 'gw') => `Gateway/infra/${gwName}#${name}`;

describe('spec/listeners', () => {
  describe('supportedKinds and InvalidRouteKinds', () => {
    const cases: Array<[string, string, string[], string]> = [
      ['HTTP, no kinds', '{name: l, port: 80, protocol: HTTP}', ['HTTPRoute', 'GRPCRoute'], 'True ResolvedRefs'],
      ['HTTPS, no kinds', '{name: l, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}', ['HTTPRoute', 'GRPCRoute'], 'True ResolvedRefs'],
      ['TLS Passthrough, no kinds', '{name: l, port: 443, protocol: TLS, tls: {mode: Passthrough}}', ['TLSRoute'], 'True ResolvedRefs'],
      ['TLS Terminate, no kinds', '{name: l, port: 443, protocol: TLS, tls: {mode: Terminate, certificateRefs: [{name: c}]}}', ['TLSRoute', 'TCPRoute'], 'True ResolvedRefs'],
      ['TCP, no kinds', '{name: l, port: 9000, protocol: TCP}', ['TCPRoute'], 'True ResolvedRefs'],
      ['UDP, no kinds', '{name: l, port: 53, protocol: UDP}', ['UDPRoute'], 'True ResolvedRefs'],
      // Protocol names are compared as written: `http` is no core protocol and carries nothing.
      ['protocol names are case-sensitive', '{name: l, port: 80, protocol: http}', [], 'True ResolvedRefs'],
      // conformance TLSRouteListenerPassthroughSupportedKinds
      [
        'TLS Passthrough listing TCPRoute and TLSRoute',
        '{name: l, port: 443, protocol: TLS, tls: {mode: Passthrough}, allowedRoutes: {kinds: [{kind: TCPRoute}, {kind: TLSRoute}]}}',
        ['TLSRoute'],
        'False InvalidRouteKinds',
      ],
      // conformance GatewayInvalidRouteKind
      ['only an invalid kind', '{name: l, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}]}}', [], 'False InvalidRouteKinds'],
      ['a valid and an invalid kind', '{name: l, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: InvalidRoute}, {kind: HTTPRoute}]}}', ['HTTPRoute'], 'False InvalidRouteKinds'],
      ['a kind the protocol cannot carry', '{name: l, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: TCPRoute}]}}', [], 'False InvalidRouteKinds'],
      ['a kind of another group', '{name: l, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{group: example.com, kind: HTTPRoute}]}}', [], 'False InvalidRouteKinds'],
    ];
    for (const [name, l, kinds, resolved] of cases) {
      it(`${name}: [${kinds.join(', ')}], ResolvedRefs ${resolved}`, () => {
        const g = graphOf(CLASS + gateway(`  - ${l}`) + tlsSecret('infra', 'c', ['a.example.com']));
        const node = listener(g, L('l'));
        assert.deepEqual(node.supportedKinds.map((k) => k.kind), kinds);
        assert.equal(computed(node.computed, 'ResolvedRefs'), resolved);
      });
    }
  });

  describe('distinct listeners and conflicts', () => {
    it('conformance GatewayListenerProtocolAndRouteKindConflicts: HTTPS and TLS on one port, same hostname', () => {
      const g = graphOf(
        CLASS +
          gateway(`  - {name: tls, port: 443, protocol: TLS, hostname: abc.example.com, tls: {mode: Passthrough}, allowedRoutes: {kinds: [{kind: TLSRoute}]}}
  - {name: conflicted-https, port: 8443, protocol: HTTPS, allowedRoutes: {kinds: [{kind: HTTPRoute}]}, tls: {certificateRefs: [{name: c}]}}
  - {name: conflicted-tls, port: 8443, protocol: TLS, allowedRoutes: {kinds: [{kind: TLSRoute}]}, tls: {mode: Passthrough}}`) +
          tlsSecret('infra', 'c', ['https.example.org']),
      );
      for (const name of ['conflicted-https', 'conflicted-tls']) {
        const node = listener(g, L(name));
        assert.equal(computed(node.computed, 'Conflicted'), 'True ProtocolConflict');
        assert.equal(computed(node.computed, 'Accepted'), 'False Invalid');
      }
      assert.equal(computed(listener(g, L('tls')).computed, 'Conflicted'), 'False NoConflicts');
      assert.equal(computed(gw(g).computed, 'Accepted'), 'True ListenersNotValid');
      assert.match(gw(g).computed[0].message, /not valid: conflicted-https \(Invalid\), conflicted-tls \(Invalid\); accepted: tls/);
    });
    it('conformance GatewayHTTPSAndTLSPassthroughSamePort: different hostnames are distinct', () => {
      const g = graphOf(
        CLASS +
          gateway(`  - {name: https-terminate, port: 8884, protocol: HTTPS, hostname: "*.example.com", tls: {mode: Terminate, certificateRefs: [{name: c}]}}
  - {name: tls-passthrough, port: 8884, protocol: TLS, hostname: abc.example.com, tls: {mode: Passthrough}}`) +
          tlsSecret('infra', 'c', ['other.example.com']),
      );
      assert.equal(computed(listener(g, L('https-terminate')).computed, 'Conflicted'), 'False NoConflicts');
      assert.equal(computed(listener(g, L('tls-passthrough')).computed, 'Conflicted'), 'False NoConflicts');
      assert.equal(computed(gw(g).computed, 'Accepted'), 'True Accepted');
    });
    const conflictCases: Array<[string, string, Record<string, string>]> = [
      [
        'HTTP and HTTPS on one port',
        `  - {name: a, port: 8080, protocol: HTTP}\n  - {name: b, port: 8080, protocol: HTTPS, tls: {certificateRefs: [{name: c}]}}`,
        { a: 'True ProtocolConflict', b: 'True ProtocolConflict' },
      ],
      [
        'TCP shares a port with HTTP: every listener on it',
        `  - {name: a, port: 9000, protocol: HTTP, hostname: a.example.com}\n  - {name: b, port: 9000, protocol: TCP}\n  - {name: c, port: 9000, protocol: HTTP, hostname: c.example.com}`,
        { a: 'True ProtocolConflict', b: 'True ProtocolConflict', c: 'True ProtocolConflict' },
      ],
      [
        'two HTTP listeners with the same hostname',
        `  - {name: a, port: 80, protocol: HTTP, hostname: x.example.com}\n  - {name: b, port: 80, protocol: HTTP, hostname: x.example.com}`,
        { a: 'True HostnameConflict', b: 'True HostnameConflict' },
      ],
      [
        // Hostnames are not normalised: X.example.com is rejected on its own (validity below),
        // and a rejected listener makes no other listener conflict.
        'an upper-case hostname is no duplicate of the lower-case one',
        `  - {name: a, port: 80, protocol: HTTP, hostname: x.example.com}\n  - {name: b, port: 80, protocol: HTTP, hostname: X.example.com}`,
        { a: 'False NoConflicts', b: 'False NoConflicts' },
      ],
      [
        'a listener with an unsupported protocol makes no other listener conflict',
        `  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: INVALID}`,
        { a: 'False NoConflicts', b: 'False NoConflicts' },
      ],
      [
        'two HTTP listeners distinct by hostname',
        `  - {name: a, port: 80, protocol: HTTP, hostname: x.example.com}\n  - {name: b, port: 80, protocol: HTTP}`,
        { a: 'False NoConflicts', b: 'False NoConflicts' },
      ],
      [
        'TCP and UDP on one port number are distinct',
        `  - {name: a, port: 53, protocol: TCP}\n  - {name: b, port: 53, protocol: UDP}`,
        { a: 'False NoConflicts', b: 'False NoConflicts' },
      ],
      [
        'two TCP listeners on one port',
        `  - {name: a, port: 5432, protocol: TCP}\n  - {name: b, port: 5432, protocol: TCP}`,
        { a: 'True HostnameConflict', b: 'True HostnameConflict' },
      ],
    ];
    for (const [name, listeners, expected] of conflictCases) {
      it(name, () => {
        const g = graphOf(CLASS + gateway(listeners) + tlsSecret('infra', 'c', ['a.example.com']));
        for (const [l, want] of Object.entries(expected)) assert.equal(computed(listener(g, L(l)).computed, 'Conflicted'), want, l);
      });
    }
    it('when every listener conflicts the Gateway is not accepted', () => {
      const g = graphOf(CLASS + gateway(`  - {name: a, port: 80, protocol: HTTP}\n  - {name: b, port: 80, protocol: TCP}`));
      assert.equal(computed(gw(g).computed, 'Accepted'), 'False ListenersNotValid');
    });
    it('conformance GatewayOverlappingTLSConfigHostnames: overlapping HTTPS hostnames on one port', () => {
      const cert = '{mode: Terminate, certificateRefs: [{kind: Secret, group: "", name: c}]}';
      const g = graphOf(
        CLASS +
          gateway(`  - {name: foo-https, port: 443, protocol: HTTPS, hostname: foo.example.com, tls: ${cert}}
  - {name: bar-https, port: 443, protocol: HTTPS, hostname: bar.bar.example.com, tls: ${cert}}
  - {name: wildcard-https, port: 443, protocol: HTTPS, hostname: "*.example.com", tls: ${cert}}
  - {name: not-overlapping-https, port: 443, protocol: HTTPS, hostname: example.com, tls: ${cert}}
  - {name: not-overlapping-other-port, port: 9443, protocol: HTTPS, hostname: foo.example.com, tls: ${cert}}`) +
          tlsSecret('infra', 'c', ['*.example.com']),
      );
      const overlap = (n: string) => computed(listener(g, L(n)).computed, 'OverlappingTLSConfig');
      assert.equal(overlap('foo-https'), 'True OverlappingHostnames');
      assert.equal(overlap('bar-https'), 'True OverlappingHostnames');
      assert.equal(overlap('wildcard-https'), 'True OverlappingHostnames');
      assert.equal(overlap('not-overlapping-https'), 'absent');
      assert.equal(overlap('not-overlapping-other-port'), 'absent');
    });
  });

  describe('certificates (conformance GatewayInvalidTLSConfiguration and secret reference tests)', () => {
    const https = (ref: string, hostname = 'shop.example.com') =>
      `  - {name: https, port: 443, protocol: HTTPS, hostname: ${hostname}, tls: {certificateRefs: [${ref}]}}`;
    const GRANT = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: gw-certs, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: "", kind: Secret}]
`;
    const MALFORMED = `---
apiVersion: v1
kind: Secret
metadata: {name: malformed-certificate, namespace: infra}
type: kubernetes.io/tls
data: {tls.crt: SGVsbG8gd29ybGQK, tls.key: SGVsbG8gd29ybGQK}
`;
    const cases: Array<[string, string, string, boolean | null, string]> = [
      ['a valid Secret', '{name: good}', tlsSecret('infra', 'good', ['shop.example.com']), true, 'True ResolvedRefs'],
      ['a nonexistent Secret', '{group: "", kind: Secret, name: nonexistent-certificate}', '', false, 'False InvalidCertificateRef'],
      ['an unsupported group', '{group: wrong.group.company.io, kind: Secret, name: good}', tlsSecret('infra', 'good', ['x']), false, 'False InvalidCertificateRef'],
      ['an unsupported kind', '{group: "", kind: WrongKind, name: good}', tlsSecret('infra', 'good', ['x']), false, 'False InvalidCertificateRef'],
      ['a malformed Secret', '{name: malformed-certificate}', MALFORMED, false, 'False InvalidCertificateRef'],
      ['another namespace without a ReferenceGrant', '{name: wild, namespace: certs}', tlsSecret('certs', 'wild', ['*.example.com']), false, 'False RefNotPermitted'],
      ['another namespace with a ReferenceGrant', '{name: wild, namespace: certs}', tlsSecret('certs', 'wild', ['*.example.com']) + GRANT, true, 'True ResolvedRefs'],
    ];
    for (const [name, ref, objects, resolved, condition] of cases) {
      it(`${name}: ${condition}`, () => {
        const g = graphOf(CLASS + gateway(https(ref)) + objects);
        const node = listener(g, L('https'));
        assert.equal(node.certificates[0].resolved, resolved);
        assert.equal(computed(node.computed, 'ResolvedRefs'), condition);
      });
    }
    it('Secrets forbidden: unknown, never missing', () => {
      const g = graphOf(CLASS + gateway(https('{name: good}')), { coverage: { secrets: { state: 'forbidden', message: 'x' } } });
      const node = listener(g, L('https'));
      assert.equal(node.certificates[0].resolved, null);
      assert.equal(node.certificates[0].message, 'Secret infra/good: unknown (forbidden: x)');
      assert.equal(computed(node.computed, 'ResolvedRefs'), 'Unknown Unknown');
    });
    it('reads expiry and hostname coverage from the certificate', () => {
      const g = graphOf(CLASS + gateway(`${https('{name: old}')}\n${https('{name: other}', 'x.example.org').replace('name: https', 'name: https2')}`) +
        tlsSecret('infra', 'old', ['shop.example.com'], '2024-01-01', '2025-01-01') + tlsSecret('infra', 'other', ['*.example.com']));
      const expired = listener(g, L('https')).certificates[0];
      assert.equal(expired.expired, true);
      assert.equal(expired.coversHostname, true);
      assert.match(expired.message, /EXPIRED/);
      const wrongName = listener(g, L('https2')).certificates[0];
      assert.equal(wrongName.expired, false);
      assert.equal(wrongName.coversHostname, false);
      assert.match(wrongName.message, /does not cover x.example.org/);
    });
    it('Passthrough ignores certificateRefs ("The certificateRefs field is ignored in this mode")', () => {
      const g = graphOf(CLASS + gateway('  - {name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough, certificateRefs: [{name: nope}]}}'));
      assert.deepEqual(listener(g, L('tls')).certificates, []);
      assert.equal(computed(listener(g, L('tls')).computed, 'ResolvedRefs'), 'True ResolvedRefs');
    });
    it('an HTTPS listener without certificateRefs', () => {
      const g = graphOf(CLASS + gateway('  - {name: https, port: 443, protocol: HTTPS}'));
      assert.equal(computed(listener(g, L('https')).computed, 'ResolvedRefs'), 'False InvalidCertificateRef');
    });
  });

  describe('attachedRoutes', () => {
    it('conformance: set even when the listener has unresolved refs, and counts Accepted routes with bad backends', () => {
      const g = graphOf(
        CLASS +
          gateway('  - {name: tls, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: does-not-exist}]}}', 'unresolved') +
          `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: http-route-4, namespace: infra}
spec:
  parentRefs: [{name: unresolved}]
  rules: [{backendRefs: [{name: does-not-exist, port: 8080}]}]
`,
      );
      const node = listener(g, L('tls', 'unresolved'));
      assert.equal(computed(node.computed, 'ResolvedRefs'), 'False InvalidCertificateRef');
      assert.equal(node.attachedRoutes.computed, 1);
      assert.deepEqual(node.routes, ['HTTPRoute/infra/http-route-4']);
    });
    it('a route with two parentRefs to the same listener counts once', () => {
      const g = graphOf(
        CLASS +
          gateway('  - {name: http, port: 80, protocol: HTTP}') +
          `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: http}, {name: gw, port: 80}]
`,
      );
      assert.equal(listener(g, L('http')).attachedRoutes.computed, 1);
    });
  });

  describe('the Gateway', () => {
    it('a missing GatewayClass: Accepted Unknown Pending, a dangling class node', () => {
      const g = graphOf(gateway('  - {name: http, port: 80, protocol: HTTP}').replace('gw-class', 'missing'));
      assert.equal(computed(gw(g).computed, 'Accepted'), 'Unknown Pending');
      assert.match(gw(g).computed[0].message, /GatewayClass missing does not exist/);
      const cls = g.gatewayClasses.find((c) => c.id === 'GatewayClass//missing');
      assert.equal(cls?.exists, false);
      assert.deepEqual(cls?.gateways, ['Gateway/infra/gw']);
    });
    it('ResolvedRefs ListenersNotResolved when a listener has unresolved references', () => {
      const g = graphOf(CLASS + gateway('  - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: nope}]}}'));
      assert.equal(computed(gw(g).computed, 'ResolvedRefs'), 'False ListenersNotResolved');
      assert.equal(computed(gw(g).computed, 'Accepted'), 'True Accepted');
    });
  });
});
