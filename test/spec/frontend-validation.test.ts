// Client-certificate validation (gateway_types.go, FrontendTLSConfig and FrontendTLSValidation):
// the CA certificates a listener's validation names, and the conditions they give.
import assert from 'node:assert/strict';
import { analyse } from '../../src/analyse.js';
import { explainGateway } from '../../src/explain/gateway.js';
import { renderGatewayExplanation } from '../../src/render/explain.js';
import { useColor } from '../../src/render/style.js';
import type { Graph } from '../../src/model/graph.js';
import { makeCA } from '../support/certs.js';
import { CLASS, cluster, computed, graphOf, listener, NOW } from './cluster.js';

const ca = makeCA('client CA');
const indent = (pem: string) => pem.trim().split('\n').map((l) => `    ${l}`).join('\n');
const configMap = (ns: string, name: string, caCrt: string | null) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${ns}}
data:
${caCrt === null ? '  other: x' : `  ca.crt: |\n${indent(caCrt)}`}
`;
const secret = `---
apiVersion: v1
kind: Secret
metadata: {name: cert, namespace: infra}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
`;
const gateway = (tls: string, listeners = '[{name: http, port: 80, protocol: HTTP}, {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gw-class
  tls: ${tls}
  listeners: ${listeners}
`;
const ref = (extra = '') => `{frontend: {default: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca${extra}}]}}}}`;
const state = (g: Graph, name: string) => {
  const l = listener(g, `Gateway/infra/gw#${name}`).computed;
  return `${computed(l, 'ResolvedRefs')} / ${computed(l, 'Accepted')} / ${computed(l, 'Programmed')}`;
};
// The Secret has an empty tls.crt, so ResolvedRefs also reports InvalidCertificateRef: the tests
// read the CA part from the message and the Accepted reason.
const caMessage = (g: Graph, name: string) => listener(g, `Gateway/infra/gw#${name}`).computed.find((c) => c.type === 'ResolvedRefs')!.message;

describe('spec: client-certificate validation', () => {
  it('conformance GatewayFrontendInvalidDefaultClientCertificateValidation: a missing ConfigMap rejects the HTTPS listener only', () => {
    const g = graphOf(CLASS + gateway(ref()) + secret);
    assert.match(state(g, 'https'), /^False .* \/ False NoValidCACertificate \/ False Invalid$/);
    assert.match(caMessage(g, 'https'), /caCertificateRef ConfigMap infra\/ca does not exist/);
    assert.equal(computed(listener(g, 'Gateway/infra/gw#http').computed, 'Accepted'), 'True Accepted');
  });

  const cases: Array<[string, string, string, RegExp | null]> = [
    ['a ConfigMap with a CA in ca.crt', ref(), configMap('infra', 'ca', ca.certPem), null],
    ['a ConfigMap without ca.crt', ref(), configMap('infra', 'ca', null), /ConfigMap infra\/ca: the ConfigMap has no ca\.crt key/],
    ['a ca.crt that is no certificate', ref(), configMap('infra', 'ca', 'not a certificate'), /ca\.crt holds no PEM certificate/],
    [
      'a ConfigMap in another namespace without a ReferenceGrant',
      '{frontend: {default: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca, namespace: certs}]}}}}',
      configMap('certs', 'ca', ca.certPem),
      /is in another namespace and no ReferenceGrant in certs allows Gateways from infra/,
    ],
    ['a kind that holds no CA', '{frontend: {default: {validation: {caCertificateRefs: [{group: "", kind: Service, name: ca}]}}}}', '', /a core Service cannot hold CA certificates/],
  ];
  for (const [name, tls, extra, problem] of cases) {
    it(`${name}: ${problem ? 'NoValidCACertificate' : 'accepted'}`, () => {
      const g = graphOf(CLASS + gateway(tls) + secret + extra);
      const accepted = computed(listener(g, 'Gateway/infra/gw#https').computed, 'Accepted');
      if (problem) {
        assert.equal(accepted, 'False NoValidCACertificate');
        assert.match(caMessage(g, 'https'), problem);
      } else {
        assert.equal(accepted, 'True Accepted');
        assert.deepEqual(listener(g, 'Gateway/infra/gw#https').clientValidation?.caCertificates.map((c) => c.reason), ['ResolvedRefs']);
      }
    });
  }

  it('GW115 names the CA reference and the fix', () => {
    const f = analyse(cluster(CLASS + gateway(ref()) + secret), { now: NOW }).findings.filter((x) => x.code === 'GW115');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /client-certificate validation \(spec\.tls\.frontend\.default\): caCertificateRef ConfigMap infra\/ca does not exist/);
    assert.match(f[0].fix ?? '', /create the ConfigMap infra\/ca with the CA certificate \(PEM\) under the key ca\.crt/);
  });

  it('a ReferenceGrant lets a Gateway use a ConfigMap in another namespace', () => {
    const grant = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: g, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: "", kind: ConfigMap}]
`;
    const tls = '{frontend: {default: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca, namespace: certs}]}}}}';
    const g = graphOf(CLASS + gateway(tls) + secret + configMap('certs', 'ca', ca.certPem) + grant);
    assert.equal(computed(listener(g, 'Gateway/infra/gw#https').computed, 'Accepted'), 'True Accepted');
  });

  it('perPort overrides the default for HTTPS listeners on that port', () => {
    const tls = '{frontend: {default: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: missing}]}}, perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]}}}]}}';
    const listeners = '[{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}, {name: alt, port: 8443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]';
    const g = graphOf(CLASS + gateway(tls, listeners) + secret + configMap('infra', 'ca', ca.certPem));
    assert.equal(computed(listener(g, 'Gateway/infra/gw#https').computed, 'Accepted'), 'False NoValidCACertificate');
    assert.equal(computed(listener(g, 'Gateway/infra/gw#alt').computed, 'Accepted'), 'True Accepted');
    assert.equal(listener(g, 'Gateway/infra/gw#alt').clientValidation?.source, 'spec.tls.frontend.perPort[8443]');
  });

  it("a listener's own tls.frontendValidation (older experimental CRDs)", () => {
    const listeners = '[{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}], frontendValidation: {caCertificateRefs: [{group: "", kind: ConfigMap, name: gone}]}}}]';
    const g = graphOf(CLASS + gateway('{}', listeners) + secret);
    assert.equal(computed(listener(g, 'Gateway/infra/gw#https').computed, 'Accepted'), 'False NoValidCACertificate');
    assert.equal(listener(g, 'Gateway/infra/gw#https').clientValidation?.source, 'tls.frontendValidation');
  });

  it('ConfigMaps that could not be read: unknown, never missing', () => {
    const g = graphOf(CLASS + gateway(ref()) + secret, { coverage: { configmaps: { state: 'forbidden', message: 'cannot get configmaps' } } });
    assert.notEqual(computed(listener(g, 'Gateway/infra/gw#https').computed, 'Accepted'), 'False NoValidCACertificate');
    assert.equal(listener(g, 'Gateway/infra/gw#https').clientValidation?.caCertificates[0].reason, 'Unknown');
  });

  it('AllowInsecureFallback: the Gateway is InsecureFrontendValidationMode True ConfigurationChanged', () => {
    const tls = '{frontend: {default: {validation: {mode: AllowInsecureFallback, caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]}}}}';
    const g = graphOf(CLASS + gateway(tls) + secret + configMap('infra', 'ca', ca.certPem));
    assert.equal(computed(g.gateways[0].computed, 'InsecureFrontendValidationMode'), 'True ConfigurationChanged');
  });

  it('explain gateway says it in prose: where it is set, the mode, each CA by metadata, and what failed', () => {
    useColor(false);
    const prose = (yaml: string, opts = {}) => {
      const g = graphOf(yaml, opts);
      return renderGatewayExplanation(explainGateway(g, g.gateways[0], [], []));
    };
    const ok = prose(CLASS + gateway(ref()) + secret + configMap('infra', 'ca', ca.certPem));
    assert.match(ok, /Listener https: HTTPS :443[^]*\n  client certificates \(spec\.tls\.frontend\.default\): AllowValidOnly\n    ✔ CA ConfigMap infra\/ca\n      subject [^\n]*client CA[^\n]*; valid \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\n/);
    assert.ok(!ok.includes('BEGIN CERTIFICATE'));
    assert.doesNotMatch(ok.split('Listener https')[0], /client certificates/);
    const missing = prose(CLASS + gateway(ref()) + secret);
    assert.match(missing, /    ✖ CA ConfigMap infra\/ca does not exist\n/);
    const unreadable = prose(CLASS + gateway(ref()) + secret, { coverage: { configmaps: { state: 'forbidden', message: 'cannot get configmaps' } } });
    assert.match(unreadable, /    \? CA ConfigMap infra\/ca: unknown \(forbidden: cannot get configmaps\)\n/);
    assert.doesNotMatch(unreadable, /does not exist/);
    const fallback = '{frontend: {default: {validation: {mode: AllowInsecureFallback, caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]}}}}';
    assert.match(prose(CLASS + gateway(fallback) + secret + configMap('infra', 'ca', ca.certPem)), /client certificates \(spec\.tls\.frontend\.default\): AllowInsecureFallback: clients without a valid certificate are let through/);
  });

  it('keeps CA metadata only: no PEM reaches the graph', () => {
    const g = graphOf(CLASS + gateway(ref()) + secret + configMap('infra', 'ca', ca.certPem));
    assert.ok(!JSON.stringify(g).includes('BEGIN CERTIFICATE'));
    assert.match(listener(g, 'Gateway/infra/gw#https').clientValidation!.caCertificates[0].certificates[0].subject, /client CA/);
  });

  it('infrastructure.parametersRef to a ConfigMap that does not exist: InvalidParameters', () => {
    const gw = gateway('{}').replace('  tls: {}\n', '  infrastructure: {parametersRef: {group: "", kind: ConfigMap, name: params}}\n');
    assert.equal(computed(graphOf(CLASS + gw).gateways[0].computed, 'Accepted'), 'False InvalidParameters');
    assert.equal(computed(graphOf(CLASS + gw + configMap('infra', 'params', null)).gateways[0].computed, 'Accepted'), 'True Accepted');
  });
});
