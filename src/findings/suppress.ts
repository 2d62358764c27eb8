// Silencing findings on purpose: `check --ignore CODE` for every object, `--ignore
// CODE=KIND/NAMESPACE/NAME` for one, and the annotation below on an object for its own findings
// (as istioctl's analyzers allow with galley.istio.io/analyze-suppress).
import type { Finding } from '../model/finding.js';
import { UserError } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { FINDING_CODES } from './catalogue.js';
import { didYouMean } from './suggest.js';

/**
 * The annotation that silences findings on the object that carries it: finding codes separated
 * by commas, e.g. `kubectl-gw/ignore: "RT209,GW110"`. The prefix is the tool's name, a valid
 * annotation prefix that claims no DNS domain.
 */
export const IGNORE_ANNOTATION = 'kubectl-gw/ignore';

export interface Suppression {
  code: string;
  /** The one object the code is silenced for; absent for every object. */
  object?: { kind: string; namespace?: string; name: string };
}

/**
 * `--ignore` values, checked: an unknown code or a malformed object is a usage error (exit 2),
 * so a typo never silently ignores nothing. KIND is case-insensitive; a cluster-scoped object
 * (GatewayClass) is written KIND/NAME.
 */
export function parseIgnores(values: string[]): Suppression[] {
  return values.map((value) => {
    const [rawCode, target] = splitOnce(value.trim(), '=');
    const code = rawCode.toUpperCase();
    if (!(FINDING_CODES as string[]).includes(code)) {
      const guess = didYouMean(code, FINDING_CODES);
      throw new UserError(`unknown finding code "${rawCode}" in --ignore ${value}`, {
        exitCode: 2,
        hint: guess ? `Did you mean ${guess}? Codes are listed in docs/findings.md.` : 'Codes are listed in docs/findings.md.',
      });
    }
    if (target === undefined) return { code };
    const parts = target.split('/');
    // GatewayClass is the one cluster-scoped kind findings are about: KIND/NAME; others need the namespace.
    const expected = parts[0].toLowerCase() === 'gatewayclass' ? 2 : 3;
    if (parts.some((p) => p === '') || parts.length !== expected) {
      throw new UserError(`--ignore ${value}: expected CODE=KIND/NAMESPACE/NAME (CODE=GatewayClass/NAME for a GatewayClass)`, { exitCode: 2 });
    }
    const [kind, namespace, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
    return { code, object: { kind, namespace, name } };
  });
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The codes each annotated object silences, by "Kind/namespace/name". */
function annotatedCodes(snapshot: Snapshot): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const objects = [
    ...snapshot.gatewayClasses,
    ...snapshot.gateways,
    ...snapshot.listenerSets,
    ...snapshot.routes,
    ...snapshot.referenceGrants,
    ...snapshot.backendTLSPolicies,
    ...snapshot.services,
  ];
  for (const o of objects) {
    const value = o.metadata.annotations?.[IGNORE_ANNOTATION];
    if (!value) continue;
    const codes = new Set(value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean));
    out.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, codes);
  }
  return out;
}

/** The findings left once the --ignore suppressions and the objects' own annotations are applied. */
export function withoutSuppressed(findings: Finding[], suppressions: Suppression[], snapshot: Snapshot): Finding[] {
  const annotated = annotatedCodes(snapshot);
  const everywhere = new Set(suppressions.filter((s) => !s.object).map((s) => s.code));
  const perObject = new Set(
    suppressions
      .filter((s) => s.object)
      .map((s) => `${s.code}|${s.object!.kind.toLowerCase()}/${s.object!.namespace ?? ''}/${s.object!.name}`),
  );
  return findings.filter((f) => {
    if (everywhere.has(f.code)) return false;
    const { kind, namespace, name } = f.subject;
    if (perObject.has(`${f.code}|${kind.toLowerCase()}/${namespace ?? ''}/${name}`)) return false;
    return !annotated.get(`${kind}/${namespace ?? ''}/${name}`)?.has(f.code);
  });
}
