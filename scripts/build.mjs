// The build: bundle the whole CLI with esbuild into dist/bundle/ (tsc only type-checks, in
// `npm run build` before this script). kubectl-gw.js is src/cli/main.ts: oclif, every command
// and its flags. What the commands import lazily (the graph, the renderers, manifest reading)
// lands in chunks/, loaded only by the commands that use it, and client-node.js holds the
// Kubernetes client and ws, loaded only by commands that talk to a cluster. Starting reads a
// handful of files instead of the hundreds of modules the packages ship as.
//
//   node scripts/build.mjs          (the second half of `npm run build`)
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '..');

/** `@oclif/core` (the whole index) becomes the subset the CLI uses: see that file. */
const oclifSubset = {
  name: 'oclif-core-subset',
  setup(b) {
    b.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: join(repo, 'scripts/oclif-core-subset.mjs') }));
  },
};

/** The options both bundles share: the npm package's (ESM, split) and the single binary's. */
export function bundleOptions() {
  const pjson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  return {
    absWorkingDir: repo,
    bundle: true,
    platform: 'node',
    target: 'node20',
    // oclif is handed package.json in memory (src/cli/main.ts).
    define: { GW_PACKAGE_JSON: JSON.stringify(pjson) },
    external: [
      // ws loads these optional native helpers when present; without them it uses plain JS.
      'bufferutil',
      'utf-8-validate',
      // oclif requires typescript only to run commands from .ts sources in development.
      'typescript',
    ],
    plugins: [oclifSubset],
    minify: true,
    // Function names stay readable in --debug stack traces and profiles.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

export async function buildNpmBundle() {
  const out = join(repo, 'dist/bundle');
  rmSync(out, { recursive: true, force: true });
  await build({
    ...bundleOptions(),
    entryPoints: {
      'kubectl-gw': 'src/cli/main.ts',
      // Its own entry so that its file name is stable: a test checks when it is loaded.
      'client-node': 'src/kube/client-node.ts',
    },
    outdir: out,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Some dependencies are CommonJS and call require() (of Node built-ins).
    banner: { js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);" },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await buildNpmBundle();
