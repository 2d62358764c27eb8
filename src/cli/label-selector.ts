// Parses kubectl's -l/--selector syntax into a LabelSelector: "a=b,c!=d,e in (x,y),f notin (z),g,!h".
import type { LabelSelector, LabelSelectorRequirement } from '../model/objects.js';
import { UserError } from '../model/errors.js';

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
