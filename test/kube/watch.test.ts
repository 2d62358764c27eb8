// The cluster watch in-process, against the in-repo API server: once the signal aborts (Ctrl-C),
// every watch connection is closed and no socket or timer of it is left in the process.
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/kube/connection.js';
import { loadClusterSnapshot } from '../../src/kube/source.js';
import { ClusterWatch } from '../../src/kube/watch.js';
import type { KubeObject } from '../../src/model/objects.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { makeCA, makeLeaf } from '../support/certs.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

/** Client sockets this process holds (the test server's listening socket is a TCPServerWrap). */
function sockets(): string[] {
  return process.getActiveResourcesInfo().filter((r) => /^(TLS|TCP)(Socket)?Wrap$/.test(r));
}

/**
 * Timers the client side created and has not cleared: the plugin's own (retry waits, request
 * timeouts) and node's HTTP client and agent's. The in-process test server's (its Date header
 * cache, its connection checks) are not the plugin's.
 */
function clientTimers(): () => string[] {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (/\/src\/|node:_http_agent|node:_http_client|node:_tls_wrap|node:net/.test(stack) && !/test\/support\/apiserver/.test(stack)) live.set(id, stack);
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return () => {
    hook.disable();
    return [...live.values()];
  };
}

/** The watch's onChange calls, counted, so that one arriving while a snapshot is taken is not lost. */
class Changes {
  seen = 0;
  private waiters: Array<() => void> = [];
  readonly poke = () => {
    this.seen++;
    for (const wake of this.waiters.splice(0)) wake();
  };
  async after(n: number): Promise<void> {
    while (this.seen <= n) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/** The watch's snapshot at each change until one satisfies `ok`. */
async function snapshotWhen(watch: ClusterWatch, changes: Changes, ok: (s: Snapshot) => boolean): Promise<Snapshot> {
  for (;;) {
    const n = changes.seen;
    const s = await watch.snapshot();
    if (ok(s)) return s;
    await changes.after(n);
  }
}

describe('kube/watch', function () {
  this.timeout(60_000);
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ fixtures: ['examples'] });
  });
  after(() => server.close());

  it('follows changes, and leaves no connection, socket or timer once aborted', async () => {
    const kubeconfig = server.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'gw-kwatch-')), 'kubeconfig'));
    const before = sockets();
    const timersLeft = clientTimers();
    const conn = await connect({ kubeconfig, requestTimeoutMs: 30_000 });
    const first = await loadClusterSnapshot(conn);
    const controller = new AbortController();
    let changed!: () => void;
    let next = new Promise<void>((resolve) => (changed = resolve));
    const watch = await ClusterWatch.start(conn, first, { signal: controller.signal, onChange: () => changed() });
    await next;
    await server.waitFor(() => server.openWatches().length === watch.watchedKinds);

    next = new Promise<void>((resolve) => (changed = resolve));
    server.remove('HTTPRoute', 'store', 'store-sale');
    await next;
    const now = await watch.snapshot();
    assert.ok(first.routes.some((r) => r.metadata.name === 'store-sale'));
    assert.ok(!now.routes.some((r) => r.metadata.name === 'store-sale'));
    assert.equal(now.routes.length, first.routes.length - 1);
    assert.equal(now.gateways.length, first.gateways.length);

    controller.abort();
    await watch.done;
    await server.waitFor(() => server.openWatches().length === 0);
    // Closed sockets and cleared timers are released on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(sockets(), before);
    assert.deepEqual(timersLeft(), []);
  });

  it('reads the listener Secrets again (by name, never a list or watch): a rotated certificate shows', async () => {
    const kubeconfig = server.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'gw-kwatch-')), 'kubeconfig'));
    const conn = await connect({ kubeconfig, requestTimeoutMs: 30_000 });
    const first = await loadClusterSnapshot(conn);
    const subjectOf = (snapshot: typeof first) => snapshot.secrets.find((x) => x.name === 'wildcard-example-com')?.certificates[0]?.subject;
    assert.match(subjectOf(first) ?? '', /\*\.example\.com/);
    const controller = new AbortController();
    const changes = new Changes();
    // The re-read comes every 30 s by default; the test asks for it sooner and waits for it.
    const watch = await ClusterWatch.start(conn, first, { signal: controller.signal, onChange: changes.poke, rereadByNameMs: 50 });
    try {
      await changes.after(0);
      const leaf = makeLeaf(makeCA('rotation CA'), { commonName: 'rotated.example.com', dnsNames: ['*.example.com'] });
      const b64 = (text: string) => Buffer.from(text).toString('base64');
      server.clearRequests();
      server.put({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'wildcard-example-com', namespace: 'infra' },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': b64(leaf.certPem), 'tls.key': b64(leaf.keyPem) },
      } as unknown as KubeObject);
      const now = await snapshotWhen(watch, changes, (x) => /rotated\.example\.com/.test(subjectOf(x) ?? ''));
      assert.equal(now.coverage.secrets.state, 'partial');
      // Secrets are only ever read by name: no list, no watch.
      const secretReads = server.requests.filter((q) => q.path.includes('/secrets'));
      assert.ok(secretReads.length > 0);
      assert.ok(secretReads.every((q) => q.method === 'GET' && /\/namespaces\/[^/]+\/secrets\/[^/]+$/.test(q.path) && !q.query.watch), JSON.stringify(secretReads));
    } finally {
      controller.abort();
      await watch.done;
    }
  });

  it('reads the CA ConfigMaps a Gateway comes to name, so a new one is never called missing', async () => {
    const kubeconfig = server.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'gw-kwatch-')), 'kubeconfig'));
    const conn = await connect({ kubeconfig, requestTimeoutMs: 30_000 });
    const first = await loadClusterSnapshot(conn);
    assert.ok(!first.configMaps.some((c) => c.name === 'client-ca'));
    const controller = new AbortController();
    const changes = new Changes();
    const watch = await ClusterWatch.start(conn, first, { signal: controller.signal, onChange: changes.poke });
    try {
      await changes.after(0);
      server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'client-ca', namespace: 'infra' }, data: { 'ca.crt': makeCA('client CA').certPem } } as unknown as KubeObject);
      server.put({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'mtls', namespace: 'infra' },
        spec: {
          gatewayClassName: 'eg',
          tls: { frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }] } } } },
          listeners: [{ name: 'https', port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'wildcard-example-com' }] } }],
        },
      } as unknown as KubeObject);
      const now = await snapshotWhen(watch, changes, (x) => x.gateways.some((g) => g.metadata.name === 'mtls'));
      assert.deepEqual(now.configMaps.find((c) => c.name === 'client-ca')?.caCertificates.map((c) => c.subject), ['CN=client CA']);
    } finally {
      controller.abort();
      await watch.done;
    }
  });
});
