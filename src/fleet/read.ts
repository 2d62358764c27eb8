// Reading several clusters at once: a bounded number in flight (each read opens a dozen list
// requests of its own), each cluster's failure kept as that cluster's result so one unreachable
// context never stops the others. Results come back in the order the contexts were given.

/** One cluster's outcome: its value, or the one sentence its failure gave. */
export type ClusterResult<T> =
  | { context: string; ok: true; value: T }
  | { context: string; ok: false; error: string; hint?: string };

/** How many clusters are read at once. */
export const FLEET_CONCURRENCY = 4;

export async function readClusters<T>(
  contexts: readonly string[],
  read: (context: string) => Promise<T>,
  limit: number = FLEET_CONCURRENCY,
): Promise<Array<ClusterResult<T>>> {
  const results: Array<ClusterResult<T>> = new Array(contexts.length);
  let next = 0;
  const worker = async () => {
    while (next < contexts.length) {
      const i = next++;
      const context = contexts[i];
      try {
        results[i] = { context, ok: true, value: await read(context) };
      } catch (e) {
        const err = e as Error & { hint?: string };
        results[i] = { context, ok: false, error: err?.message ?? String(e), ...(err?.hint ? { hint: err.hint } : {}) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, contexts.length)) }, worker));
  return results;
}
