// The test API server's watch, as kube-apiserver answers it: one JSON event per line on a
// chunked 200 response, from a resourceVersion on; BOOKMARKs when allowed; an ERROR event with a
// 410 Expired Status for a resourceVersion older than the history kept.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

const SERVICES = '/api/v1/namespaces/shop/services';
const service = (name: string, port = 80) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { ports: [{ port }] } });

interface Event {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string } };
}

/** A watch request: its events as they arrive, and whether the server ended it. */
class Watch {
  events: Event[] = [];
  ended = false;
  private wake: () => void = () => {};
  constructor(readonly res: IncomingMessage) {
    let buffered = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) if (l) this.events.push(JSON.parse(l) as Event);
      this.wake();
    });
    res.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }
  /** Resolves once `n` events have arrived (or the stream ended). */
  async until(n: number): Promise<Event[]> {
    while (this.events.length < n && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.events;
  }
}

function get(server: ApiServer, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { ca: server.caPem, headers: { authorization: `Bearer ${server.token}` } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function json(res: IncomingMessage): Promise<{ metadata: { resourceVersion: string } }> {
  let body = '';
  for await (const c of res) body += c;
  return JSON.parse(body);
}

describe('test API server: watch', function () {
  this.timeout(30_000);
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer({ objects: [service('a')] });
  });
  afterEach(() => server.close());

  it('streams changes after a resourceVersion, and bookmarks when allowed', async () => {
    const rv = (await json(await get(server, SERVICES))).metadata.resourceVersion;
    const res = await get(server, `${SERVICES}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    const watch = new Watch(res);
    await server.waitFor(() => server.openWatches().length === 1);
    assert.deepEqual(server.openWatches()[0], { path: SERVICES, plural: 'services', namespace: 'shop', resourceVersion: rv, bookmarks: true });
    server.put(service('b'));
    server.put(service('a', 8080));
    server.put({ ...service('other'), metadata: { name: 'other', namespace: 'elsewhere' } });
    server.remove('Service', 'shop', 'b');
    server.sendBookmarks();
    const events = await watch.until(4);
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`), ['ADDED b', 'MODIFIED a', 'DELETED b', 'BOOKMARK ']);
    assert.ok(Number(events[3].object.metadata?.resourceVersion) > Number(rv));
    assert.equal(events[1].object.kind, 'Service');
    res.destroy();
    await server.waitFor(() => server.openWatches().length === 0);
  });

  it('answers a watch without resourceVersion with the current objects first', async () => {
    const watch = new Watch(await get(server, `${SERVICES}?watch=true`));
    assert.deepEqual((await watch.until(1)).map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED a']);
    watch.res.destroy();
  });

  it('ends open watches with 410 Expired, and refuses a resourceVersion older than the history', async () => {
    const rv = (await json(await get(server, SERVICES))).metadata.resourceVersion;
    const open = new Watch(await get(server, `${SERVICES}?watch=1&resourceVersion=${rv}`));
    await server.waitFor(() => server.openWatches().length === 1);
    server.put(service('b'));
    assert.equal(server.expireWatches(), 1);
    const events = await open.until(10);
    assert.ok(open.ended);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'ERROR']);
    assert.equal(events[1].object.code, 410);
    assert.equal(events[1].object.reason, 'Expired');

    const late = new Watch(await get(server, `${SERVICES}?watch=1&resourceVersion=${rv}`));
    const [error] = await late.until(1);
    assert.equal(late.res.statusCode, 200);
    assert.equal(error.type, 'ERROR');
    assert.equal(error.object.code, 410);
  });

  it('can cut a watch as a broken connection would', async () => {
    const watch = new Watch(await get(server, `${SERVICES}?watch=1`));
    await server.waitFor(() => server.openWatches().length === 1);
    const closed = new Promise((resolve) => watch.res.on('close', resolve));
    assert.equal(server.dropWatches('services'), 1);
    await closed;
    assert.equal(server.openWatches().length, 0);
  });
});
