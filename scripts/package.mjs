// Release archive for krew: bin/ and the bundle (dist/bundle holds every dependency) in one
// .tar.gz, its sha256, and a krew manifest with the real URI and sha256 filled in.
//
//   npm run build && node scripts/package.mjs [--version v0.1.0] [--uri-base https://.../download]
//   kubectl krew install --manifest=dist/release/gw.yaml --archive=dist/release/kubectl-gw_v0.1.0.tar.gz
//
// The committed plugin.yaml is the krew-release-bot template (as kubectl-tree's .krew.yaml):
// the bot fills in the URI and sha256 of the archive each release uploads.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repo = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const { values } = parseArgs({
  options: {
    version: { type: 'string', default: `v${pkg.version}` },
    'uri-base': { type: 'string', default: `https://github.com/kubectl-gw/kubectl-gw/releases/download/v${pkg.version}` },
  },
});
const out = join(repo, 'dist/release');
const stage = join(out, 'kubectl-gw');
rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of ['bin', 'dist/bundle', 'package.json', 'README.md']) {
  cpSync(join(repo, entry), join(stage, entry), { recursive: true });
}
const archive = `kubectl-gw_${values.version}.tar.gz`;
execFileSync('tar', ['-czf', join(out, archive), '-C', stage, '.']);
const sha256 = createHash('sha256').update(readFileSync(join(out, archive))).digest('hex');

const manifest = readFileSync(join(repo, 'plugin.yaml'), 'utf8')
  .replace(/\{\{ \.TagName \}\}/g, values.version)
  .replace(/\{\{\s*addURIAndSha "([^"]+)" \.TagName\s*\}\}/, (_, uri) => `uri: ${uri.replace(/\{\{ \.TagName \}\}/g, values.version)}\n      sha256: ${sha256}`);
writeFileSync(join(out, 'gw.yaml'), manifest);
console.log(`${join(out, archive)}\nsha256 ${sha256}\nmanifest ${join(out, 'gw.yaml')}`);
