// Runs the real `kubectl` on PATH against a test API server, isolated from the user's own
// configuration: a fresh HOME and discovery cache per call, so no cached discovery leaks between
// tests and no ~/.kube/config is read.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKubectl(kubeconfig: string, args: string[], timeoutMs = 15_000): Promise<KubectlResult> {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, KUBECACHEDIR: join(home, 'cache'), KUBECONFIG: kubeconfig };
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      rmSync(home, { recursive: true, force: true });
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
