// The one way the process ends. Every command, on every path (success, findings, errors, usage
// errors, Ctrl-C), ends through exitWhenFlushed: whatever was written to stdout and stderr is
// handed to the OS before process.exit. Node writes to a pipe asynchronously, so a bare
// process.exit (as oclif's error handler does) drops what a slow reader (`| jq`, `| less`) has not
// yet taken: `check -o json | jq` used to stop at 64 or 128 KiB.
//
// The process still exits explicitly rather than letting the event loop end: a lingering handle
// (an exec credential plugin that never returned, a keep-alive socket in a library) must not keep
// a finished command running.
import { EXIT } from './exit-codes.js';

/** Resolves once everything written to `stream` so far has been handed to the OS (or it failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableFinished) return resolve();
    // Writes complete in order, so this empty write's callback runs after every earlier one's.
    // The callback also runs (with an error) when the reader is gone (EPIPE): nothing to wait for.
    stream.write('', () => resolve());
  });
}

/** Ends the process with `code` once stdout and stderr are flushed. */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

// A reader that went away (`kubectl gw tree | head`, EPIPE) is not an error of ours: stop writing
// and end quietly, as kubectl does, instead of an unhandled stream error with a stack trace.
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', () => process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok));
}

/**
 * Ctrl-C: exit 130 once what was already written is flushed. A command that handles SIGINT
 * itself (curl closes its port-forwards first) has its own listener, and this one then stands
 * aside; a second Ctrl-C while flushing ends at once.
 */
function exitOnInterrupt(): void {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(EXIT.interrupted);
    if (process.listenerCount('SIGINT') > 1) return;
    interrupted = true;
    void exitWhenFlushed(EXIT.interrupted);
  });
}

/** The exit code an error that reached the top carries (oclif's ExitError and CLIError carry one). */
function exitCodeOf(err: unknown): number | undefined {
  const code = (err as { oclif?: { exit?: unknown } } | null)?.oclif?.exit;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Runs the oclif command line and ends the process. Commands report their own errors (GwCommand
 * catch) and end by throwing oclif's ExitError with the code; only failures outside any command
 * (loading the CLI itself) are worded here.
 */
export async function runCli(dir: string): Promise<never> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  exitOnInterrupt();
  const { run } = await import('@oclif/core');
  try {
    await run(process.argv.slice(2), dir);
  } catch (err) {
    const code = exitCodeOf(err);
    if (code !== undefined) {
      // ExitError has no words to show; a CLIError from oclif itself has one sentence.
      const message = (err as { code?: string; message?: string }).code === 'EEXIT' ? '' : (err as Error).message;
      if (message) process.stderr.write(`error: ${message}\n`);
      return exitWhenFlushed(code);
    }
    const debug = process.argv.includes('--debug');
    process.stderr.write(`error: unexpected failure: ${(err as Error)?.message ?? String(err)}\n`);
    process.stderr.write(debug ? `${(err as Error)?.stack}\n` : 'This is a bug in kubectl-gw; run again with --debug to see details.\n');
    return exitWhenFlushed(EXIT.internal);
  }
  return exitWhenFlushed(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
}
