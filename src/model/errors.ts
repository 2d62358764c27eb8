// Expected failures a user can act on. Each carries one plain sentence and an exit code; the
// command layer prints `error: <message>` (and the hint) and never a stack trace.

export class UserError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, opts: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.exitCode = opts.exitCode ?? 1;
    this.hint = opts.hint;
  }
}

/** An error the API server returned, rendered the kubectl way: "Error from server (Reason): ...". */
export class ApiError extends UserError {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string, opts: { hint?: string } = {}) {
    super(message, { ...opts, exitCode: 1 });
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
  }
}
