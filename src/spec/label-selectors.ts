// Kubernetes label selectors (metav1.LabelSelector), as allowedRoutes.namespaces.selector and
// allowedListeners use them: matchLabels AND every matchExpression (In, NotIn, Exists,
// DoesNotExist); an empty selector {} matches everything.
import type { LabelSelector } from '../model/objects.js';

/** metav1.LabelSelector semantics: matchLabels AND every matchExpression; {} matches all. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  // RouteNamespaces.Selector: "Selector must be specified when From is set to "Selector"". A
  // missing selector selects nothing, as metav1.LabelSelectorAsSelector(nil) does.
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function formatSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '(no selector)';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${(r.values ?? []).join(',')})`);
  }
  return parts.length > 0 ? parts.join(', ') : '{} (every namespace)';
}
