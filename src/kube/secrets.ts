// Reading the Secrets that listeners serve as certificates: by name, one GET each, never a list,
// and never kept: addObject turns each into SecretFacts (subject, SANs, dates) at once.
import type { KubeObject } from '../model/objects.js';
import { ApiError } from '../model/errors.js';
import type { Coverage, Snapshot } from '../model/snapshot.js';
import { addObject } from '../snapshot/collect.js';
import { certificateRefWithDefaults, tlsModeOf } from '../spec/defaults.js';
import { referenceAllowed } from '../spec/reference-grants.js';
import type { Connection } from './connection.js';

export interface SecretRef {
  namespace: string;
  name: string;
}

/**
 * The Secrets the listeners of Gateways and ListenerSets name in `tls.certificateRefs`.
 * certificateRefs: "CertificateRefs contains a series of references to Kubernetes objects that
 * contains TLS certificates and private keys." SecretObjectReference defaults group to "" (core)
 * and kind to "Secret"; its namespace: "When unspecified, the local namespace is inferred" (the
 * Gateway's or ListenerSet's). References of other kinds are not Secrets and are not read.
 */
export function listenerSecretRefs(snapshot: Snapshot): SecretRef[] {
  const owners = [...snapshot.gateways, ...snapshot.listenerSets].map((o) => ({
    from: { group: o.apiVersion.split('/')[0], kind: o.kind, namespace: o.metadata.namespace ?? 'default' },
    listeners: o.spec?.listeners ?? [],
  }));
  const refs = new Map<string, SecretRef>();
  for (const { from, listeners } of owners) {
    for (const listener of listeners) {
      // Passthrough: "certificateRefs is ignored" (ListenerTLSConfig): nothing of it is read.
      if (tlsModeOf(listener) === 'Passthrough') continue;
      for (const raw of listener.tls?.certificateRefs ?? []) {
        const ref = certificateRefWithDefaults(raw, from.namespace);
        if (ref.group !== '' || ref.kind !== 'Secret' || !ref.name) continue;
        // A Secret no ReferenceGrant lets the listener use is RefNotPermitted whatever it holds: not read.
        if (!referenceAllowed(from, ref, snapshot.referenceGrants).allowed) continue;
        refs.set(`${ref.namespace}/${ref.name}`, { namespace: ref.namespace, name: ref.name });
      }
    }
  }
  return [...refs.values()];
}

/**
 * Fetches each referenced Secret and adds its facts to the snapshot. A 404 means the Secret does
 * not exist (coverage stays complete, so "missing" can be said); a 403 makes coverage forbidden,
 * so nothing is claimed about Secrets that could not be read.
 */
export async function addListenerSecrets(conn: Connection, snapshot: Snapshot): Promise<void> {
  const refs = listenerSecretRefs(snapshot);
  const forbidden = new Set<string>();
  const failures: string[] = [];
  const secrets = await Promise.all(
    refs.map(async ({ namespace, name }) => {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
      try {
        return await conn.getJson<KubeObject>(path);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401) throw e;
        if (e.status === 403) forbidden.add(namespace);
        else if (e.status !== 404) failures.push(`secret ${namespace}/${name}: ${e.message}`);
        return null;
      }
    }),
  );
  for (const secret of secrets) {
    if (secret) addObject(snapshot, { ...secret, apiVersion: 'v1', kind: 'Secret' }, undefined, 'secrets');
  }
  let coverage: Coverage = { state: 'complete', apiVersion: 'v1' };
  if (forbidden.size > 0) {
    const namespaces = [...forbidden].sort().map((n) => `"${n}"`).join(', ');
    const word = forbidden.size === 1 ? 'namespace' : 'namespaces';
    coverage = { state: 'forbidden', message: `cannot get secrets in ${word} ${namespaces} (forbidden)` };
  } else if (failures.length > 0) {
    coverage = { state: 'error', message: failures.join('; ') };
  }
  snapshot.coverage.secrets = coverage;
}
