// Test certificates: a CA and leaves it signs, as PEM. node-forge builds and signs the X.509
// structures; the RSA keys come from node's crypto, which generates them natively (~50-100 ms)
// where forge's pure-JS keygen takes up to a second. Every CA gets its own key, so a leaf signed
// by one CA never verifies against another; all leaves of a process share one cached key, as
// tests need distinct certificates, not distinct leaf keys.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

const { pki } = forge;

export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export interface LeafOptions {
  commonName?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Also valid for TLS client authentication (extKeyUsage clientAuth). */
  client?: boolean;
}

interface ForgeKeys {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

function newRsaKeys(): ForgeKeys {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const forgeKey = pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem: privateKey };
}

let leafKeys: ForgeKeys | undefined;

function serialNumber(): string {
  // Positive (high bit clear) 16-byte serial, as RFC 5280 asks.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

const DAY_MS = 24 * 60 * 60 * 1000;

function validity(cert: forge.pki.Certificate, notBefore?: Date, notAfter?: Date): void {
  const now = Date.now();
  cert.validity.notBefore = notBefore ?? new Date(now - DAY_MS);
  cert.validity.notAfter = notAfter ?? new Date(now + 365 * DAY_MS);
}

/** A self-signed CA certificate (basicConstraints cA, keyCertSign). */
export function makeCA(commonName = 'kubectl-gw test CA'): KeyPair {
  const keys = newRsaKeys();
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/** A leaf certificate signed by `ca`, valid for serverAuth (and clientAuth when `client`). */
export function makeLeaf(ca: KeyPair, opts: LeafOptions = {}): KeyPair {
  const caCert = pki.certificateFromPem(ca.certPem);
  const caKey = pki.privateKeyFromPem(ca.keyPem);
  leafKeys ??= newRsaKeys();
  const keys = leafKeys;
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, opts.notBefore, opts.notAfter);
  const commonName = opts.commonName ?? opts.dnsNames?.[0] ?? 'localhost';
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  // subjectAltName types: 2 = dNSName, 7 = iPAddress (RFC 5280 4.2.1.6).
  const altNames = [
    ...(opts.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(opts.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: opts.client === true },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  cert.setExtensions(extensions);
  cert.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: pki.certificateToPem(cert), keyPem: keys.keyPem };
}

let sharedCA: KeyPair | undefined;

/** One CA per process, for callers that only need "some trusted CA". */
export function testCA(): KeyPair {
  sharedCA ??= makeCA();
  return sharedCA;
}
