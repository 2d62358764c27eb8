// The release archive for linux/amd64 (npm run package): one executable that runs with no
// Node.js anywhere on PATH, found by the real kubectl as a plugin, and answering exactly as the
// npm package does. The archive is built here, as `npm run package` builds it (the Node.js
// package comes from the npm registry once, then from .tmp/node-packages/).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runGw } from '../e2e/run-gw.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

const tmp = mkdtempSync(join(tmpdir(), 'gw-release-'));

function which(cmd: string): string {
  return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
}

/** Runs `kubectl ARGS` with PATH holding only kubectl and the unpacked archive. */
function kubectlWithoutNode(pathDirs: string[], args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, {
      env: { PATH: pathDirs.join(':'), HOME: tmp, KUBECONFIG: join(tmp, 'no-kubeconfig'), NO_COLOR: '1' },
      cwd: REPO,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the single binary (release archive, linux/amd64)', function () {
  // Building: the Node.js package from the registry once (about 50 MB), then esbuild, the SEA
  // blob and postject's injection into the 120 MB binary.
  this.timeout(300_000);
  let unpacked: string;
  let tools: string;
  let out: string;

  before(function () {
    if (`${process.platform}-${process.arch}` !== 'linux-x64') this.skip();
    out = join(tmp, 'release');
    execFileSync(process.execPath, [join(REPO, 'scripts/package.mjs'), '--platforms', 'linux-amd64', '--version', 'v0.1.0', '--out', out], { cwd: REPO, stdio: 'ignore' });
    unpacked = join(tmp, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(out, 'kubectl-gw_v0.1.0_linux_amd64.tar.gz'), '-C', unpacked]);
    // PATH for the runs below: kubectl alone (a link, so not its folder with everything else),
    // then the unpacked archive.
    tools = join(tmp, 'tools');
    mkdirSync(tools);
    symlinkSync(which('kubectl'), join(tools, 'kubectl'));
  });

  it('the archive holds one executable (and the completion script), and no Node.js is on PATH', () => {
    assert.deepEqual(readdirSync(unpacked).sort(), ['LICENSE-node', 'README.md', 'kubectl-gw', 'kubectl_complete-gw']);
    for (const dir of [tools, unpacked]) assert.ok(!existsSync(join(dir, 'node')));
  });

  it('kubectl gw --version runs through the real kubectl without Node.js', async () => {
    const r = await kubectlWithoutNode([tools, unpacked], ['gw', '--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kubectl-gw\/0\.1\.0 linux-x64 node-v22\.\d+\.\d+\n$/);
  });

  it('kubectl gw version runs through the real kubectl without Node.js (the embedded Node is 22)', async () => {
    const r = await kubectlWithoutNode([tools, unpacked], ['gw', 'version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kubectl-gw: v0\.1\.0\nNode\.js: v22\.\d+\.\d+\n/);
  });

  it('kubectl gw tree -f prints what the npm package prints', async () => {
    const r = await kubectlWithoutNode([tools, unpacked], ['gw', 'tree', '-f', 'examples/']);
    assert.equal(r.code, 0, r.stderr);
    const npm = await runGw(['tree', '-f', 'examples/'], { env: { NO_COLOR: '1' } });
    assert.equal(r.stdout, npm.stdout);
    assert.match(r.stdout, /Gateway\/infra\/shared-gw/);
  });

  it('reads a live cluster (the Kubernetes client is inside the executable too)', async () => {
    const server: ApiServer = await startApiServer({ fixtures: ['examples'] });
    try {
      const kubeconfig = server.writeKubeconfig(join(tmp, 'kubeconfig'));
      const r = await kubectlWithoutNode([tools, unpacked], ['gw', 'tree', '-A', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      const files = await runGw(['tree', '-f', 'examples/'], { env: { NO_COLOR: '1' } });
      assert.equal(r.stdout, files.stdout);
    } finally {
      await server.close();
    }
  });

  it('the krew manifest names the archive with its sha256', () => {
    const manifest = readFileSync(join(out, 'gw.yaml'), 'utf8');
    const sha = createHash('sha256').update(readFileSync(join(out, 'kubectl-gw_v0.1.0_linux_amd64.tar.gz'))).digest('hex');
    assert.match(manifest, new RegExp(`uri: \\S+/kubectl-gw_v0\\.1\\.0_linux_amd64\\.tar\\.gz\\n\\s+sha256: ${sha}\\n\\s+bin: kubectl-gw`));
    assert.doesNotMatch(manifest, /\{\{/, 'no template left');
    assert.match(manifest, /^  version: "v0\.1\.0"$/m);
  });
});
