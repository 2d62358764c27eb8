// Hostname rules of the Gateway API: how a listener hostname and a route's hostnames intersect,
// and whether a concrete request host matches a hostname pattern.
//
// gateway_types.go, Listener.Hostname:
//   "Hostnames that are prefixed with a wildcard label (`*.`) are interpreted as a suffix match.
//    That means that a match for `*.example.com` would match both `test.example.com`, and
//    `foo.test.example.com`, but not `example.com`."
// httproute_types.go, HTTPRouteSpec.Hostnames:
//   "If a hostname is specified by both the Listener and HTTPRoute, there must be at least one
//    intersecting hostname for the HTTPRoute to be attached to the Listener. For example:
//    * A Listener with `test.example.com` as the hostname matches HTTPRoutes that have either not
//      specified any hostnames, or have specified at least one of `test.example.com` or
//      `*.example.com`.
//    * A Listener with `*.example.com` as the hostname matches HTTPRoutes that have either not
//      specified any hostnames or have specified at least one hostname that matches the Listener
//      hostname. For example, `*.example.com`, `test.example.com`, and `foo.test.example.com`
//      would all match. On the other hand, `example.com` and `test.example.net` would not match.
//    ...
//    If both the Listener and HTTPRoute have specified hostnames, any HTTPRoute hostnames that do
//    not match the Listener hostname MUST be ignored."
// Hostnames are DNS names, so every comparison here is case-insensitive.

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function isWildcard(name: string): boolean {
  return name === '*' || name.startsWith('*.');
}

/** "*.example.com" -> ".example.com"; "*" -> "" (matches every name). */
function wildcardSuffix(name: string): string {
  return name === '*' ? '' : name.slice(1);
}

/** A request Host header value without its port: "a.example.com:8080" -> "a.example.com". */
export function stripPort(host: string): string {
  const h = host.trim();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(0, end + 1) : h;
  }
  const colon = h.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 address: it has no port.
  if (colon > 0 && h.indexOf(':') === colon && /^\d+$/.test(h.slice(colon + 1))) return h.slice(0, colon);
  return h;
}

/**
 * Does a concrete request host (the HTTP Host header or the TLS SNI) match a hostname pattern?
 * An absent or empty pattern matches every host (a listener or route without hostnames).
 * The port of the host is ignored, as HTTPRouteSpec.Hostnames requires ("Implementations MUST
 * ignore any port value specified in the HTTP Host header while performing a match").
 * `*.example.com` matches `a.example.com` and `a.b.example.com`, never `example.com`.
 */
export function hostnameMatchesPattern(host: string, pattern: string | undefined): boolean {
  if (pattern === undefined || pattern.trim() === '') return true;
  const h = normalise(stripPort(host));
  const p = normalise(pattern);
  if (!isWildcard(p)) return h === p;
  const suffix = wildcardSuffix(p);
  return h.length > suffix.length && h.endsWith(suffix);
}

/**
 * The wildcard patterns that cover an exact host, most specific first: "a.b.example.com" ->
 * ["*.b.example.com", "*.example.com", "*.com"]. The same rule as hostnameMatchesPattern (a
 * wildcard covers one or more leading labels), enumerated, so that an index keyed by pattern can
 * find every route whose wildcard serves a host without trying each pattern.
 */
export function wildcardsCovering(host: string): string[] {
  const labels = normalise(stripPort(host)).split('.');
  return labels.slice(1).map((_, i) => `*.${labels.slice(i + 1).join('.')}`);
}

/**
 * The intersection of two hostnames (patterns or exact names), or null when they share no host.
 * The more specific of the two is the effective one:
 *   exact / exact        -> the name when equal;
 *   wildcard / exact     -> the exact name when the wildcard covers it;
 *   wildcard / wildcard  -> the longer wildcard when it lies inside the shorter
 *                           (`*.example.com` and `*.foo.example.com` -> `*.foo.example.com`).
 */
export function intersectHostname(a: string, b: string): string | null {
  const x = normalise(a);
  const y = normalise(b);
  if (x === y) return x;
  const xw = isWildcard(x);
  const yw = isWildcard(y);
  if (!xw && !yw) return null;
  if (xw && !yw) return hostnameMatchesPattern(y, x) ? y : null;
  if (!xw && yw) return hostnameMatchesPattern(x, y) ? x : null;
  const xs = wildcardSuffix(x);
  const ys = wildcardSuffix(y);
  if (xs.endsWith(ys)) return x;
  if (ys.endsWith(xs)) return y;
  return null;
}

/** Do two hostnames (either may be a wildcard) share at least one host? */
export function hostnamesIntersect(listenerHostname: string | undefined, routeHostname: string): boolean {
  if (!listenerHostname) return true;
  return intersectHostname(listenerHostname, routeHostname) !== null;
}

/**
 * The hostnames a route serves on one listener: the intersection of each route hostname with the
 * listener hostname, route hostnames that do not intersect being ignored (HTTPRouteSpec.Hostnames).
 * - neither has hostnames: [] (every host; callers print it as "*");
 * - only the listener has one: [listener hostname];
 * - only the route has some: the route's hostnames;
 * - both: the non-empty list of intersections, or null when none intersect (the route is then
 *   not accepted by this listener: NoMatchingListenerHostname).
 */
export function effectiveHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[] | undefined): string[] | null {
  const route = (routeHostnames ?? []).map(normalise).filter((h) => h !== '');
  const listener = listenerHostname ? normalise(listenerHostname) : '';
  if (listener === '') return [...new Set(route)];
  if (route.length === 0) return [listener];
  const out: string[] = [];
  for (const h of route) {
    const i = intersectHostname(listener, h);
    if (i !== null && !out.includes(i)) out.push(i);
  }
  return out.length > 0 ? out : null;
}

/**
 * How specific a listener hostname is, for choosing among listeners on one port: higher wins.
 * gateway_types.go, GatewaySpec.Listeners: exact hostnames first, then wildcards by the number
 * of labels (more first), then a listener without a hostname.
 */
export function hostnameSpecificity(hostname: string | undefined): number {
  if (!hostname) return 0;
  const h = normalise(hostname);
  const labels = h.split('.').length;
  return isWildcard(h) ? 1 + labels : 1000 + labels;
}
