// "Did you mean" for misspelt names: gateways, listeners, services, namespaces.
import { distance } from 'fastest-levenshtein';

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/**
 * The closest candidate within a typo's reach (edit distance about a third of the name), or
 * undefined. An abbreviation counts as close too: "shared-gw" for "shared-gateway".
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === wanted) continue;
    const d = distance(wanted, c);
    const abbreviation =
      c.length >= 3 && wanted.length >= 3 && c[0] === wanted[0] && (isSubsequence(c, wanted) || isSubsequence(wanted, c));
    // A suggestion must keep something of the name: "y" is no typo of "x".
    if ((d <= limit || abbreviation) && d < wanted.length && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}
