// Recent Events of an object, newest first, as explain shows them.
import type { KubeEvent } from '../model/objects.js';

export interface EventSummary {
  type: string;
  reason: string;
  message: string;
  count: number;
  last: string | null;
}

export function eventSummaries(events: KubeEvent[], limit = 10): EventSummary[] {
  return events
    .map((e) => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: (e.message ?? '').trim(),
      count: e.count ?? 1,
      last: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? null,
    }))
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
    .slice(0, limit);
}
