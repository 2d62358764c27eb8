import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { KubeObject } from '../../src/model/objects.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { startDataPlane, type DataPlane } from '../support/dataplane.js';

const NAMESPACE = 'gateways';
const POD = 'envoy-gw-7d9f';
const HTTP_PORT = 10080;
const REFUSING_PORT = 10443;
const UNRESOLVED_PORT = 19000;
const UNRESOLVED_TEXT = 'failed to find sandbox "f00d" in store: not found';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: POD, namespace: NAMESPACE, uid: '3b0c8f0e-8a43-4b8e-9d4c-4e1f0a6f2c11' },
  spec: { containers: [{ name: 'envoy', image: 'envoyproxy/envoy', ports: [{ containerPort: HTTP_PORT }] }] },
  status: { phase: 'Running', podIP: '10.244.0.7' },
};

/** A loopback port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GET through a forwarded local port, one connection per request, as a probe would. */
function getVia(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { host, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    // A guard against a hang only, far above what a loaded machine needs.
    req.setTimeout(60_000, () => req.destroy(new Error('request through the port-forward timed out')));
    req.on('error', reject);
  });
}

interface KubectlForward {
  child: ChildProcess;
  localPort: number;
  output(): string;
  exited: Promise<number | null>;
}

function waitFor<T>(what: string, ms: number, poll: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const value = poll();
      if (value !== undefined) {
        clearInterval(timer);
        resolve(value);
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

describe('test API server: pod port-forward', function () {
  this.timeout(120_000);
  let dp: DataPlane;
  let api: ApiServer;
  let refusingPort: number;
  let home: string;
  let kubeconfig: string;
  const children: ChildProcess[] = [];

  before(async () => {
    dp = await startDataPlane({ routes: [
      { hostnames: ['shop.example.com'], path: { type: 'PathPrefix', value: '/' }, backend: 'shop' },
    ] });
    refusingPort = await freePort();
    api = await startApiServer({
      objects: [pod],
      portForward: (namespace, name, port) => {
        if (namespace !== NAMESPACE || name !== POD) return { error: `unexpected pod ${namespace}/${name}` };
        if (port === HTTP_PORT) return { host: '127.0.0.1', port: dp.port };
        if (port === REFUSING_PORT) return { host: '127.0.0.1', port: refusingPort };
        return { error: UNRESOLVED_TEXT };
      },
    });
    home = mkdtempSync(join(tmpdir(), 'kubectl-gw-pf-'));
    kubeconfig = api.writeKubeconfig(join(home, 'kubeconfig'));
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await api?.close();
    await dp?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function kubectlPortForward(remotePort: number, env: Record<string, string> = {}): Promise<KubectlForward> {
    let text = '';
    const child = spawn('kubectl', ['port-forward', '--kubeconfig', kubeconfig, '-n', NAMESPACE, `pod/${POD}`,
      `:${remotePort}`], { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { text += c.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return waitFor('kubectl to listen', 8000, () => {
      if (child.exitCode !== null) throw new Error(`kubectl exited early: ${text}`);
      const m = /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(text);
      return m ? Number(m[1]) : undefined;
    }).then((localPort) => ({ child, localPort, output: () => text, exited }));
  }

  async function stop(forward: KubectlForward): Promise<void> {
    forward.child.kill('SIGTERM');
    await forward.exited;
    assert.equal(await isListening(forward.localPort), false, 'kubectl left its local port bound');
  }

  for (const [transport, env, method] of [
    ['SPDY tunnelled in a WebSocket (kubectl 1.31+ default)', {}, 'GET'],
    ['plain SPDY/3.1 (KUBECTL_PORT_FORWARD_WEBSOCKETS=false)', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, 'POST'],
  ] as const) {
    it(`forwards HTTP end to end for the real kubectl port-forward over ${transport}`, async () => {
      api.clearRequests();
      const seen = dp.requests.length;
      const forward = await kubectlPortForward(HTTP_PORT, env);
      try {
        // Two connections in a row: SPDY multiplexes a new stream pair for each.
        for (const path of ['/cart', '/cart/items']) {
          const reply = await getVia(forward.localPort, 'shop.example.com', path);
          assert.equal(reply.status, 200, forward.output());
          const body = JSON.parse(reply.body) as { host: string; path: string; backend: string };
          assert.deepEqual([body.host, body.path, body.backend], ['shop.example.com', path, 'shop']);
        }
        assert.deepEqual(dp.requests.slice(seen).map((r) => r.path), ['/cart', '/cart/items']);
        const upgrades = api.requests.filter((r) => r.upgrade);
        assert.deepEqual(upgrades.map((r) => [r.method, r.path, r.status]),
          [[method, `/api/v1/namespaces/${NAMESPACE}/pods/${POD}/portforward`, 101]]);
      } finally {
        await stop(forward);
      }
    });
  }

  it('shows kubectl the kubelet error when the pod port refuses, and kubectl gives up the forward', async () => {
    const forward = await kubectlPortForward(REFUSING_PORT, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    try {
      await assert.rejects(getVia(forward.localPort, 'shop.example.com', '/'));
      const text = await waitFor('the error on stderr', 5000,
        () => /an error occurred forwarding.*connection refused/.test(forward.output()) ? forward.output() : undefined);
      // klog quotes the message, escaping its inner quotes.
      assert.match(text.replaceAll('\\"', '"'), new RegExp(`error forwarding port ${REFUSING_PORT} to pod ` +
        `[0-9a-f]{64}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-[0-9a-f-]+": ` +
        `failed to connect to localhost:${REFUSING_PORT} inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 ` +
        `127\\.0\\.0\\.1:${REFUSING_PORT}: connect: connection refused`));
      // kubectl 1.32 closes the whole connection after an error-stream message and exits.
      assert.equal(await forward.exited, 1);
      assert.match(forward.output(), /lost connection to pod/);
    } finally {
      await stop(forward);
    }
  });

  describe('@kubernetes/client-node PortForward (v4.channel.k8s.io)', () => {
    // Loaded lazily, as the plugin does: importing client-node costs ~0.5 s.
    let portForward: (port: number, output: Writable, err: Writable, input: PassThrough) => Promise<unknown>;
    before(async () => {
      const k8s = await import('@kubernetes/client-node');
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kubeconfig);
      const pf = new k8s.PortForward(kc);
      portForward = (port, output, err, input) => pf.portForward(NAMESPACE, POD, [port], output, err, input);
    });

    /** Collects a port-forward's error channel and resolves when the WebSocket closes. */
    async function errorChannelOf(port: number): Promise<string> {
      let errText = '';
      const err = new Writable({ write(chunk: Buffer, _enc, done) { errText += chunk.toString(); done(); } });
      const output = new Writable({ write(_chunk, _enc, done) { done(); } });
      const input = new PassThrough();
      const ws = await portForward(port, output, err, input) as import('ws').WebSocket;
      await new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) resolve();
        else ws.once('close', () => resolve());
      });
      input.destroy();
      return errText;
    }

    it('forwards a request from a local server, one WebSocket per connection', async () => {
      const sockets = new Set<net.Socket>();
      const local = net.createServer((socket) => {
        sockets.add(socket);
        let errText = '';
        const err = new Writable({ write(chunk: Buffer, _enc, done) { errText += chunk.toString(); done(); } });
        portForward(HTTP_PORT, socket, err, socket as unknown as PassThrough).then((ws) => {
          const w = ws as import('ws').WebSocket;
          w.on('close', () => (errText ? socket.destroy(new Error(errText)) : socket.end()));
          socket.on('close', () => w.close());
          socket.on('error', () => w.close());
        }, () => socket.destroy());
      });
      await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
      const { port } = local.address() as net.AddressInfo;
      try {
        const reply = await getVia(port, 'shop.example.com', '/checkout');
        assert.equal(reply.status, 200);
        const body = JSON.parse(reply.body) as { backend: string; path: string };
        assert.deepEqual([body.backend, body.path], ['shop', '/checkout']);
        const upgrade = api.requests.filter((r) => r.upgrade).at(-1);
        assert.deepEqual(upgrade?.query, { ports: String(HTTP_PORT) });
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => local.close(() => resolve()));
      }
      assert.equal(await isListening(port), false);
    });

    it('writes the resolver error to the error channel and closes', async () => {
      const text = await errorChannelOf(UNRESOLVED_PORT);
      assert.match(text, /^error forwarding port 19000 to pod [0-9a-f]{64}, uid : /);
      assert.ok(text.endsWith(UNRESOLVED_TEXT), text);
    });

    it('writes "connection refused" to the error channel when nothing listens on the pod port', async () => {
      const text = await errorChannelOf(REFUSING_PORT);
      assert.match(text, new RegExp(`^error forwarding port ${REFUSING_PORT} to pod .*failed to connect to ` +
        `localhost:${REFUSING_PORT} inside namespace .*dial tcp4 127\\.0\\.0\\.1:${REFUSING_PORT}: connect: ` +
        `connection refused`));
    });

    it('is refused with 404 for a pod that does not exist', async () => {
      const k8s = await import('@kubernetes/client-node');
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kubeconfig);
      const sink = new Writable({ write(_chunk, _enc, done) { done(); } });
      await assert.rejects(new k8s.PortForward(kc).portForward(NAMESPACE, 'no-such-pod', [HTTP_PORT], sink, sink,
        new PassThrough()), (error: { message?: string }) => /404/.test(String(error.message)));
      const upgrade = api.requests.filter((r) => r.upgrade).at(-1);
      assert.deepEqual([upgrade?.path, upgrade?.status],
        [`/api/v1/namespaces/${NAMESPACE}/pods/no-such-pod/portforward`, 404]);
    });
  });

  describe('other WebSocket subprotocols', () => {
    const open = (protocols: string[]): Promise<import('ws').WebSocket> => import('ws').then(({ WebSocket }) => {
      const url = `${api.url.replace('https', 'wss')}/api/v1/namespaces/${NAMESPACE}/pods/${POD}/portforward` +
        `?ports=${HTTP_PORT}`;
      return new WebSocket(url, protocols, { ca: api.caPem, headers: { authorization: `Bearer ${api.token}` } });
    });

    it('half-closes the pod connection on a v5.channel.k8s.io close-stream message', async () => {
      const ws = await open(['v5.channel.k8s.io']);
      const messages: Buffer[] = [];
      ws.on('message', (data: Buffer) => messages.push(data));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      assert.equal(ws.protocol, 'v5.channel.k8s.io');
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET /v5 HTTP/1.1\r\nHost: shop.example.com\r\n\r\n')]));
      // Channel 255 "close stream" for channel 0: the client has nothing more to send.
      ws.send(Buffer.from([255, 0]));
      const code = await new Promise<number>((resolve) => ws.once('close', resolve));
      assert.equal(code, 1000);
      // The first message on each channel is the port, little-endian.
      assert.deepEqual(messages.slice(0, 2).map((m) => [...m]), [[0, HTTP_PORT & 0xff, HTTP_PORT >> 8],
        [1, HTTP_PORT & 0xff, HTTP_PORT >> 8]]);
      const response = Buffer.concat(messages.slice(2).filter((m) => m[0] === 0).map((m) => m.subarray(1))).toString();
      assert.match(response, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(response, /"path":"\/v5".*"backend":"shop"/);
    });

    it('refuses a subprotocol it does not speak with 400', async () => {
      const ws = await open(['v4.base64.channel.k8s.io']);
      const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
      assert.equal(error.message, 'Unexpected server response: 400');
    });
  });

  // Mocha runs a suite's own tests before its child suites, so this check is a suite of its own.
  describe('cleanup', () => {
    it('leaves no listener bound once the servers are closed', async () => {
      const ports = [Number(new URL(api.url).port), dp.port];
      await api.close();
      await dp.close();
      for (const port of ports) assert.equal(await isListening(port), false, `port ${port} still bound`);
    });
  });
});
