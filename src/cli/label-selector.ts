// Parses kubectl's -l/--selector syntax into a LabelSelector: "a=b,c!=d,e in (x,y),f notin (z),g,!h".
import type { LabelSelector, LabelSelectorRequirement } from '../model/objects.js';
import { UserError } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { labelSelectorMatches } from '../spec/label-selectors.js';

export function parseLabelSelector(text: string): LabelSelector {
  const matchExpressions: LabelSelectorRequirement[] = [];
  // Split on commas that are not inside parentheses.
  const terms = text.match(/[^,(]+(\([^)]*\))?[^,]*/g)?.map((t) => t.trim()).filter(Boolean) ?? [];
  for (const term of terms) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      matchExpressions.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = term.match(/^([\w./-]+)\s*!=\s*([\w.-]*)$/))) {
      matchExpressions.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    } else if ((m = term.match(/^([\w./-]+)\s*==?\s*([\w.-]*)$/))) {
      matchExpressions.push({ key: m[1], operator: 'In', values: [m[2]] });
    } else if ((m = term.match(/^!([\w./-]+)$/))) {
      matchExpressions.push({ key: m[1], operator: 'DoesNotExist' });
    } else if ((m = term.match(/^([\w./-]+)$/))) {
      matchExpressions.push({ key: m[1], operator: 'Exists' });
    } else {
      throw new UserError(`unable to parse requirement "${term}" in the label selector "${text}"`, { exitCode: 2 });
    }
  }
  return { matchExpressions };
}

/**
 * -l as a test on the objects a view shows: whether the object's labels (from the snapshot)
 * match. An object the snapshot does not hold matches nothing.
 */
export function labelMatcher(snapshot: Snapshot, selector: LabelSelector): (kind: string, namespace: string, name: string) => boolean {
  const labels = new Map<string, Record<string, string>>();
  for (const o of [...snapshot.gatewayClasses, ...snapshot.gateways, ...snapshot.routes, ...snapshot.listenerSets]) {
    labels.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.labels ?? {});
  }
  return (kind, namespace, name) => {
    const found = labels.get(`${kind}/${namespace}/${name}`);
    return found !== undefined && labelSelectorMatches(selector, found);
  };
}
