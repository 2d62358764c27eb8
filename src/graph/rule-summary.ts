// One line per route rule for the tree: its matches (ORed, " | "), then its filters.
//   HTTPRoute: "PathPrefix /api GET x-env=prod -> redirect https 301"
//   GRPCRoute: "inventory.v1.Inventory/Get"
//   TLS/TCP/UDP routes: "*"
// httproute_types.go, HTTPRouteRule.Matches: "If no matches are specified, the default is a prefix
// path match on "/", which has the effect of matching every HTTP request."
import type {
  GRPCRouteMatch,
  HTTPHeaderMatch,
  HTTPRouteFilter,
  HTTPRouteMatch,
  RouteKind,
  RouteRule,
} from '../model/objects.js';

function header(h: HTTPHeaderMatch, sep: string): string {
  return h.type === 'RegularExpression' ? `${h.name}~${h.value}` : `${h.name}${sep}${h.value}`;
}

export function httpMatchSummary(m: HTTPRouteMatch): string {
  const parts = [`${m.path?.type ?? 'PathPrefix'} ${m.path?.value ?? '/'}`];
  if (m.method) parts.push(m.method);
  for (const h of m.headers ?? []) parts.push(header(h, '='));
  for (const q of m.queryParams ?? []) parts.push(`?${header(q, '=')}`);
  return parts.join(' ');
}

export function grpcMatchSummary(m: GRPCRouteMatch): string {
  const service = m.method?.service ?? '*';
  const method = m.method?.method ?? '*';
  const prefix = m.method?.type === 'RegularExpression' ? '~' : '';
  const parts = [service === '*' && method === '*' ? '*' : `${prefix}${service}/${method}`];
  for (const h of m.headers ?? []) parts.push(header(h, '='));
  return parts.join(' ');
}

export function filterSummary(f: HTTPRouteFilter): string {
  switch (f.type) {
    case 'RequestRedirect': {
      const r = f.requestRedirect ?? {};
      const parts = ['-> redirect'];
      if (r.scheme) parts.push(r.scheme);
      if (r.hostname) parts.push(r.hostname);
      if (r.port) parts.push(`:${r.port}`);
      if (r.path) parts.push(r.path.replaceFullPath ?? `${r.path.replacePrefixMatch ?? ''}*`);
      // HTTPRequestRedirectFilter.StatusCode: "+kubebuilder:default=302".
      parts.push(String(r.statusCode ?? 302));
      return parts.join(' ');
    }
    case 'URLRewrite': {
      const r = f.urlRewrite ?? {};
      const parts = ['-> rewrite'];
      if (r.hostname) parts.push(`host ${r.hostname}`);
      if (r.path) parts.push(r.path.replaceFullPath ?? `${r.path.replacePrefixMatch ?? ''}*`);
      return parts.join(' ');
    }
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier': {
      const m = (f.type === 'RequestHeaderModifier' ? f.requestHeaderModifier : f.responseHeaderModifier) ?? {};
      const scope = f.type === 'RequestHeaderModifier' ? 'header' : 'resp-header';
      return [
        ...(m.set ?? []).map((h) => `+${scope} ${h.name}`),
        ...(m.add ?? []).map((h) => `+${scope} ${h.name}`),
        ...(m.remove ?? []).map((h) => `-${scope} ${h}`),
      ].join(' ');
    }
    case 'RequestMirror': {
      const b = f.requestMirror?.backendRef;
      return `mirror ${b ? `${b.namespace ? `${b.namespace}/` : ''}${b.name}` : '?'}`;
    }
    case 'ExtensionRef':
      return `ext ${f.extensionRef?.kind ?? '?'}/${f.extensionRef?.name ?? '?'}`;
    default:
      return f.type.toLowerCase();
  }
}

export function ruleSummary(kind: RouteKind, rule: RouteRule): string {
  let matches: string;
  if (kind === 'HTTPRoute') {
    const list = (rule.matches ?? []) as HTTPRouteMatch[];
    matches = list.length > 0 ? list.map(httpMatchSummary).join(' | ') : 'PathPrefix /';
  } else if (kind === 'GRPCRoute') {
    const list = (rule.matches ?? []) as GRPCRouteMatch[];
    matches = list.length > 0 ? list.map(grpcMatchSummary).join(' | ') : '*';
  } else {
    matches = '*';
  }
  const filters = (rule.filters ?? []).map(filterSummary).filter((s) => s !== '');
  return [matches, ...filters].join(' ');
}
