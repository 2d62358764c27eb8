// The server half of SPDY/3.1 (draft-mbelshe-httpbis-spdy-00), as much as kubectl's port-forward
// needs: the peer opens streams (SYN_STREAM), we accept them (SYN_REPLY), data flows both ways
// (DATA, FIN), either side may reset a stream (RST_STREAM), PINGs are echoed, GOAWAY ends the
// session. Flow control (SETTINGS, WINDOW_UPDATE) is ignored, as moby/spdystream (kubectl's side)
// ignores it too. npm's spdy-transport was not used: it models HTTP requests (:method, :path,
// :status) where port-forward streams carry only their own headers, and pulls in readable-stream 3.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import zlib from 'node:zlib';

const SPDY_VERSION = 3;
const FLAG_FIN = 0x01;

/** Control frame types (spec section 2.6); the ones this server sends or acts on. */
const FrameType = { SynStream: 1, SynReply: 2, RstStream: 3, Ping: 6, GoAway: 7 } as const;
type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** RST_STREAM status codes (spec section 2.6.3). */
export const RstStatus = { Cancel: 5 } as const;

/**
 * The header-compression dictionary of SPDY/3 (spec section 2.6.10.1): 4-byte-length-prefixed
 * header names and values, then a run of common value fragments.
 */
const SPDY3_DICTIONARY = (() => {
  const words = [
    'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
    'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection',
    'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location',
    'content-md5', 'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host',
    'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified',
    'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
    'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via',
    'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url',
    'public', 'set-cookie', 'keep-alive', 'origin',
  ];
  const tail = '100101201202205206300302303304305306307402405406407408409410411412413414415416417502' +
    '504505203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 ' +
    'Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service ' +
    'UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, ' +
    'Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,' +
    'application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdch' +
    'charset=utf-8charset=iso-8859-1,utf-,*,enq=0.';
  const parts: Buffer[] = [];
  for (const word of words) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(word.length);
    parts.push(length, Buffer.from(word, 'latin1'));
  }
  parts.push(Buffer.from(tail, 'latin1'));
  return Buffer.concat(parts);
})();

/**
 * Runs `input` through a connection-long zlib context and returns what it produced. SPDY keeps
 * one compression context per direction for the whole session and ends every header block with
 * a sync flush, so blocks cannot be (de)compressed on their own.
 */
function zlibStep(context: zlib.Inflate | zlib.Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    context.once('error', reject);
    context.write(input);
    context.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      context.off('error', reject);
      resolve((context.read() as Buffer | null) ?? Buffer.alloc(0));
    });
  });
}

/** Header block (spec section 2.6.10): u32 count, then u32-length-prefixed names and values. */
function parseHeaderBlock(block: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let at = 0;
  const next = (): string => {
    const length = block.readUInt32BE(at);
    const value = block.subarray(at + 4, at + 4 + length).toString('utf8');
    at += 4 + length;
    return value;
  };
  const count = block.readUInt32BE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const name = next().toLowerCase();
    // Several values of one header are joined by NUL; port-forward headers have one each.
    headers.set(name, next().split('\0')[0]);
  }
  return headers;
}

function controlFrame(type: FrameType, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([header, payload]);
}

function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(streamId & 0x7fffffff, 0);
  header.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([header, payload]);
}

const MAX_DATA_PAYLOAD = 0xffffff;

/** One stream the peer opened. Readable: the peer's DATA; writable: our DATA (end() sends FIN). */
export class SpdyStream extends Duplex {
  private replied = false;
  private resetSent = false;

  constructor(private readonly session: SpdySession, readonly id: number, readonly headers: Map<string, string>) {
    super({ allowHalfOpen: true });
  }

  /** SYN_REPLY with an empty header block, as spdystream's SendReply(http.Header{}) does. */
  reply(): void {
    if (this.replied) return;
    this.replied = true;
    this.session.sendReply(this.id);
  }

  /** RST_STREAM: refuse the stream or abandon it. */
  reset(status: number = RstStatus.Cancel): void {
    if (!this.resetSent && !this.destroyed) this.session.sendReset(this.id, status);
    this.resetSent = true;
    this.destroy();
  }

  override _read(): void {
    // Data is pushed as DATA frames arrive.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (let at = 0; at < chunk.length; at += MAX_DATA_PAYLOAD) {
      this.session.sendData(this.id, chunk.subarray(at, at + MAX_DATA_PAYLOAD), false);
    }
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.resetSent) this.session.sendData(this.id, Buffer.alloc(0), true);
    callback();
  }

  /** @internal the peer's DATA frame. */
  receive(payload: Buffer, fin: boolean): void {
    if (this.destroyed) return;
    if (payload.length > 0) this.push(payload);
    if (fin) this.push(null);
  }

  /** @internal the peer reset this stream. */
  peerReset(): void {
    this.resetSent = true;
    this.destroy();
  }
}

/**
 * A SPDY/3.1 session on an already-upgraded transport (a raw socket after "Upgrade: SPDY/3.1", or
 * a WebSocket tunnelling SPDY frames in binary messages). Emits 'stream' (SpdyStream) for every
 * SYN_STREAM and 'close' once the transport is gone.
 */
export class SpdySession extends EventEmitter {
  private readonly inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
  private readonly streams = new Map<number, SpdyStream>();
  private pending: Buffer = Buffer.alloc(0);
  // Frames are handled, and written, strictly in order; header blocks need an async zlib step.
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly transport: Duplex, head: Buffer = Buffer.alloc(0)) {
    super();
    transport.on('data', (chunk: Buffer) => this.receive(chunk));
    transport.on('error', () => transport.destroy());
    transport.on('close', () => this.shutdown());
    if (head.length > 0) this.receive(head);
  }

  /** Ends the session: every stream is destroyed and the transport closed. */
  close(): void {
    this.transport.destroy();
    this.shutdown();
  }

  /** @internal */
  sendReply(streamId: number): void {
    this.send(async () => {
      const id = Buffer.alloc(4);
      id.writeUInt32BE(streamId & 0x7fffffff);
      const block = await zlibStep(this.deflate, Buffer.alloc(4)); // zero headers
      return controlFrame(FrameType.SynReply, 0, Buffer.concat([id, block]));
    });
  }

  /** @internal */
  sendData(streamId: number, payload: Buffer, fin: boolean): void {
    const frame = dataFrame(streamId, fin ? FLAG_FIN : 0, Buffer.from(payload));
    this.send(() => frame);
  }

  /** @internal */
  sendReset(streamId: number, status: number): void {
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(streamId & 0x7fffffff, 0);
    payload.writeUInt32BE(status, 4);
    this.send(() => controlFrame(FrameType.RstStream, 0, payload));
  }

  private send(build: () => Buffer | Promise<Buffer>): void {
    this.outbound = this.outbound.then(async () => {
      const frame = await build();
      if (!this.closed && this.transport.writable) this.transport.write(frame);
    }).catch(() => this.close());
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4) & 0xffffff;
      if (this.pending.length < 8 + length) break;
      const frame = this.pending.subarray(0, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      this.inbound = this.inbound.then(() => this.handleFrame(frame)).catch(() => this.close());
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const flags = frame[4];
    const payload = frame.subarray(8);
    if ((frame[0] & 0x80) === 0) {
      const stream = this.streams.get(frame.readUInt32BE(0) & 0x7fffffff);
      stream?.receive(payload, (flags & FLAG_FIN) !== 0);
      return;
    }
    switch (frame.readUInt16BE(2)) {
      case FrameType.SynStream: {
        // stream id (31), associated-to id (31), priority (3) + unused (5) + slot (8), headers.
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const headers = parseHeaderBlock(await zlibStep(this.inflate, payload.subarray(10)));
        const stream = new SpdyStream(this, id, headers);
        this.streams.set(id, stream);
        stream.on('close', () => this.streams.delete(id));
        stream.on('error', () => stream.destroy());
        if ((flags & FLAG_FIN) !== 0) stream.push(null);
        this.emit('stream', stream);
        return;
      }
      case FrameType.RstStream:
        this.streams.get(payload.readUInt32BE(0) & 0x7fffffff)?.peerReset();
        return;
      case FrameType.Ping:
        // Echo the peer's pings (odd ids from a client); ours would be even, and we send none.
        if ((payload.readUInt32BE(0) & 1) === 1) this.send(() => Buffer.from(frame));
        return;
      case FrameType.GoAway:
        this.close();
        return;
      default:
        // SYN_REPLY, SETTINGS, HEADERS, WINDOW_UPDATE: nothing a port-forward server acts on.
        return;
    }
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.destroy();
    this.streams.clear();
    this.inflate.destroy();
    this.deflate.destroy();
    this.emit('close');
  }
}
