// Finding and merging kubeconfig files the way kubectl does (client-go tools/clientcmd/loader.go),
// then handing the result to client-node. client-node's own loadFromDefault differs from kubectl:
// it throws on a name defined in two files, lets the LAST file's current-context win, and throws on
// a missing file. So the merge is done here and client-node only receives the merged entries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
import { UserError } from '../model/errors.js';

/** One named entry of a kubeconfig list (clusters, users, contexts), as written in the file. */
interface NamedEntry {
  name: string;
  [field: string]: unknown;
}

/** The merged kubeconfig, still in the file's own field names. */
export interface MergedKubeconfig {
  clusters: NamedEntry[];
  users: NamedEntry[];
  contexts: NamedEntry[];
  currentContext?: string;
  /** The files that existed and were read, in order. */
  files: string[];
}

export interface KubeconfigOptions {
  /** --kubeconfig: that file only, no merging. */
  kubeconfig?: string;
  /** --context: must name a context of the merged config. */
  context?: string;
  /** Defaults to process.env; tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /**
   * Prepended to /var/run/secrets/kubernetes.io/serviceaccount for in-cluster credentials
   * (client-node's loadFromCluster pathPrefix); tests point it at a temporary directory.
   */
  serviceAccountPrefix?: string;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  contextName: string;
  /** The context's namespace, if it sets one. */
  namespace?: string;
  server: string;
  /** The user entry's name and exec command, for hints after a 401. */
  userName?: string;
  execCommand?: string;
  /** Where the configuration came from, for -v. */
  source: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The kubeconfig files to read, in priority order. kubectl: KUBECONFIG, when set and non-empty,
 * is a path.delimiter-separated list (empty entries ignored, duplicates dropped) and replaces
 * ~/.kube/config entirely; otherwise ~/.kube/config.
 */
export function kubeconfigPaths(env: NodeJS.ProcessEnv): { paths: string[]; fromEnv: boolean } {
  const list = env.KUBECONFIG;
  if (list) {
    const paths = [...new Set(list.split(path.delimiter).filter((p) => p !== ''))];
    return { paths, fromEnv: true };
  }
  return { paths: [path.join(homeDir(env), '.kube', 'config')], fromEnv: false };
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/** Reads and parses one file; null when it does not exist (kubectl skips those in KUBECONFIG). */
function readKubeconfigFile(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read the kubeconfig ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new UserError(`the kubeconfig ${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserError(`the kubeconfig ${file} is not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  }
  return doc as Record<string, unknown>;
}

function entries(doc: Record<string, unknown>, key: string, file: string): NamedEntry[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new UserError(`the kubeconfig ${file}: "${key}" must be a list`);
  return list.filter((e): e is NamedEntry => typeof e === 'object' && e !== null && typeof e.name === 'string');
}

/**
 * kubectl resolves relative paths in a kubeconfig against the directory of the file that holds
 * them (client-go ResolveLocalPaths): certificate-authority, client-certificate, client-key,
 * token-file, and an exec command only when it contains a path separator (a bare name is looked
 * up on PATH).
 */
function resolvePaths(doc: Record<string, unknown>, file: string): void {
  const dir = path.dirname(path.resolve(file));
  const abs = (p: unknown) => (typeof p === 'string' && p !== '' && !path.isAbsolute(p) ? path.join(dir, p) : p);
  for (const c of entries(doc, 'clusters', file)) {
    const cluster = c.cluster as Record<string, unknown> | undefined;
    if (cluster) cluster['certificate-authority'] = abs(cluster['certificate-authority']);
  }
  for (const u of entries(doc, 'users', file)) {
    const user = u.user as Record<string, unknown> | undefined;
    if (!user) continue;
    for (const key of ['client-certificate', 'client-key', 'token-file']) user[key] = abs(user[key]);
    const exec = user.exec as Record<string, unknown> | undefined;
    if (exec && typeof exec.command === 'string' && exec.command.includes(path.sep)) exec.command = abs(exec.command);
  }
}

/**
 * Merges kubeconfig files with kubectl's rules: for clusters, users and contexts the first file
 * to define a name wins (whole entry, no field merge); the first non-empty current-context wins;
 * files that do not exist are skipped.
 */
export function mergeKubeconfigFiles(files: string[]): MergedKubeconfig {
  const merged: MergedKubeconfig = { clusters: [], users: [], contexts: [], files: [] };
  for (const file of files) {
    const doc = readKubeconfigFile(file);
    if (!doc) continue;
    merged.files.push(file);
    resolvePaths(doc, file);
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      const seen = new Set(merged[key].map((e) => e.name));
      for (const entry of entries(doc, key, file)) {
        if (!seen.has(entry.name)) {
          merged[key].push(entry);
          seen.add(entry.name);
        }
      }
    }
    const current = doc['current-context'];
    if (!merged.currentContext && typeof current === 'string' && current !== '') merged.currentContext = current;
  }
  return merged;
}

// ---- from kubeconfig fields to client-node's types ----

function field<T>(entry: NamedEntry, key: string): Record<string, T> {
  const value = entry[key];
  return (typeof value === 'object' && value !== null ? value : {}) as Record<string, T>;
}

function toCluster(entry: NamedEntry): Cluster {
  const c = field<unknown>(entry, 'cluster');
  const str = (k: string) => (typeof c[k] === 'string' && c[k] !== '' ? (c[k] as string) : undefined);
  return {
    name: entry.name,
    server: (str('server') ?? '').replace(/\/$/, ''),
    caData: str('certificate-authority-data'),
    caFile: str('certificate-authority'),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str('tls-server-name'),
    proxyUrl: str('proxy-url'),
  };
}

function toUser(entry: NamedEntry): User {
  const u = field<unknown>(entry, 'user');
  const str = (k: string) => (typeof u[k] === 'string' && u[k] !== '' ? (u[k] as string) : undefined);
  let token = str('token');
  const tokenFile = str('token-file');
  if (!token && tokenFile) {
    try {
      token = fs.readFileSync(tokenFile, 'utf8').trim();
    } catch (e) {
      throw new UserError(`cannot read token-file ${tokenFile} of user "${entry.name}": ${(e as Error).message}`);
    }
  }
  return {
    name: entry.name,
    certData: str('client-certificate-data'),
    certFile: str('client-certificate'),
    keyData: str('client-key-data'),
    keyFile: str('client-key'),
    token,
    username: str('username'),
    password: str('password'),
    impersonateUser: str('as'),
    authProvider: u['auth-provider'],
    // Exec credential plugins are run by client-node (dist/exec_auth.js), with these limits:
    // KUBERNETES_EXEC_INFO is not set (provideClusterInfo is ignored), interactiveMode is ignored
    // and the plugin's stderr is captured, not shown, so a plugin that prompts (a device-code
    // login) waits unseen; installHint is not printed. The credential is cached in memory per user
    // name until its expirationTimestamp.
    exec: u.exec,
  };
}

function toContext(entry: NamedEntry): Context {
  const c = field<string>(entry, 'context');
  return {
    name: entry.name,
    cluster: c.cluster ?? '',
    user: c.user ?? '',
    namespace: c.namespace || undefined,
  };
}

function describeSources(files: string[]): string {
  return files.length === 1 ? files[0] : files.join(path.delimiter);
}

/** In-cluster configuration is possible when the service host and the token are there (client-go). */
function inClusterPossible(env: NodeJS.ProcessEnv, dir: string): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && fs.existsSync(path.join(dir, 'token')));
}

/**
 * Builds a client-node KubeConfig with kubectl's rules: --kubeconfig alone, else the KUBECONFIG
 * list or ~/.kube/config merged, else the in-cluster service account; --context must exist.
 */
export async function loadKubeconfig(opts: KubeconfigOptions = {}): Promise<LoadedKubeconfig> {
  const env = opts.env ?? process.env;
  const saDir = (opts.serviceAccountPrefix ?? '') + SERVICE_ACCOUNT_DIR;
  let merged: MergedKubeconfig;
  if (opts.kubeconfig) {
    if (!fs.existsSync(opts.kubeconfig)) {
      throw new UserError(`cannot read --kubeconfig ${opts.kubeconfig}: no such file or directory`);
    }
    merged = mergeKubeconfigFiles([opts.kubeconfig]);
  } else {
    const { paths, fromEnv } = kubeconfigPaths(env);
    merged = mergeKubeconfigFiles(paths);
    const empty = merged.clusters.length === 0 && merged.contexts.length === 0;
    if (empty && !opts.context && inClusterPossible(env, saDir)) return loadInCluster(opts.serviceAccountPrefix ?? '', saDir);
    if (merged.files.length === 0) {
      const where = fromEnv ? `none of the files in KUBECONFIG (${env.KUBECONFIG}) exists` : `${paths[0]} does not exist`;
      throw new UserError(`no kubeconfig found: ${where}, and this is not running inside a cluster`, {
        hint: 'Point --kubeconfig or KUBECONFIG at a kubeconfig file (the one kubectl uses works).',
      });
    }
  }
  return fromMerged(merged, opts.context);
}

async function fromMerged(merged: MergedKubeconfig, contextFlag?: string): Promise<LoadedKubeconfig> {
  const source = describeSources(merged.files);
  const contextName = contextFlag ?? merged.currentContext;
  const names = merged.contexts.map((c) => c.name);
  const available = names.length ? `Contexts in ${source}: ${names.join(', ')}.` : `${source} defines no contexts.`;
  if (!contextName) {
    throw new UserError(`the kubeconfig (${source}) sets no current-context`, {
      hint: `Pass --context NAME or run \`kubectl config use-context NAME\`. ${available}`,
    });
  }
  const contextEntry = merged.contexts.find((c) => c.name === contextName);
  if (!contextEntry) {
    throw new UserError(`context "${contextName}" does not exist`, { hint: available });
  }
  const context = toContext(contextEntry);
  const clusterEntry = merged.clusters.find((c) => c.name === context.cluster);
  if (!clusterEntry) {
    throw new UserError(`context "${contextName}" refers to cluster "${context.cluster}", which ${source} does not define`);
  }
  const cluster = toCluster(clusterEntry);
  if (!cluster.server) throw new UserError(`cluster "${cluster.name}" in ${source} has no server`);
  // A context may name no user (anonymous access), or a user no file defines; kubectl then sends
  // no credentials, and so does client-node.
  const userEntry = merged.users.find((u) => u.name === context.user);
  const users = userEntry ? [toUser(userEntry)] : [];
  const { KubeConfig } = await import('./client-node.js');
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [cluster], users, contexts: [context], currentContext: context.name });
  const exec = users[0]?.exec as { command?: string } | undefined;
  return {
    kc,
    contextName: context.name,
    namespace: context.namespace,
    server: cluster.server,
    userName: users[0]?.name,
    execCommand: exec?.command,
    source,
  };
}

async function loadInCluster(prefix: string, saDir: string): Promise<LoadedKubeconfig> {
  const { KubeConfig } = await import('./client-node.js');
  const kc = new KubeConfig();
  // client-node reads KUBERNETES_SERVICE_HOST/PORT from process.env, the CA and namespace from the
  // mount, and re-reads the (rotating) token file before it expires.
  kc.loadFromCluster(prefix);
  const context = kc.getContextObject(kc.getCurrentContext())!;
  return {
    kc,
    contextName: context.name,
    namespace: context.namespace?.trim() || undefined,
    server: kc.getCurrentCluster()!.server,
    userName: kc.getCurrentUser()?.name,
    source: `in-cluster service account (${saDir})`,
  };
}
