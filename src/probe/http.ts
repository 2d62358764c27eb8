// One HTTP(S) request through a local port (the port-forward), with the Host header and SNI of
// the name being probed. The TLS handshake is done here, before the request is written, so that a
// certificate that does not cover the SNI (or is not trusted) is reported with what was served
// and the request is never sent to it. Nothing is kept alive: one socket, closed at the end.
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import { stripPort } from '../spec/hostnames.js';

export type ProbeErrorKind = 'tls' | 'timeout' | 'connect' | 'reset' | 'forward' | 'aborted';

export interface PeerCertificate {
  subject: string;
  issuer: string;
  dnsNames: string[];
  notAfter: string;
}

export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  /** The certificate chain verified against the CA in use (system roots or --cacert). */
  trusted: boolean;
  /** The served certificate covers the SNI name (checked even when the chain is not trusted). */
  coversServerName: boolean;
  /** OpenSSL's or Node's reason when the chain or the name did not verify. */
  verifyError?: string;
  peerCertificate?: PeerCertificate;
}

export interface ProbeTimings {
  /** TCP connect to the local forward port. */
  connectMs?: number;
  /** TLS handshake done (https only), from the start. */
  tlsMs?: number;
  /** The response head arrived (status line and headers parsed), from the start. */
  firstByteMs?: number;
  totalMs: number;
}

export interface ProbeResponse {
  /** null when no response arrived (see error). */
  status: number | null;
  statusText: string;
  httpVersion: string;
  /** Response headers as sent, in order, names as written. */
  headers: Array<[string, string]>;
  body: string;
  /** Bytes of body received (also those cut). */
  bodyBytes: number;
  /** Bytes received past maxBody and not kept (0 when the body is whole). */
  truncatedBytes: number;
  timings: ProbeTimings;
  tls?: TlsFacts;
  error?: { kind: ProbeErrorKind; message: string };
}

export interface SendRequestOptions {
  localPort: number;
  /** Address of the local forward; 127.0.0.1 unless a test says otherwise. */
  localHost?: string;
  scheme: 'http' | 'https';
  /** Host header value (may carry :port). */
  host: string;
  path: string;
  method: string;
  headers?: Array<[string, string]> | Record<string, string>;
  body?: string | Buffer;
  /** TLS server name; defaults to host without its port. */
  sni?: string;
  /** Send the request even when the certificate is not trusted or does not cover the SNI. */
  insecure?: boolean;
  /** CA bundle to verify against instead of the system roots. */
  caPem?: string;
  /** From the start to the last body byte; 0 means no limit. */
  timeoutMs: number;
  /** Keep at most this many body bytes (Infinity keeps everything). */
  maxBody: number;
  signal?: AbortSignal;
}

/** Why a request ended without a whole answer; becomes ProbeResponse.error (sendRequest never rejects). */
class ProbeFailure extends Error {
  constructor(
    readonly kind: ProbeErrorKind,
    message: string,
  ) {
    super(message);
  }
}

function headerPairs(headers: SendRequestOptions['headers']): Array<[string, string]> {
  if (!headers) return [];
  return Array.isArray(headers) ? headers : Object.entries(headers);
}

/**
 * The TLS server name for a Host header value: the host without its port, and an IPv6 address
 * without the brackets stripPort keeps, since net.isIP and tls.checkServerIdentity want the bare
 * address ("[::1]:8443" -> "::1").
 */
export function serverNameOf(host: string): string {
  const h = stripPort(host);
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function peerCertificateFacts(cert: tls.PeerCertificate): PeerCertificate {
  const dnsNames = (cert.subjectaltname ?? '')
    .split(', ')
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));
  const name = (x: tls.Certificate | undefined) => (x?.CN ? `CN=${x.CN}` : Object.entries(x ?? {}).map(([k, v]) => `${k}=${v}`).join(', '));
  const notAfter = new Date(cert.valid_to);
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    dnsNames,
    notAfter: Number.isNaN(notAfter.getTime()) ? cert.valid_to : notAfter.toISOString(),
  };
}

type Phase = 'connect' | 'tls' | 'http';

/** A socket error's kind by the phase it broke: after the handshake it is a reset. */
const KIND_OF_PHASE: Record<Phase, ProbeErrorKind> = { connect: 'connect', tls: 'tls', http: 'reset' };

function describeSocketError(err: NodeJS.ErrnoException, during: Phase): string {
  const code = err.code ? ` (${err.code})` : '';
  if (during === 'tls') {
    if (err.code === 'ECONNRESET' || /socket disconnected|hang up/i.test(err.message)) {
      return `the connection closed during the TLS handshake${code}: the data plane offered no certificate for this server name, or the forward failed`;
    }
    return `TLS handshake failed: ${err.message}${code}`;
  }
  if (during === 'http' && (err.code === 'ECONNRESET' || /hang up/.test(err.message))) {
    return 'the connection closed before a complete response arrived';
  }
  return `${err.message}${code}`;
}

/** Sends one request; resolves with what came back, or what went wrong (never rejects). */
export function sendRequest(opts: SendRequestOptions): Promise<ProbeResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timings: ProbeTimings = { totalMs: 0 };
  const result: ProbeResponse = {
    status: null,
    statusText: '',
    httpVersion: '',
    headers: [],
    body: '',
    bodyBytes: 0,
    truncatedBytes: 0,
    timings,
  };
  const sni = opts.sni ?? serverNameOf(opts.host);
  const bodyChunks: Buffer[] = [];
  let kept = 0;

  return new Promise<ProbeResponse>((resolve) => {
    let socket: net.Socket | undefined;
    let request: http.ClientRequest | undefined;
    let during: Phase = 'connect';
    let settled = false;

    const finish = (failure?: ProbeFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure) result.error = { kind: failure.kind, message: failure.message };
      result.body = Buffer.concat(bodyChunks).toString('utf8');
      timings.totalMs = elapsed();
      request?.destroy();
      socket?.destroy();
      resolve(result);
    };

    const onTimeout = () => {
      const waited = `${opts.timeoutMs / 1000}s`;
      const what =
        result.status !== null
          ? `the response body did not finish within ${waited}`
          : during === 'tls'
            ? `no TLS handshake within ${waited}`
            : `no response within ${waited}`;
      finish(new ProbeFailure('timeout', what));
    };
    const timer = opts.timeoutMs > 0 ? setTimeout(onTimeout, opts.timeoutMs) : undefined;

    const onAbort = () => finish(new ProbeFailure('aborted', 'interrupted'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const onSocketError = (err: NodeJS.ErrnoException) => {
      finish(new ProbeFailure(KIND_OF_PHASE[during], describeSocketError(err, during)));
    };

    const sendHttp = () => {
      during = 'http';
      const headers: Array<[string, string]> = [['Host', opts.host]];
      for (const [name, value] of headerPairs(opts.headers)) {
        if (name.toLowerCase() === 'host') headers[0] = [name, value];
        else headers.push([name, value]);
      }
      if (opts.body !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-length')) {
        headers.push(['Content-Length', String(Buffer.byteLength(opts.body))]);
      }
      const connected = socket!;
      request = http.request({
        method: opts.method,
        path: opts.path,
        headers: headers.flat(),
        // No agent: the request rides the socket made above and nothing is pooled or kept alive.
        createConnection: () => connected,
        setHost: false,
      });
      request.on('error', onSocketError);
      request.on('response', (res) => {
        timings.firstByteMs = elapsed();
        result.status = res.statusCode ?? null;
        result.statusText = res.statusMessage ?? '';
        result.httpVersion = res.httpVersion;
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) result.headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        res.on('data', (chunk: Buffer) => {
          result.bodyBytes += chunk.length;
          const room = opts.maxBody - kept;
          if (room >= chunk.length) {
            bodyChunks.push(chunk);
            kept += chunk.length;
          } else {
            if (room > 0) bodyChunks.push(chunk.subarray(0, room));
            kept += Math.max(room, 0);
            result.truncatedBytes += chunk.length - Math.max(room, 0);
          }
        });
        res.on('end', () => finish());
        res.on('error', onSocketError);
        res.on('aborted', () => finish(new ProbeFailure('reset', 'the connection closed before the response body ended')));
      });
      request.end(opts.body);
    };

    const host = opts.localHost ?? '127.0.0.1';
    if (opts.scheme === 'http') {
      socket = net.connect({ host, port: opts.localPort });
      socket.once('connect', () => {
        timings.connectMs = elapsed();
        sendHttp();
      });
      socket.on('error', onSocketError);
      return;
    }

    const raw = net.connect({ host, port: opts.localPort });
    socket = raw;
    raw.on('error', onSocketError);
    raw.once('connect', () => {
      timings.connectMs = elapsed();
      during = 'tls';
      // Verified by hand below (not rejectUnauthorized), so that an untrusted certificate or one
      // for another name is still described: which names it covers, who issued it, when it ends.
      const secure = tls.connect({
        socket: raw,
        servername: net.isIP(sni) ? undefined : sni,
        ca: opts.caPem,
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
      });
      socket = secure;
      secure.on('error', onSocketError);
      secure.once('secureConnect', () => {
        timings.tlsMs = elapsed();
        const cert = secure.getPeerCertificate();
        const hasCert = cert && Object.keys(cert).length > 0;
        const identityError = hasCert ? tls.checkServerIdentity(sni, cert) : new Error('the server sent no certificate');
        const cipher = secure.getCipher();
        // Node puts an error code here (typed Error, a string at run time); a name mismatch is
        // only reported once the chain verified, so it still means "trusted".
        const authorizationError = secure.authorizationError ? String(secure.authorizationError) : undefined;
        result.tls = {
          protocol: secure.getProtocol(),
          cipher: cipher?.name ?? null,
          trusted: secure.authorized || authorizationError === 'ERR_TLS_CERT_ALTNAME_INVALID',
          coversServerName: !identityError,
          peerCertificate: hasCert ? peerCertificateFacts(cert) : undefined,
        };
        const verifyError = secure.authorized ? undefined : (authorizationError ?? identityError?.message);
        if (verifyError) result.tls.verifyError = verifyError;
        if (!opts.insecure && (!result.tls.trusted || !result.tls.coversServerName)) {
          const names = result.tls.peerCertificate?.dnsNames.join(', ') || 'no DNS names';
          const why = !result.tls.coversServerName
            ? `the certificate served for SNI "${sni}" does not cover that name (it covers: ${names})`
            : `the certificate served for SNI "${sni}" is not trusted (${verifyError}); pass the CA, or skip verification`;
          finish(new ProbeFailure('tls', why));
          return;
        }
        sendHttp();
      });
    });
  });
}
