// "Did you mean" for misspelt names: gateways, listeners, services, namespaces.
import { distance } from 'fastest-levenshtein';
import { UserError } from '../model/errors.js';

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

/**
 * The error for an object named on the command line that is not there, worded the same by every
 * command: `<what> "<name>" not found in namespace "<ns>"` (exit 1), with the namespaces where the
 * name does exist (a missing -n is the usual cause), else the closest name in the namespace.
 */
export function notFoundError(what: string, namespace: string, name: string, known: Array<{ namespace: string; name: string }>): UserError {
  const elsewhere = [...new Set(known.filter((o) => o.name === name && o.namespace !== namespace).map((o) => o.namespace))].sort();
  const here = known.filter((o) => o.namespace === namespace).map((o) => o.name);
  const guess = didYouMean(name, here);
  const hint = elsewhere.length
    ? `A ${what} named ${name} exists in namespace ${elsewhere.join(', ')}: add -n ${elsewhere[0]}.`
    : guess
      ? `Did you mean "${guess}"?`
      : here.length
        ? `In namespace ${namespace}: ${here.slice(0, 10).join(', ')}${here.length > 10 ? ', ...' : ''}.`
        : undefined;
  return new UserError(`${what} "${name}" not found in namespace "${namespace}"`, { hint });
}

/**
 * `explain ... NAME -A`: the one namespace that holds an object of that name. None is the
 * not-found error (with the closest name anywhere); several is an error naming them, since the
 * answer would depend on which was meant.
 */
export function namespaceOfName(what: string, name: string, known: Array<{ namespace: string; name: string }>): string {
  const namespaces = [...new Set(known.filter((o) => o.name === name).map((o) => o.namespace))].sort();
  if (namespaces.length === 1) return namespaces[0];
  if (namespaces.length > 1) {
    throw new UserError(`${what} "${name}" exists in ${namespaces.length} namespaces: ${namespaces.join(', ')}`, {
      hint: `Name one: -n ${namespaces[0]}, or ${namespaces[0]}/${name}.`,
    });
  }
  const guess = didYouMean(name, known.map((o) => o.name));
  const where = guess ? known.find((o) => o.name === guess)?.namespace : undefined;
  throw new UserError(`${what} "${name}" not found in any namespace`, { hint: guess ? `Did you mean "${guess}" (in namespace ${where})?` : undefined });
}
