import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runKubectl } from '../support/kubectl.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('test API server CLI (serve.ts)', () => {
  it('serves fixtures, writes a kubeconfig kubectl can use, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/serve.ts', '--fixtures', 'test/harness/fixtures', '--kubeconfig', kubeconfig], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: string) => {
          stdout += c;
          if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)));
      });
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const { code, stdout: names, stderr } = await runKubectl(kubeconfig, ['get', 'gateways,httproutes', '-A', '-o', 'name']);
      assert.equal(code, 0, stderr);
      assert.equal(names.split('\n').filter((l) => l !== '').length, 4);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [exitCode] = await exited;
      assert.equal(exitCode, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
