// Reading the Secrets that listeners serve as certificates: by name, one GET each, never a list,
// and never kept: addObject turns each into SecretFacts (subject, SANs, dates) at once.
import type { Gateway, KubeObject, ListenerSet } from '../model/objects.js';
import { ApiError } from '../model/errors.js';
import { emptyPartial, type Snapshot } from '../model/snapshot.js';
import { addObject } from '../snapshot/collect.js';
import { certificateRefWithDefaults, tlsModeOf } from '../spec/defaults.js';
import { listenerSetTargets } from '../spec/listeners.js';
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
export function listenerSecretRefs(snapshot: Snapshot, gateways: ReadonlySet<string> | null = null): SecretRef[] {
  const inFocus = (o: Gateway | ListenerSet) => {
    if (!gateways) return true;
    const target = o.kind === 'Gateway' ? { namespace: o.metadata.namespace ?? 'default', name: o.metadata.name } : listenerSetTargets(o);
    return target !== null && gateways.has(`${target.namespace}/${target.name}`);
  };
  const owners = [...snapshot.gateways, ...snapshot.listenerSets].filter(inFocus).map((o) => ({
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
        // A Secret no ReferenceGrant lets the listener use is RefNotPermitted (or unknown, when the
        // grants could not be read) whatever it holds: not read.
        if (!referenceAllowed(from, ref, snapshot.referenceGrants).allowed) continue;
        refs.set(`${ref.namespace}/${ref.name}`, { namespace: ref.namespace, name: ref.name });
      }
    }
  }
  return [...refs.values()];
}

/**
 * Fetches each referenced Secret (of the listeners of `gateways`, "ns/name", or of every Gateway
 * when null) and adds its facts to the snapshot. Secrets are never listed, so their coverage is
 * partial: the ones fetched are known (a 404 means the Secret does not exist, so "missing" can be
 * said), a 403 makes the Secrets of that namespace unknown, and any other Secret was not read.
 */
export async function addListenerSecrets(conn: Connection, snapshot: Snapshot, gateways: ReadonlySet<string> | null = null): Promise<void> {
  const refs = listenerSecretRefs(snapshot, gateways);
  const coverage = emptyPartial('v1');
  const secrets = await Promise.all(
    refs.map(async ({ namespace, name }) => {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`;
      try {
        const secret = await conn.getJson<KubeObject>(path);
        coverage.names.push(`${namespace}/${name}`);
        return secret;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401) throw e;
        if (e.status === 404) coverage.names.push(`${namespace}/${name}`);
        else if (e.status === 403) coverage.denied[namespace] = `forbidden: cannot get secrets in namespace ${namespace}`;
        else coverage.denied[namespace] = `cannot get secret ${namespace}/${name}: ${e.message}`;
        return null;
      }
    }),
  );
  for (const secret of secrets) {
    if (secret) addObject(snapshot, { ...secret, apiVersion: 'v1', kind: 'Secret' }, undefined, 'secrets');
  }
  coverage.names.sort();
  snapshot.coverage.secrets = coverage;
}
