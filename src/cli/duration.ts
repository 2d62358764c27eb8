// kubectl's duration syntax for --request-timeout and --timeout: "0" (no limit), a bare integer
// (seconds), or Go durations like "500ms", "5s", "1m30s".
import { UserError } from '../model/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds; 0 means no limit. */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new UserError(`invalid ${flag} "${text}": use a duration like 5s, 500ms or 2m (0 means no limit)`, { exitCode: 2 });
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]], 0));
}
