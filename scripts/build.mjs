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

/**
 * Packages @oclif/core requires at load for features this CLI does not use, each with the reason
 * it is not used here. The build leaves them out, in place of each a module that throws (naming
 * the package) if anything ever reads from it: compiling and loading them cost 3 to 8% of
 * `--help` (10 to 20 ms, measured on 2 cores), for code no command reaches. (cli-spinners looked
 * as unused, but oclif reads it at load when stderr is a terminal: the terminal tests caught it.)
 */
const OCLIF_UNUSED = {
  tinyglobby: 'finding commands by file pattern: the commands are an explicit map (commands/index.ts)',
  minimatch: 'matching core plugins by name: the CLI has no plugins',
  lilconfig: 'looking for .oclifrc files: package.json is handed to oclif in memory, with its oclif section',
};

const oclifUnused = {
  name: 'oclif-unused',
  setup(b) {
    const names = Object.keys(OCLIF_UNUSED).map((n) => n.replace(/[-/]/g, '\\$&'));
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
      /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]/.test(args.importer) ? { path: args.path, namespace: 'oclif-unused' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'oclif-unused' }, ({ path }) => {
      const why = JSON.stringify(`${path} is left out of kubectl-gw's build (${OCLIF_UNUSED[path]}), yet oclif used it`);
      // Requiring it (as oclif's modules do at load) is fine; reading anything from it is not.
      // __esModule is what a CommonJS interop helper checks on every require.
      const contents = `module.exports = new Proxy({}, { get(_, key) { if (key === '__esModule' || typeof key === 'symbol') return undefined; throw new Error(${why}); } });`;
      return { contents, loader: 'js' };
    });
  },
};

/**
 * oclif sorts a plugin's commands by id with String#localeCompare on every run, and the first
 * localeCompare of a process sets up ICU's collator: about 8 ms, a twentieth of `--help` beyond
 * Node's own start. Command ids are lower-case ASCII words joined by ':' (commands/index.ts), for
 * which code-point order is the collator's order, so the build sorts them by code point. Fails
 * the build if oclif's line changes.
 */
const oclifCommandOrder = {
  name: 'oclif-command-order',
  setup(b) {
    b.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const sort = '.sort((a, b) => a.id.localeCompare(b.id));';
      if (!source.includes(sort)) throw new Error(`${path}: oclif no longer sorts commands with "${sort}"; see oclifCommandOrder in scripts/build.mjs`);
      return { contents: source.replace(sort, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));'), loader: 'js' };
    });
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
    plugins: [oclifSubset, oclifUnused, oclifCommandOrder],
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
