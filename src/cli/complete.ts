// Shell completion for `kubectl gw`, answered the way kubectl (>= 1.26) asks plugins: it runs
// `kubectl_complete-gw ARGS... CURRENT` (the script `kubectl gw completion kubectl` prints), which
// runs `kubectl-gw __complete ARGS... CURRENT`; the answer is one candidate per line
// ("value\tdescription"), then a Cobra directive line ":N". bin/kubectl-gw answers it before
// oclif loads. Flag names and values come from the commands' own definitions; names of
// namespaces, gateways and routes from one list request each, bounded by a short timeout.
import { COMMANDS } from '../../commands/index.js';

/** Cobra's ShellCompDirective values. */
const DIRECTIVE = { default: 0, error: 1, noFileComp: 4 } as const;

interface FlagDef {
  name: string;
  char?: string;
  type: 'boolean' | 'option';
  description?: string;
  options?: readonly string[];
  hidden?: boolean;
}

interface CommandDef {
  summary?: string;
  flags: Record<string, FlagDef>;
  args: Record<string, unknown>;
}

const TOPICS: Record<string, string[]> = { explain: ['route', 'gateway'] };
const TOP = ['tree', 'explain', 'check', 'curl', 'completion'];
const FILE_FLAGS = new Set(['filename', 'kubeconfig', 'cacert']);

async function commandDef(path: string[]): Promise<CommandDef | undefined> {
  return (COMMANDS as Record<string, CommandDef>)[path.join(':')];
}

async function summaryOf(path: string[]): Promise<string> {
  return (await commandDef(path))?.summary ?? '';
}

function flagValue(words: string[], names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const n of names) {
      if (words[i] === n && i + 1 < words.length) return words[i + 1];
      if (words[i].startsWith(`${n}=`)) return words[i].slice(n.length + 1);
    }
  }
  return undefined;
}

/** Names from the cluster for a positional argument or a flag value; nothing on any failure. */
async function clusterNames(what: 'namespaces' | 'gateways' | 'routes' | 'contexts', words: string[]): Promise<string[]> {
  const kubeconfig = flagValue(words, ['--kubeconfig']);
  const context = flagValue(words, ['--context']);
  if (what === 'contexts') {
    const { kubeconfigPaths, mergeKubeconfigFiles } = await import('../kube/kubeconfig.js');
    return mergeKubeconfigFiles(kubeconfig ? [kubeconfig] : kubeconfigPaths(process.env).paths).contexts.map((c) => c.name);
  }
  const { connect } = await import('../kube/connection.js');
  const conn = await connect({ kubeconfig, context, namespace: flagValue(words, ['-n', '--namespace']), requestTimeoutMs: 2000 });
  type Named = { metadata: { name: string } };
  if (what === 'namespaces') return (await conn.listAll<Named>('/api/v1/namespaces')).map((i) => i.metadata.name);
  // The versions the cluster serves, as every read does (one /apis request and the group's lists).
  const { discoverGatewayApi } = await import('../kube/discovery.js');
  const { ROUTE_KINDS } = await import('../model/objects.js');
  const kinds = what === 'gateways' ? ['Gateway'] : (ROUTE_KINDS as readonly string[]);
  const served = Object.values((await discoverGatewayApi(conn)).served).filter((k) => k && kinds.includes(k.kind));
  const lists = await Promise.all(
    served.map((k) => conn.listAll<Named>(`/apis/${k!.group}/${k!.version}/namespaces/${encodeURIComponent(conn.namespace)}/${k!.plural}`)),
  );
  return [...new Set(lists.flat().map((i) => i.metadata.name))].sort();
}

async function valuesFor(flag: FlagDef, words: string[]): Promise<{ values: string[]; directive: number }> {
  if (FILE_FLAGS.has(flag.name)) return { values: [], directive: DIRECTIVE.default };
  if (flag.options) return { values: [...flag.options], directive: DIRECTIVE.noFileComp };
  const source = flag.name === 'namespace' ? 'namespaces' : flag.name === 'context' ? 'contexts' : flag.name === 'gateway' ? 'gateways' : undefined;
  return { values: source ? await clusterNames(source, words) : [], directive: DIRECTIVE.noFileComp };
}

/** The lines to print for `__complete WORDS... CURRENT`. */
export async function completionLines(argv: string[]): Promise<string[]> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const current = args.at(-1) ?? '';
  const before = args.slice(0, -1);
  const answer = (values: Array<string | [string, string]>, directive: number) => [
    ...values
      .map((v) => (Array.isArray(v) ? v : ([v, ''] as [string, string])))
      .filter(([v]) => v.startsWith(current))
      .map(([v, d]) => (d ? `${v}\t${d}` : v)),
    `:${directive}`,
  ];

  const path: string[] = [];
  for (const w of before) {
    if (w.startsWith('-')) break;
    if (path.length === 0 ? TOP.includes(w) : TOPICS[path[0]]?.includes(w)) path.push(w);
    else break;
  }
  if (path.length === 0) {
    return answer(await Promise.all(TOP.map(async (c) => [c, TOPICS[c] ? 'Explain why a route or gateway is (not) working.' : await summaryOf([c])] as [string, string])), DIRECTIVE.noFileComp);
  }
  if (TOPICS[path[0]] && path.length === 1) {
    return answer(await Promise.all(TOPICS[path[0]].map(async (c) => [c, await summaryOf([path[0], c])] as [string, string])), DIRECTIVE.noFileComp);
  }
  const def = await commandDef(path);
  if (!def) return [`:${DIRECTIVE.error}`];
  const flags = Object.entries(def.flags)
    .filter(([, f]) => !f.hidden)
    .map(([name, f]) => ({ ...f, name }));
  const prev = before.at(-1);
  const pending = prev?.startsWith('-') ? flags.find((f) => `--${f.name}` === prev || (f.char && `-${f.char}` === prev)) : undefined;
  try {
    if (pending && pending.type === 'option') {
      const { values, directive } = await valuesFor(pending, before);
      return answer(values, directive);
    }
    if (current.startsWith('-')) {
      return answer(
        flags.flatMap((f) => [[`--${f.name}`, f.description ?? ''] as [string, string]]),
        DIRECTIVE.noFileComp,
      );
    }
    const positional = path.join(' ');
    if (positional === 'tree' || positional === 'explain gateway') return answer(await clusterNames('gateways', before), DIRECTIVE.noFileComp);
    if (positional === 'explain route') return answer(await clusterNames('routes', before), DIRECTIVE.noFileComp);
  } catch {
    // No cluster, no permission, too slow: offer nothing rather than an error.
    return [`:${DIRECTIVE.noFileComp}`];
  }
  return [`:${DIRECTIVE.noFileComp}`];
}

/**
 * The executable kubectl looks for on PATH, `kubectl_complete-gw`. bin/kubectl_complete-gw is
 * this text (a test keeps them equal); it is here so that the single binary, which has no bin/
 * folder, can print it too.
 */
export async function kubectlCompletionScript(): Promise<string> {
  return `#!/usr/bin/env sh
# Shell completion for \`kubectl gw\` (kubectl >= 1.26 runs kubectl_complete-gw found on PATH,
# with the plugin's arguments and the word being completed last). Installed next to kubectl-gw.
exec kubectl-gw __complete -- "$@"
`;
}
