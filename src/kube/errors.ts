// Turning failed requests into one sentence a user can act on, the way kubectl words them.
// The original error stays in `cause` for --debug; no stack trace reaches the terminal.
import { ApiError, UserError } from '../model/errors.js';

/** What a message needs to know about the request and the credentials behind it. */
export interface RequestContext {
  server: string;
  /** The request path, for messages about one resource. */
  path: string;
  timeoutMs: number;
  userName?: string;
  execCommand?: string;
}

/** The Status object an API server returns with a failure (k8s.io/apimachinery metav1.Status). */
interface Status {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
}

// The reason kubectl shows when the body is not a Status (apimachinery errors.NewGenericServerResponse).
const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const MESSAGE_BY_CODE: Record<number, string> = {
  403: 'the server does not allow access to the requested resource',
  404: 'the server could not find the requested resource',
  429: 'the server has received too many requests and has asked us to try again later',
  500: 'an error on the server has prevented the request from succeeding',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted',
};

function parseStatus(body: string): Status | undefined {
  try {
    const parsed = JSON.parse(body) as Status;
    return parsed && parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A non-2xx response as an ApiError: `Error from server (Reason): message`, or kubectl's 401 line. */
export function errorFromResponse(status: number, body: string, ctx: RequestContext): ApiError {
  const parsed = parseStatus(body);
  const reason = parsed?.reason || REASON_BY_CODE[status] || 'Unknown';
  if (status === 401) {
    return new ApiError(401, 'Unauthorized', 'You must be logged in to the server (Unauthorized)', {
      hint: loginHint(ctx),
    });
  }
  const detail =
    parsed?.message || MESSAGE_BY_CODE[status] || `the server returned HTTP ${status}${body ? `: ${firstLine(body)}` : ''}`;
  return new ApiError(status, reason, `Error from server (${reason}): ${detail}`);
}

function loginHint(ctx: RequestContext): string {
  const server = `the API server at ${ctx.server}`;
  if (ctx.execCommand) {
    return (
      `${server} rejected the token that "${ctx.execCommand}" (the credential plugin of user "${ctx.userName}") ` +
      'gave. Log in again (run `kubectl get ns` once to refresh it), then retry.'
    );
  }
  if (ctx.userName) return `${server} rejected the credentials of user "${ctx.userName}"; check them with \`kubectl get ns\`.`;
  return `The kubeconfig context names no user, so no credentials were sent to ${server}.`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

/** Formats a duration the way --request-timeout is written: 5s, 300ms, 1.5s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1).replace(/\.0$/, '')}s`;
}

export function timeoutError(ctx: RequestContext, cause?: unknown): UserError {
  const err = new UserError(
    `the API server at ${ctx.server} did not answer within ${formatDuration(ctx.timeoutMs)} (--request-timeout)`,
    {
      hint: ctx.execCommand
        ? `If the credential plugin "${ctx.execCommand}" waits for an interactive login, run \`kubectl get ns\` once to log in.`
        : undefined,
    },
  );
  err.cause = cause;
  return err;
}

// Node's network error codes and TLS verification codes, in words.
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  EPROTO: 'the TLS handshake failed',
};

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is signed by an authority the kubeconfig does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by an authority the kubeconfig does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by an authority the kubeconfig does not trust',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate does not name this host',
};

/** A failure below HTTP (no response at all) as one sentence naming the server. */
export function networkError(err: unknown, ctx: RequestContext): UserError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const tls = TLS_REASONS[code];
  const reason = tls ?? NETWORK_REASONS[code] ?? (e?.message || String(err));
  const wrapped = new UserError(`could not reach the API server at ${ctx.server}: ${reason}`, {
    hint: tls
      ? 'Check certificate-authority(-data) and tls-server-name of the cluster entry in the kubeconfig.'
      : undefined,
  });
  wrapped.cause = err;
  return wrapped;
}

/**
 * Failures of the credential step itself (before any request): a missing exec plugin, a plugin
 * that exited non-zero, an unreadable certificate file.
 */
export function credentialError(err: unknown, ctx: RequestContext): UserError {
  const e = err as NodeJS.ErrnoException;
  let message: string;
  if (/HTTP protocol is not allowed/.test(e?.message ?? '')) {
    message = `the API server ${ctx.server} is plain http://, which client-node allows only with insecure-skip-tls-verify: true in the cluster entry`;
  } else if (ctx.execCommand && e?.code === 'ENOENT' && (e.path === ctx.execCommand || e.syscall?.startsWith('spawn'))) {
    message = `the credential plugin "${ctx.execCommand}" of user "${ctx.userName}" was not found`;
  } else if (ctx.execCommand && !e?.code) {
    const text = firstLine(e?.message ?? String(err));
    message = `the credential plugin "${ctx.execCommand}" of user "${ctx.userName}" failed${text ? `: ${text}` : ''}`;
  } else {
    message = `cannot prepare credentials for ${ctx.server}: ${e?.message ?? String(err)}`;
  }
  const wrapped = new UserError(message);
  wrapped.cause = err;
  return wrapped;
}
