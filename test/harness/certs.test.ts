import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { makeCA, makeLeaf, testCA } from '../support/certs.js';

describe('test certificates', () => {
  // RSA key generation dominates: the tests reuse the process-wide test CA where they can.
  it('makes a self-signed CA', () => {
    const ca = new X509Certificate(testCA().certPem);
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=kubectl-gw test CA');
    assert.equal(ca.issuer, 'CN=kubectl-gw test CA');
    assert.ok(ca.verify(ca.publicKey));
  });

  it('signs a leaf with the requested names, usages and validity', () => {
    const ca = testCA();
    const notBefore = new Date('2024-01-01T00:00:00Z');
    const notAfter = new Date('2024-02-01T00:00:00Z');
    const pair = makeLeaf(ca, { dnsNames: ['shop.example.com', '*.shop.example.com'], ipAddresses: ['192.0.2.1'], notBefore, notAfter, client: true });
    const leaf = new X509Certificate(pair.certPem);
    assert.equal(leaf.ca, false);
    assert.equal(leaf.subject, 'CN=shop.example.com');
    assert.equal(leaf.subjectAltName, 'DNS:shop.example.com, DNS:*.shop.example.com, IP Address:192.0.2.1');
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.equal(new Date(leaf.validFrom).toISOString(), notBefore.toISOString());
    assert.equal(new Date(leaf.validTo).toISOString(), notAfter.toISOString());
    assert.ok(leaf.checkIssued(new X509Certificate(ca.certPem)));
    assert.ok(leaf.verify(new X509Certificate(ca.certPem).publicKey));
    // The key in the pair is the certificate's key.
    const fromKey = createPublicKey(createPrivateKey(pair.keyPem)).export({ type: 'spki', format: 'der' });
    assert.deepEqual(fromKey, leaf.publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('gives every CA its own key, so a leaf does not verify against another CA', () => {
    const leaf = new X509Certificate(makeLeaf(testCA(), { dnsNames: ['a.example'] }).certPem);
    const other = new X509Certificate(makeCA('Other Root').certPem);
    assert.equal(other.subject, 'CN=Other Root');
    assert.equal(leaf.verify(other.publicKey), false);
    assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });
});
