// The flags every command shares, named and shaped as kubectl's (cli-runtime genericclioptions).
// kubectl does not pass its global flags to plugins, so kubectl-gw parses them itself.
import { Flags } from '@oclif/core';

export const clusterFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use (no merging, as kubectl).', helpGroup: 'CLUSTER' }),
  context: Flags.string({ description: 'The name of the kubeconfig context to use (tree, check, explain: a,b,c reads several).', helpGroup: 'CLUSTER' }),
  namespace: Flags.string({ char: 'n', description: "Namespace to show (default: the context's namespace, else default).", helpGroup: 'CLUSTER' }),
  'all-namespaces': Flags.boolean({ char: 'A', description: 'Show objects in all namespaces.', helpGroup: 'CLUSTER' }),
  'request-timeout': Flags.string({
    description: 'How long to wait for each API request (e.g. 5s, 2m; 0 = no limit).',
    default: '30s',
    helpGroup: 'CLUSTER',
  }),
  filename: Flags.string({
    char: 'f',
    multiple: true,
    multipleNonGreedy: true,
    description: 'Read manifests from a file, a directory (recursive), an http(s) URL or - (stdin) instead of the cluster. Repeatable.',
    helpGroup: 'SOURCE',
  }),
};

/** -l, on every command that lists objects. */
export const selectorFlag = {
  selector: Flags.string({ char: 'l', description: 'Only objects whose labels match (kubectl syntax: a=b,c!=d,e in (x,y)).' }),
};

export const outputFlags = {
  'no-color': Flags.boolean({ description: 'Never colour the output (also: NO_COLOR, or when not a terminal).' }),
  verbose: Flags.boolean({ char: 'v', description: 'Say what was skipped (kinds not installed, partial reads).' }),
  debug: Flags.boolean({ description: 'Show internal details (stack traces) of unexpected errors.', hidden: true }),
};

/** -w, as in `kubectl get -w` (src/cli/watch.ts). */
export const watchFlags = {
  watch: Flags.boolean({
    char: 'w',
    description: 'After the first output, follow the cluster: on a terminal redraw (at most twice a second), otherwise print only what changed. Ctrl-C stops.',
  }),
};
