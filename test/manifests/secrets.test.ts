// Secret data must never reach the snapshot: only certificate metadata does. The key material
// here is the examples' throwaway key, so the test uses a real certificate and a real key.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadManifestSnapshot } from '../../src/manifests/index.js';

const EXAMPLE_SECRET = fileURLToPath(new URL('../../examples/21-infra-tls-secret.yaml', import.meta.url));

interface SecretDoc {
  data: Record<string, string>;
}

/** Everything that must not appear: each base64 value, the PEM texts, and the key's body lines. */
function forbiddenStrings(data: Record<string, string>): string[] {
  const out: string[] = [];
  for (const b64 of Object.values(data)) {
    out.push(b64, b64.slice(0, 64));
    const pem = Buffer.from(b64, 'base64').toString('utf8');
    out.push(pem);
    for (const line of pem.split('\n')) if (line.length >= 40 && !line.startsWith('-----')) out.push(line);
  }
  out.push('PRIVATE KEY');
  return out;
}

function assertAbsent(snapshotJson: string, forbidden: string[]): void {
  for (const s of forbidden) assert.ok(!snapshotJson.includes(s), `the snapshot holds Secret data: ${s.slice(0, 50)}...`);
}

describe('Secrets read from -f', () => {
  let secretYaml: string;
  let data: Record<string, string>;
  before(async () => {
    secretYaml = await readFile(EXAMPLE_SECRET, 'utf8');
    data = (parse(secretYaml) as SecretDoc).data;
  });

  it('keeps certificate facts and key names, never the data (base64 in data:)', async () => {
    const snap = await loadManifestSnapshot([EXAMPLE_SECRET]);
    assert.equal(snap.secrets.length, 1);
    const secret = snap.secrets[0];
    assert.deepEqual(secret.keys, ['ca.crt', 'tls.crt', 'tls.key']);
    assert.deepEqual(secret.certificates[0].dnsNames, ['*.example.com', 'example.com']);
    assert.equal(secret.certificates[0].notAfter, '2045-01-01T00:00:00.000Z');
    assertAbsent(JSON.stringify(snap), forbiddenStrings(data));
  });

  it('never keeps stringData either (PEM text in the manifest)', async () => {
    const stringData = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    const manifest = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'pem', namespace: 'infra' },
      stringData,
    });
    const snap = await loadManifestSnapshot(['-'], { stdin: Readable.from([manifest]) });
    assert.equal(snap.secrets[0].certificates.length, 2);
    assertAbsent(JSON.stringify(snap), forbiddenStrings(data));
  });

  it('never keeps the data of a Secret whose tls.crt does not parse', async () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\n  namespace: infra\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n').toString('base64')}\n  tls.key: ${data['tls.key']}\n`;
    const snap = await loadManifestSnapshot(['-'], { stdin: Readable.from([secret]) });
    assert.match(snap.secrets[0].certificateError ?? '', /does not parse/);
    assertAbsent(JSON.stringify(snap), forbiddenStrings({ 'tls.key': data['tls.key'] }));
  });
});
