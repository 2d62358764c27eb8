// The bundled examples/ load cleanly and stay the cluster examples/README.md describes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadManifestSnapshot } from '../../src/manifests/index.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

describe('examples/', () => {
  let snap: Snapshot;
  before(async () => {
    snap = await loadManifestSnapshot([EXAMPLES]);
  });

  const count = (kind: string) => snap.routes.filter((r) => r.kind === kind).length;

  it('loads every object the README lists', () => {
    assert.equal(snap.gatewayClasses.length, 2);
    assert.equal(snap.gateways.length, 2);
    assert.equal(snap.routes.length, 9);
    assert.deepEqual([count('HTTPRoute'), count('GRPCRoute'), count('TLSRoute')], [7, 1, 1]);
    assert.equal(snap.referenceGrants.length, 1);
    assert.equal(snap.services.length, 11);
    assert.equal(snap.endpointSlices.length, 11);
    assert.equal(snap.namespaces.length, 5);
    assert.equal(snap.secrets.length, 1);
    assert.deepEqual(snap.notes, ['ignored 1 object of kinds kubectl-gw does not read: Pod (1)']);
  });

  it('holds the wildcard certificate as facts only, never its key material', async () => {
    const [secret] = snap.secrets;
    assert.equal(`${secret.namespace}/${secret.name}`, 'infra/wildcard-example-com');
    assert.deepEqual(secret.certificates[0].dnsNames, ['*.example.com', 'example.com']);
    assert.equal(secret.certificates[1].isCA, true);
    const { data } = parse(await readFile(`${EXAMPLES}/21-infra-tls-secret.yaml`, 'utf8')) as { data: Record<string, string> };
    const json = JSON.stringify(snap);
    const key = Buffer.from(data['tls.key'], 'base64').toString('utf8');
    assert.ok(!json.includes(data['tls.key'].slice(0, 40)));
    assert.ok(!json.includes(key.split('\n')[1]));
    assert.ok(!json.includes('PRIVATE KEY'));
  });

  it('has status written for the current generation everywhere except the one stale route', () => {
    const stale = snap.routes
      .filter((r) => r.status?.parents?.some((p) => p.conditions?.some((c) => c.observedGeneration !== r.metadata.generation)))
      .map((r) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
    assert.deepEqual(stale, ['GRPCRoute/store/grpc-inventory']);
    const withoutStatus = snap.routes.filter((r) => !r.status).map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
    assert.deepEqual(withoutStatus, ['payments/refunds']);
  });

  it('gives every Service an EndpointSlice, and every backendRef a Service', () => {
    const services = new Set(snap.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    const sliced = snap.endpointSlices.map((e) => `${e.metadata.namespace}/${e.metadata.labels?.['kubernetes.io/service-name']}`);
    assert.deepEqual([...services].sort(), [...sliced].sort());
    for (const route of snap.routes) {
      for (const rule of route.spec.rules ?? []) {
        for (const ref of rule.backendRefs ?? []) {
          const key = `${ref.namespace ?? route.metadata.namespace}/${ref.name}`;
          assert.ok(services.has(key), `${route.metadata.name} -> ${key}`);
        }
      }
    }
  });

  it('reports on each listener the attachedRoutes the README states', () => {
    const gw = snap.gateways.find((g) => g.metadata.name === 'shared-gw');
    assert.deepEqual(
      gw?.status?.listeners?.map((l) => [l.name, l.attachedRoutes]),
      [
        ['http', 3],
        ['https', 5],
        ['tls-passthrough', 1],
      ],
    );
  });
});
