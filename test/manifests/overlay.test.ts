import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { loadManifestSnapshot, overlaySnapshot } from '../../src/manifests/index.js';
import type { Route, Service } from '../../src/model/objects.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { addObject } from '../../src/snapshot/collect.js';

function clusterRoute(name: string, parent: string): Route {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'store', generation: 3 },
    spec: { parentRefs: [{ name: parent, namespace: 'infra' }] },
    status: { parents: [{ parentRef: { name: parent, namespace: 'infra' }, controllerName: 'example.net/gw', conditions: [] }] },
  };
}

function clusterService(name: string): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'store' }, spec: { ports: [{ port: 80 }] } };
}

describe('overlaySnapshot (check -f CHANGE --against-cluster)', () => {
  function cluster() {
    const snap = emptySnapshot({ state: 'complete', apiVersion: 'v1' });
    snap.coverage.secrets = { state: 'forbidden', message: 'secrets is forbidden' };
    addObject(snap, clusterRoute('first', 'shared-gw'));
    addObject(snap, clusterRoute('web', 'shared-gw'));
    addObject(snap, clusterRoute('last', 'shared-gw'));
    addObject(snap, clusterService('web'));
    snap.notes.push('from the cluster');
    return snap;
  }

  const change = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: store
spec:
  parentRefs:
    - name: new-gw
      namespace: infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: web
  namespace: store
spec: {}
---
apiVersion: v1
kind: Secret
metadata:
  name: tls
  namespace: infra
data:
  other: aGVsbG8=
`;

  it('replaces same kind/namespace/name in place, adds new objects, keeps the cluster coverage', async () => {
    const base = cluster();
    const files = await loadManifestSnapshot(['-'], { stdin: Readable.from([change]) });
    const merged = overlaySnapshot(base, files);

    assert.deepEqual(
      merged.routes.map((r) => `${r.kind}/${r.metadata.name}`),
      ['HTTPRoute/first', 'HTTPRoute/web', 'HTTPRoute/last', 'GRPCRoute/web'],
    );
    const web = merged.routes[1];
    assert.equal(web.spec.parentRefs?.[0].name, 'new-gw');
    // The proposed object has not been seen by a controller: the cluster's status goes with the old one.
    assert.equal(web.status, undefined);
    assert.equal(merged.services.length, 1);
    assert.deepEqual(
      merged.secrets.map((s) => s.name),
      ['tls'],
    );

    assert.deepEqual(merged.coverage.httproutes, { state: 'complete', apiVersion: 'v1' });
    assert.deepEqual(merged.coverage.secrets, { state: 'forbidden', message: 'secrets is forbidden' });
    assert.deepEqual(merged.origins, {
      'HTTPRoute/store/web': '<stdin>:1',
      'GRPCRoute/store/web': '<stdin>:11',
      'Secret/infra/tls': '<stdin>:18',
    });
    assert.deepEqual(merged.notes, ['from the cluster']);
  });

  it('leaves both inputs as they were', async () => {
    const base = cluster();
    const files = await loadManifestSnapshot(['-'], { stdin: Readable.from([change]) });
    const baseBefore = JSON.stringify(base);
    const filesBefore = JSON.stringify(files);
    overlaySnapshot(base, files);
    assert.equal(JSON.stringify(base), baseBefore);
    assert.equal(JSON.stringify(files), filesBefore);
  });
});
