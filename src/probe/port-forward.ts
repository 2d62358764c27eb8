// A local TCP port that forwards each connection to one port of one pod, over the API server's
// port-forward WebSocket (client-node's PortForward, one WebSocket per connection).
//
// client-node alone hangs when the pod side fails: the kubelet writes "error forwarding port ...:
// connection refused" on the error channel and closes, and client-node's PortForward writes that
// text to its err stream but never ends the local socket, so the request would wait forever.
// So here the error text closes the local socket at once and is kept in `errors` for the caller
// to show; a connect deadline bounds the WebSocket handshake; and every server, socket and
// WebSocket is tracked so that close() leaves nothing behind.
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { Readable, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WebSocket as WsSocket, ClientOptions } from 'ws';

export interface Forward {
  /** The port on 127.0.0.1 that reaches the pod. */
  localPort: number;
  /** Closes the listener, every local socket and every WebSocket; resolves when all are gone. */
  close(): Promise<void>;
  /** The kubelet's or API server's error texts, in the order they came. */
  errors: string[];
}

export interface ForwardOptions {
  /** How long the WebSocket handshake with the API server may take, per connection; 0 means no limit. */
  connectTimeoutMs: number;
}

/** What of a Connection the forward needs: the client-node KubeConfig (server, credentials, TLS). */
export interface ForwardConnection {
  kc: KubeConfig;
}

// WebSocket.readyState values (the ws package's constants).
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** The API server refused the upgrade: its status and the message of its Status body. */
class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the refusal's body (a Status, or text) and fails the handshake with it. */
function refuseWithBody(socket: WsSocket, res: IncomingMessage): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    if (size < 4096) chunks.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8').trim();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // a text body (e.g. "404 page not found") is the message as it is
    }
    socket.emit('error', new UpgradeRefused(res.statusCode ?? 0, message));
    socket.terminate();
  });
}

/** Why the WebSocket did not open, in words a user can act on. */
function describeUpgradeFailure(target: string, failure: unknown): string {
  // WebSocketHandler rejects with the ErrorEvent of ws's onerror, which wraps the Error.
  const err = (failure as { error?: unknown })?.error ?? failure;
  const message = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
  if (err instanceof UpgradeRefused) {
    const hint = err.status === 403 ? ' (the user needs "create" on pods/portforward in that namespace)' : '';
    return `port-forward to ${target} refused by the API server (HTTP ${err.status}): ${message}${hint}`;
  }
  return `port-forward to ${target} failed: ${message}`;
}

export async function openForward(
  conn: ForwardConnection,
  namespace: string,
  pod: string,
  containerPort: number,
  opts: ForwardOptions,
): Promise<Forward> {
  const { PortForward, WebSocketHandler, WebSocket } = await import('../kube/client-node.js');
  const target = `pod ${namespace}/${pod} port ${containerPort}`;
  const errors: string[] = [];
  const sockets = new Set<net.Socket>();
  const websockets = new Set<WsSocket>();
  const timers = new Set<NodeJS.Timeout>();
  // The library pauses process.stdin and ends process.stdout/stderr on a v5 "close stream" frame
  // unless given streams of its own.
  const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });
  const streams = { stdin: new Readable({ read() {} }), stdout: discard(), stderr: discard() };

  const bridge = async (local: net.Socket) => {
    let failed = false;
    let ws: WsSocket | undefined;
    const fail = (text: string) => {
      if (failed) return;
      failed = true;
      errors.push(text);
      // A reset, not a FIN: the HTTP client fails at once instead of waiting for more bytes.
      if (!local.destroyed) local.resetAndDestroy();
      ws?.terminate();
    };
    const errSink = new Writable({
      write(chunk: Buffer, _enc, done) {
        const text = chunk.toString('utf8').trim();
        if (text) fail(text);
        done();
      },
    });
    const factory = (uri: string, protocols: string[], options: ClientOptions) => {
      const socket = new WebSocket(uri, protocols, { ...options, ...(opts.connectTimeoutMs > 0 ? { handshakeTimeout: opts.connectTimeoutMs } : {}) });
      ws = socket;
      websockets.add(socket);
      socket.on('close', () => websockets.delete(socket));
      socket.on('unexpected-response', (_req, res) => refuseWithBody(socket, res));
      // Errors after the handshake surface as 'close'; this keeps them from being unhandled.
      socket.on('error', () => {});
      return socket;
    };
    const portForward = new PortForward(conn.kc, true, new WebSocketHandler(conn.kc, factory, streams));
    const deadline =
      opts.connectTimeoutMs > 0
        ? setTimeout(() => fail(`port-forward to ${target} did not connect within ${opts.connectTimeoutMs / 1000}s`), opts.connectTimeoutMs)
        : undefined;
    if (deadline) timers.add(deadline);
    try {
      const opened = (await portForward.portForward(namespace, pod, [containerPort], local, errSink, local)) as WsSocket;
      if (failed || local.destroyed) return void opened.terminate();
      opened.on('close', () => {
        if (!local.destroyed) local.end();
      });
      local.on('close', () => closeGracefully(opened));
      local.on('error', () => closeGracefully(opened));
    } catch (err) {
      fail(describeUpgradeFailure(target, err));
    } finally {
      if (deadline) {
        clearTimeout(deadline);
        timers.delete(deadline);
      }
    }
  };

  const server = net.createServer((local) => {
    sockets.add(local);
    local.on('close', () => sockets.delete(local));
    local.on('error', () => {});
    void bridge(local);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const timer of timers) clearTimeout(timer);
    for (const local of sockets) local.destroy();
    const wsGone = [...websockets].map(
      (ws) => new Promise<void>((resolve) => (ws.readyState === CLOSED ? resolve() : ws.once('close', () => resolve()))),
    );
    for (const ws of websockets) ws.terminate();
    await Promise.all([closed, ...wsGone]);
  };

  return { localPort: address.port, close, errors };

  function closeGracefully(ws: WsSocket): void {
    if (ws.readyState === OPEN) ws.close();
    else if (ws.readyState === CONNECTING) ws.terminate();
  }
}
