// The pod port-forward subresource as the kubelet serves it behind the API server, for the three
// ways real clients speak it:
// - WebSocket "v4.channel.k8s.io" (@kubernetes/client-node's PortForward): per forwarded port a
//   data channel 2*i and an error channel 2*i+1; each binary message starts with its channel
//   byte, and the first message on every channel is the port as 2 little-endian bytes.
// - Plain SPDY/3.1 with X-Stream-Protocol-Version "portforward.k8s.io" (kubectl before 1.31, or
//   with KUBECTL_PORT_FORWARD_WEBSOCKETS=false): per local connection the client opens an error
//   stream and a data stream carrying `streamtype`, `port` and `requestid` headers.
// - WebSocket "SPDY/3.1+portforward.k8s.io" (kubectl 1.31+): the same SPDY session, its frames
//   carried in WebSocket binary messages (client-go tools/portforward/tunneling_connection.go).
// Modelled on kubelet pkg/kubelet/cri/streaming/portforward/{websocket,httpstream}.go, with
// containerd's error text for a pod port that refuses the connection.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import net from 'node:net';
import type stream from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { RstStatus, SpdySession, type SpdyStream } from './spdy.js';

export type PortForwardResolver = (namespace: string, pod: string, port: number) =>
  { host: string; port: number } | { error: string };

export interface PortForwardTarget {
  namespace: string;
  pod: string;
  /** The `ports` query parameters; WebSocket channel clients must give at least one. */
  ports: number[];
  resolve: PortForwardResolver;
}

const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const SPDY_TUNNEL_PROTOCOL = `SPDY/3.1+${PORT_FORWARD_PROTOCOL}`;
// The kubelet frames port-forward only as v4 (or unversioned) channels, and client-node, which
// offers v5 first, settles for v4 there. The other versions frame data the same way; v5 adds a
// client "close stream" message, taken here as a half-close.
const CHANNEL_PROTOCOLS = ['v4.channel.k8s.io', 'v5.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io',
  'channel.k8s.io'];
const CLOSE_STREAM_CHANNEL = 255;

/**
 * Serves an authenticated Upgrade request to /api/v1/namespaces/NS/pods/POD/portforward for a pod
 * that exists. Every socket opened or accepted is handed to `track`.
 */
export function handlePortForwardUpgrade(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer,
  target: PortForwardTarget, track: (s: stream.Duplex) => void): void {
  track(socket);
  socket.on('error', () => socket.destroy());
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') upgradeWebSocket(req, socket, head, target, track);
  else if (upgrade === 'spdy/3.1') upgradeSpdy(req, socket, head, target, track);
  else refuse(socket, 400, `unable to upgrade: unsupported upgrade protocol "${req.headers.upgrade ?? ''}"`);
}

function refuse(socket: stream.Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const reason = { 400: 'Bad Request', 403: 'Forbidden' }[status] ?? 'Error';
  const body = `${message}\n`;
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `X-Content-Type-Options: nosniff\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`);
}

function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : value ?? '';
  return joined.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function upgradeWebSocket(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer,
  target: PortForwardTarget, track: (s: stream.Duplex) => void): void {
  const offered = headerList(req.headers['sec-websocket-protocol']);
  const tunnel = offered.includes(SPDY_TUNNEL_PROTOCOL);
  // No offered subprotocol is the kubelet's unversioned binary framing.
  const channelProtocol = offered.length === 0 ? '' : CHANNEL_PROTOCOLS.find((p) => offered.includes(p));
  if (!tunnel && channelProtocol === undefined) {
    refuse(socket, 400, `unable to upgrade websocket connection: requested protocol(s) are not supported: ` +
      `[${offered.join(' ')}]; supports [${[SPDY_TUNNEL_PROTOCOL, ...CHANNEL_PROTOCOLS].join(' ')}]`);
    return;
  }
  if (!tunnel && target.ports.length === 0) {
    refuse(socket, 400, 'query parameter "port" is required');
    return;
  }
  const chosen = tunnel ? SPDY_TUNNEL_PROTOCOL : channelProtocol;
  const server = new WebSocketServer({ noServer: true, clientTracking: false, handleProtocols: () => chosen || false });
  if (tunnel) {
    // ws refuses "/" in a subprotocol (not an RFC 7230 token), so the handshake is made without
    // one and the tunnelling protocol added to the 101 response, which client-go requires.
    delete req.headers['sec-websocket-protocol'];
    server.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${SPDY_TUNNEL_PROTOCOL}`));
  }
  server.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    if (tunnel) serveSpdy(new SpdySession(createWebSocketStream(ws)), target, track);
    else serveChannels(ws, target, chosen === 'v5.channel.k8s.io', track);
  });
}

function upgradeSpdy(req: http.IncomingMessage, socket: stream.Duplex, head: Buffer, target: PortForwardTarget,
  track: (s: stream.Duplex) => void): void {
  // apimachinery httpstream.Handshake: the client lists X-Stream-Protocol-Version values.
  const offered = headerList(req.headers['x-stream-protocol-version']);
  if (offered.length === 0) {
    refuse(socket, 400, 'unable to upgrade: X-Stream-Protocol-Version is required');
    return;
  }
  if (!offered.includes(PORT_FORWARD_PROTOCOL)) {
    refuse(socket, 403, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], ` +
      `server accepts [${PORT_FORWARD_PROTOCOL}]`, { 'X-Accepted-Stream-Protocol-Versions': PORT_FORWARD_PROTOCOL });
    return;
  }
  socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
    `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
  serveSpdy(new SpdySession(socket, head), target, track);
}

/** containerd names a pod by its sandbox id in port-forward errors; derive a stable stand-in. */
function sandboxId(target: PortForwardTarget): string {
  return createHash('sha256').update(`${target.namespace}/${target.pod}`).digest('hex');
}

/** kubelet: "error forwarding port %d to pod %s, uid %v: %v" (the CRI path leaves uid empty). */
function forwardingError(target: PortForwardTarget, port: number, cause: string): string {
  return `error forwarding port ${port} to pod ${sandboxId(target)}, uid : ${cause}`;
}

/** How Go's net package words a failed dial. */
function goDialError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connect: connection refused';
    case 'EHOSTUNREACH': return 'connect: no route to host';
    case 'ENETUNREACH': return 'connect: network is unreachable';
    case 'ETIMEDOUT': return 'i/o timeout';
    default: return error.message;
  }
}

/** containerd's sandbox_portforward_linux.go text when localhost:PORT in the pod cannot be dialled. */
function dialFailure(target: PortForwardTarget, port: number, error: NodeJS.ErrnoException): string {
  const sandbox = sandboxId(target);
  const id = sandbox.slice(0, 32);
  const netns = `/var/run/netns/cni-${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  const reason = goDialError(error);
  return `failed to execute portforward in network namespace "${netns}": failed to connect to localhost:${port} ` +
    `inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: ${reason} ` +
    `IPv6 dial tcp6 [::1]:${port}: ${reason} `;
}

/**
 * Connects to what stands in for `localhost:port` inside the pod; rejects with the kubelet's
 * error text.
 */
function dialPod(target: PortForwardTarget, port: number, track: (s: stream.Duplex) => void): Promise<net.Socket> {
  const resolved = target.resolve(target.namespace, target.pod, port);
  if ('error' in resolved) return Promise.reject(new Error(forwardingError(target, port, resolved.error)));
  return new Promise((resolve, reject) => {
    const pod = net.connect({ host: resolved.host, port: resolved.port });
    track(pod);
    pod.once('connect', () => {
      pod.off('error', onError);
      pod.on('error', () => pod.destroy());
      resolve(pod);
    });
    const onError = (error: NodeJS.ErrnoException): void => {
      pod.destroy();
      reject(new Error(forwardingError(target, port, dialFailure(target, port, error))));
    };
    pod.once('error', onError);
  });
}

/** The kubelet's v4 channel framing (websocket.go), one pod connection per requested port. */
function serveChannels(ws: WebSocket, target: PortForwardTarget, halfCloseMessages: boolean,
  track: (s: stream.Duplex) => void): void {
  const send = (channel: number, payload: Buffer): void => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  let running = target.ports.length;
  // The connection closes once every port's forwarding has ended, as run() waits for all pairs.
  const finished = (): void => {
    if (--running === 0 && ws.readyState === ws.OPEN) ws.close(1000);
  };
  const pairs = target.ports.map((port, i) => ({
    port, dataChannel: 2 * i, errorChannel: 2 * i + 1,
    pod: undefined as net.Socket | undefined, pending: [] as Buffer[], clientDone: false,
  }));
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const message = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (message.length === 0) return;
    if (halfCloseMessages && message[0] === CLOSE_STREAM_CHANNEL && message.length >= 2) {
      const pair = pairs.find((p) => p.dataChannel === message[1]);
      if (pair) {
        pair.clientDone = true;
        pair.pod?.end();
      }
      return;
    }
    // Error channels are write-only; anything but a data channel is dropped, as wsstream does.
    const pair = pairs.find((p) => p.dataChannel === message[0]);
    if (!pair) return;
    if (pair.pod) pair.pod.write(message.subarray(1));
    else pair.pending.push(message.subarray(1));
  });
  ws.on('close', () => {
    for (const pair of pairs) pair.pod?.destroy();
  });
  const portBytes = (port: number): Buffer => {
    const bytes = Buffer.alloc(2);
    bytes.writeUInt16LE(port);
    return bytes;
  };
  for (const pair of pairs) {
    send(pair.dataChannel, portBytes(pair.port));
    send(pair.errorChannel, portBytes(pair.port));
    dialPod(target, pair.port, track).then((pod) => {
      if (ws.readyState !== ws.OPEN) {
        pod.destroy();
        return;
      }
      pair.pod = pod;
      for (const chunk of pair.pending.splice(0)) pod.write(chunk);
      if (pair.clientDone) pod.end();
      pod.on('data', (chunk: Buffer) => send(pair.dataChannel, chunk));
      pod.on('close', finished);
    }, (error: Error) => {
      send(pair.errorChannel, Buffer.from(error.message));
      finished();
    });
  }
}

/** The kubelet's SPDY stream pairing (httpstream.go): an error and a data stream per request id. */
function serveSpdy(session: SpdySession, target: PortForwardTarget, track: (s: stream.Duplex) => void): void {
  const pairs = new Map<string, { data?: SpdyStream; error?: SpdyStream }>();
  session.on('stream', (s: SpdyStream) => {
    const port = Number(s.headers.get('port'));
    const streamType = s.headers.get('streamtype');
    // httpStreamReceived: a stream without a valid port and stream type is reset, not answered.
    if (!Number.isInteger(port) || port < 1 || port > 65535 || (streamType !== 'error' && streamType !== 'data')) {
      s.reset(RstStatus.Cancel);
      return;
    }
    s.reply();
    // Clients older than the requestid header pair streams by consecutive ids (error n, data n+2).
    const requestId = s.headers.get('requestid') ?? String(streamType === 'error' ? s.id : s.id - 2);
    const pair = pairs.get(requestId) ?? {};
    pairs.set(requestId, pair);
    if (pair[streamType]) {
      pair.error?.write(`error processing stream for request ${requestId}: ${streamType} stream already assigned`);
      s.reset(RstStatus.Cancel);
      return;
    }
    pair[streamType] = s;
    if (pair.data && pair.error) {
      pairs.delete(requestId);
      forwardStreamPair(pair.data, pair.error, port, target, track);
    }
  });
}

function forwardStreamPair(data: SpdyStream, error: SpdyStream, port: number, target: PortForwardTarget,
  track: (s: stream.Duplex) => void): void {
  // kubelet portForward(): whatever happens, both streams are closed (FIN) at the end.
  const finish = (message?: string): void => {
    if (message && !error.destroyed) error.write(message);
    if (!error.destroyed) error.end();
    if (!data.destroyed) data.end();
  };
  dialPod(target, port, track).then((pod) => {
    if (data.destroyed) {
      pod.destroy();
      return;
    }
    data.on('data', (chunk: Buffer) => pod.write(chunk));
    // The client half-closes its side when its local connection has nothing more to send.
    data.on('end', () => pod.end());
    data.on('close', () => pod.destroy());
    pod.on('data', (chunk: Buffer) => {
      if (!data.destroyed && data.writable) data.write(chunk);
    });
    pod.on('close', () => finish());
  }, (failure: Error) => finish(failure.message));
}
