// Runs the plugin the way users do: the real `kubectl` binary dispatching `kubectl gw ...` to
// bin/kubectl-gw found on PATH. The build (npm test's pretest) must have run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
  /** Run bin/kubectl-gw directly instead of through kubectl. */
  direct?: boolean;
}

const home = mkdtempSync(join(tmpdir(), 'gw-home-'));

/** The real kubectl itself, with the plugin's bin/ on PATH (for `kubectl __complete gw ...`). */
export function runKubectl(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run('kubectl', args, opts);
}

export function runGw(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return opts.direct ? run(join(BIN, 'kubectl-gw'), args, opts) : run('kubectl', ['gw', ...args], opts);
}

function run(cmd: string, argv: string[], opts: RunOptions): Promise<RunResult> {
  const env: Record<string, string | undefined> = {
    PATH: `${BIN}:${process.env.PATH}`,
    HOME: home,
    KUBECONFIG: join(home, 'no-such-kubeconfig'),
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { env: env as NodeJS.ProcessEnv, cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
