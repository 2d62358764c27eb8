// A kubeconfig pointing at a test API server: one cluster (trusting the server's CA through
// certificate-authority-data), one token user, one context, made current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  token?: string;
  server?: string;
}

export function buildKubeconfig(
  defaults: { server: string; caPem: string; token: string },
  opts: KubeconfigOptions = {},
): Record<string, unknown> {
  const cluster = opts.cluster ?? 'test';
  const user = opts.user ?? 'test';
  const context = opts.context ?? 'test';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: {
          server: opts.server ?? defaults.server,
          'certificate-authority-data': Buffer.from(defaults.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: opts.token ?? defaults.token } }],
    contexts: [{ name: context, context: { cluster, user, ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': context,
    preferences: {},
  };
}

/** Writes `config` as YAML (mode 0600, as kubectl does), creating the directory; returns `file`. */
export function writeKubeconfigFile(file: string, config: Record<string, unknown>): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}
