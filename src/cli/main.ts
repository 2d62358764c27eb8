// The CLI's entry, shared by bin/kubectl-gw (Node.js from PATH) and the single binary. The build
// (scripts/build.mjs) bundles it with every command and @oclif/core into one file, so starting
// reads one module from disk instead of hundreds; what a command needs beyond its flags (the
// graph, the renderers, the Kubernetes client) is imported lazily and lands in separate chunks.
//
// oclif is handed its configuration in memory: package.json's "oclif" section is embedded at
// build time, and the commands come from commands/index.ts. oclif then reads nothing from disk
// to list or find a command, which is also what lets the single binary run without its files.
//
// It is also the one way the process ends. Every command, on every path (success, findings,
// errors, usage errors, Ctrl-C), ends through exitWhenFlushed: whatever was written to stdout and
// stderr is handed to the OS before process.exit. Node writes to a pipe asynchronously, so a bare
// process.exit (as oclif's error handler does) drops what a slow reader (`| jq`, `| less`) has not
// yet taken: `check -o json | jq` used to stop at 64 or 128 KiB.
//
// The process still exits explicitly rather than letting the event loop end: a lingering handle
// (an exec credential plugin that never returned, a keep-alive socket in a library) must not keep
// a finished command running.
import { setFlagsFromString } from 'node:v8';
import { Errors, Plugin, run, type Interfaces } from '@oclif/core';
import { COMMANDS } from '../../commands/index.js';
import { EXIT } from './exit-codes.js';

/** package.json, embedded by the build (esbuild `define`). */
declare const GW_PACKAGE_JSON: Interfaces.PJSON;

/** Resolves once everything written to `stream` so far has been handed to the OS (or it failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableFinished) return resolve();
    // Writes complete in order, so this empty write's callback runs after every earlier one's.
    // The callback also runs (with an error) when the reader is gone (EPIPE): nothing to wait for.
    stream.write('', () => resolve());
  });
}

// Set when the command reported a problem on stderr and went on (a malformed object in -f was
// skipped): the run then fails at the end, whatever the command decides. Problems found outrank
// an incomplete analysis (exit-codes.ts), but not a usage error, a bug or an interrupt.
let failedAlong = false;

/** The run has reported a problem and carried on: it exits 1 at the end (not 0, not 3). */
export function failAtEnd(): void {
  failedAlong = true;
}

/** Ends the process with `code` once stdout and stderr are flushed. */
export async function exitWhenFlushed(requested: number): Promise<never> {
  const code = failedAlong && (requested === EXIT.ok || requested === EXIT.incomplete) ? EXIT.problems : requested;
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
 * Whether oclif would answer with help instead of a command: no arguments, -h or --help before
 * any `--`, or words that name a topic (`explain`) and no command.
 */
function asksForHelp(argv: string[], plugin: Plugin): boolean {
  const end = argv.indexOf('--');
  const words = end < 0 ? argv : argv.slice(0, end);
  if (words.length === 0 || words.includes('--help') || words.includes('-h')) return true;
  const id = words.filter((w) => !w.startsWith('-')).join(':');
  return !plugin.commands.some((c) => c.id === id) && plugin.commands.some((c) => c.id.startsWith(`${id}:`));
}

/**
 * A run lasts well under a second for most inputs, and V8's optimizing compiler costs more than
 * it saves there: with its default threshold it starts about 40 optimizing compiles during
 * `tree -f examples/` (the yaml parser's and the graph's hot functions, after a few files), whose
 * thread competes with the main one for the CPU while the run is nearly over; measured, about a
 * quarter of that command's CPU time on 2 cores. Sixteen times the threshold lets short runs
 * finish in the interpreter and baseline code; long runs still reach optimized code a moment
 * later (measured: `check -f` of 2,000 and 20,000 routes no slower). The knob is named
 * differently by V8 versions, and an unknown flag is an error on stderr, so only the versions it
 * was measured on are tuned (V8 11: Node.js 20; V8 12: Node.js 22, the single binary's).
 */
const TIERING_FLAG: Record<string, string> = {
  '11': '--interrupt-budget=1081344', // default 67,584 bytecodes
  '12': '--invocation-count-for-turbofan=48000', // default 3,000 calls
};

/** Set before any of the CLI's work runs, so it applies to every function the command runs. */
function tuneV8ForShortRuns(): void {
  const flag = TIERING_FLAG[process.versions.v8.split('.')[0]];
  if (flag) setFlagsFromString(flag);
}

/**
 * Runs `kubectl-gw ARGV...` and ends the process. `root` is the folder oclif treats as the CLI's
 * home (the package folder, or the single binary's folder); nothing is loaded from it. Commands
 * report their own errors (GwCommand catch) and end by throwing oclif's ExitError with the code;
 * only failures outside any command (loading the CLI itself) are worded here.
 */
export async function main(argv: string[], root: string): Promise<never> {
  tuneV8ForShortRuns();
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  exitOnInterrupt();
  if (argv[0] === '__complete') {
    // Tab completion: answered without oclif's command machinery (it reads only the flag
    // definitions of the command being completed), to stay quick.
    const { completionLines } = await import('./complete.js');
    process.stdout.write(`${(await completionLines(argv.slice(1))).join('\n')}\n`);
    return exitWhenFlushed(EXIT.ok);
  }
  const pjson = GW_PACKAGE_JSON;
  const plugin = new Plugin({ root, pjson, isRoot: true });
  // oclif's "explicit" discovery imports its target module from disk the first time it needs a
  // command; the map is already here, so it is given to oclif as that import's result.
  (plugin as unknown as { commandCache: typeof COMMANDS }).commandCache = COMMANDS;
  try {
    await plugin.load();
    const plugins = new Map([[plugin.name, plugin]]);
    if (asksForHelp(argv, plugin)) {
      // Help is ours (src/cli/help.ts: exit codes, the summary once, kubectl's unknown command),
      // not oclif's default, which a bundle cannot swap through package.json's helpClass.
      const [{ Config }, { showHelp }] = await Promise.all([import('@oclif/core'), import('./help.js')]);
      await showHelp(await Config.load({ root, pjson, plugins }), argv);
      return exitWhenFlushed(EXIT.ok);
    }
    await run(argv, { root, pjson, plugins });
  } catch (err) {
    // oclif's own words for an unknown command; ours are kubectl's (no hook: hooks load from disk).
    const notFound = err instanceof Errors.CLIError && /^command (\S+) not found$/.exec(err.message);
    if (notFound) {
      // Loaded only here: its suggestions (an edit-distance library) are no part of a normal run.
      const { unknownCommand } = await import('./unknown-command.js');
      unknownCommand(notFound[1], plugin.commands);
      return exitWhenFlushed(EXIT.usage);
    }
    const code = exitCodeOf(err);
    if (code !== undefined) {
      // ExitError has no words to show; a CLIError from oclif itself has one sentence.
      const message = (err as { code?: string; message?: string }).code === 'EEXIT' ? '' : (err as Error).message;
      if (message) process.stderr.write(`error: ${message}\n`);
      return exitWhenFlushed(code);
    }
    const debug = argv.includes('--debug');
    process.stderr.write(`error: unexpected failure: ${(err as Error)?.message ?? String(err)}\n`);
    process.stderr.write(debug ? `${(err as Error)?.stack}\n` : 'This is a bug in kubectl-gw; run again with --debug to see details.\n');
    return exitWhenFlushed(EXIT.internal);
  }
  return exitWhenFlushed(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
}
