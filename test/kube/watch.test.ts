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
    let changed!: () => void;
    let next = new Promise<void>((resolve) => (changed = resolve));
    // The re-read comes every 30 s by default; the test asks for it sooner and waits for it.
    const watch = await ClusterWatch.start(conn, first, { signal: controller.signal, onChange: () => changed(), rereadByNameMs: 50 });
    try {
      await next;
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
      // Wait for a re-read that sees it (each onChange is a moment to look).
      let now = await watch.snapshot();
      while (!/rotated\.example\.com/.test(subjectOf(now) ?? '')) {
        next = new Promise<void>((resolve) => (changed = resolve));
        await next;
        now = await watch.snapshot();
      }
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
});
