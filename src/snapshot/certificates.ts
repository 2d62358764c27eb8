// Turns a Secret into SecretFacts: certificate metadata only. This is the one place Secret data
// is decoded, and nothing here returns it: callers get subject, SANs and dates, never bytes.
import { X509Certificate } from 'node:crypto';
import type { CertificateFacts, ConfigMapFacts, SecretFacts } from '../model/objects.js';

interface SecretLike {
  metadata: { name: string; namespace?: string };
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** X509Certificate parses only the first PEM block, so a chain is split here. */
export function parseCertificateChain(pem: string): CertificateFacts[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  return blocks.map((block) => certificateFacts(new X509Certificate(block)));
}

function certificateFacts(cert: X509Certificate): CertificateFacts {
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    dnsNames: (cert.subjectAltName ?? '')
      .split(/,\s*/)
      .filter((s) => s.startsWith('DNS:'))
      .map((s) => s.slice(4)),
    // validToDate does not exist on Node 20; the string form does.
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint256: cert.fingerprint256,
    isCA: cert.ca,
  };
}

export function secretFacts(secret: SecretLike): SecretFacts {
  const data = secret.data ?? {};
  const stringData = secret.stringData ?? {};
  const keys = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort();
  const facts: SecretFacts = {
    namespace: secret.metadata.namespace ?? 'default',
    name: secret.metadata.name,
    type: secret.type,
    keys,
    certificates: [],
  };
  const pem =
    stringData['tls.crt'] ?? (data['tls.crt'] !== undefined ? Buffer.from(data['tls.crt'], 'base64').toString('utf8') : undefined);
  if (pem === undefined) {
    facts.certificateError = 'the Secret has no tls.crt key';
    return facts;
  }
  try {
    facts.certificates = parseCertificateChain(pem);
    if (facts.certificates.length === 0) facts.certificateError = 'tls.crt holds no PEM certificate';
  } catch (e) {
    facts.certificateError = `tls.crt does not parse: ${(e as Error).message}`;
  }
  return facts;
}

/**
 * A ConfigMap's facts: its keys, and the CA certificates in ca.crt (FrontendTLSValidation: "a
 * Kubernetes ConfigMap with the CA certificate in a key named `ca.crt`"). Nothing else of it is kept.
 */
export function configMapFacts(cm: { metadata: { name: string; namespace?: string }; data?: Record<string, string>; binaryData?: Record<string, string> }): ConfigMapFacts {
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  const facts: ConfigMapFacts = {
    namespace: cm.metadata.namespace ?? 'default',
    name: cm.metadata.name,
    keys: [...new Set([...Object.keys(data), ...Object.keys(binary)])].sort(),
    caCertificates: [],
  };
  const pem = data['ca.crt'] ?? (binary['ca.crt'] !== undefined ? Buffer.from(binary['ca.crt'], 'base64').toString('utf8') : undefined);
  if (pem === undefined) {
    facts.caCertificateError = 'the ConfigMap has no ca.crt key';
    return facts;
  }
  try {
    facts.caCertificates = parseCertificateChain(pem);
    if (facts.caCertificates.length === 0) facts.caCertificateError = 'ca.crt holds no PEM certificate';
  } catch (e) {
    facts.caCertificateError = `ca.crt does not parse: ${(e as Error).message}`;
  }
  return facts;
}

/** The certificate a chain is for: the first that is not a CA (a chain may list its CA first). */
export function leafCertificate(chain: readonly CertificateFacts[]): CertificateFacts | undefined {
  return chain.find((c) => !c.isCA) ?? chain[0];
}

/** Does a certificate SAN cover this hostname? One-label wildcards only, as TLS does. */
export function certificateCoversHostname(cert: CertificateFacts, hostname: string): boolean {
  const host = hostname.toLowerCase();
  return cert.dnsNames.some((san) => {
    const name = san.toLowerCase();
    if (name === host) return true;
    if (name.startsWith('*.')) {
      const suffix = name.slice(1); // ".example.com"
      if (host.startsWith('*.')) return host === name; // a wildcard listener needs a wildcard cert
      const dot = host.indexOf('.');
      return dot > 0 && host.slice(dot) === suffix;
    }
    return false;
  });
}
