// Prose for `explain route` and `explain gateway`: sections a person reads top to bottom, ending
// with the verdict and the fixes. Renders what src/explain computed; decides nothing.
import type { GatewayExplanation } from '../explain/gateway.js';
import type { RouteExplanation } from '../explain/route.js';
import type { EventSummary } from '../explain/events.js';
import type { ClientValidationEdge, ComputedCondition } from '../model/graph.js';
import type { Condition } from '../model/objects.js';
import { leafCertificate } from '../snapshot/certificates.js';
import { describeUndecided } from '../spec/status-comparison.js';
import { renderFindingsProse } from './findings.js';
import { routePolicyLines } from './policies.js';
import { dim, mark, paint, statusText, type Status } from './style.js';
import { wrapBlock } from './text.js';

const INDENT = '  ';

function conditionStatus(c: { type: string; status: string }): Status {
  // Conflicted=True is the bad state; for every other condition True is good.
  const good = c.type === 'Conflicted' ? 'False' : 'True';
  if (c.status === good) return 'ok';
  return c.status === 'Unknown' ? 'unknown' : 'error';
}

function conditionsLine(conditions: Array<ComputedCondition | Condition>): string {
  if (conditions.length === 0) return dim('none');
  return conditions.map((c) => paint(conditionStatus(c), `${c.type}=${c.status} ${c.reason}`)).join(', ');
}

function heading(text: string): string {
  return `\n${text}`;
}

function eventsSection(events: EventSummary[]): string[] {
  if (events.length === 0) return [];
  return [
    heading('Recent events:'),
    ...events.map((e) => `${INDENT}${e.type === 'Warning' ? mark('warning') : mark('ok')} ${e.last ?? ''} ${e.reason}${e.count > 1 ? ` (x${e.count})` : ''}: ${e.message}`),
  ];
}

/** The findings as prose, already fitted to the width (a fix block must not be re-wrapped). */
function findingsSection(x: { findings: RouteExplanation['findings'] }, width: number | undefined): string {
  if (x.findings.length === 0) return heading('Findings: none.');
  const prose = renderFindingsProse(x.findings, width === undefined ? undefined : width - INDENT.length);
  return `${heading('Findings:')}\n${prose.replace(/^(?=.)/gm, INDENT).trimEnd()}`; // blank lines stay empty
}

/**
 * The sections both explanations end with: policies, findings, events. Every line but
 * the findings' (fitted on their own) is wrapped to the terminal here, hanging under its text.
 */
function closing(out: string[], x: RouteExplanation | GatewayExplanation, width: number | undefined): string {
  if (x.policies.length) {
    out.push(heading('Policies:'));
    if ('route' in x) out.push(...routePolicyLines(x.policies).map((l) => `${INDENT}${l}`));
    else for (const p of x.policies) out.push(`${INDENT}${p.kind} ${p.namespace}/${p.name}${p.sectionName ? ` (section ${p.sectionName})` : ''}${p.status ? ` - ${p.status}` : ''}`);
  }
  const before = wrapBlock(out.join('\n'), width);
  const undecided = x.incomplete?.length
    ? [heading('Not decided (could not be read; exit status 3):'), ...x.incomplete.map((line) => `${INDENT}${mark('unknown')} ${line}`)]
    : [];
  const after = wrapBlock([...undecided, ...eventsSection(x.events)].join('\n'), width);
  return `${before}\n${findingsSection(x, width)}${after ? `\n${after}` : ''}\n`;
}

/** A listener's client-certificate validation: where it is set, its mode, each CA (metadata only). */
function clientValidationLines(v: ClientValidationEdge): string[] {
  const mode = v.mode === 'AllowInsecureFallback' ? paint('warning', 'AllowInsecureFallback: clients without a valid certificate are let through') : 'AllowValidOnly';
  const out = [`${INDENT}client certificates (${v.source}): ${mode}`];
  for (const ca of v.caCertificates) {
    const status: Status = ca.resolved === null ? 'unknown' : ca.resolved ? 'ok' : 'error';
    const name = `${ca.ref.kind} ${ca.ref.namespace}/${ca.ref.name}`;
    // The message names the reference itself ("caCertificateRef ConfigMap ns/name ..."): name it once.
    const message = ca.message.replace(/^caCertificateRef /, '');
    const what = ca.resolved ? name : message.startsWith(name) ? message : `${name}: ${message}`;
    out.push(`${INDENT}${INDENT}${mark(status)} CA ${what}`);
    for (const c of ca.resolved ? ca.certificates : []) {
      out.push(`${INDENT}${INDENT}${INDENT}subject ${c.subject}; valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}`);
    }
  }
  return out;
}

export function renderRouteExplanation(x: RouteExplanation, width?: number): string {
  const out: string[] = [];
  // The verdict opens the answer (it names the route); the details that support it follow.
  out.push(`Verdict: ${x.verdict}`);
  if (x.ambiguity) out.push(`${INDENT}${mark('warning')} ${x.ambiguity}`);
  // GEP-1426: "GAMMA implementations SHOULD NOT infer any functionality from the hostnames field".
  const meshOnly = x.parents.length > 0 && x.parents.every((p) => p.target === 'Service');
  const none = meshOnly ? 'none (a mesh route: hostnames play no part)' : 'none (matches any listener hostname)';
  const ignored = meshOnly ? dim(' (ignored in the mesh: GEP-1426)') : '';
  out.push(`${INDENT}hostnames: ${x.hostnames.length ? `${x.hostnames.join(', ')}${ignored}` : dim(none)}`);

  x.parents.forEach((p, i) => {
    const ref = p.parentRef;
    const selector = [ref.sectionName ? `sectionName ${ref.sectionName}` : '', ref.port !== undefined ? `port ${ref.port}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(heading(`Parent ${i}: ${ref.kind} ${ref.namespace}/${ref.name}${selector ? ` (${selector})` : ''}`));
    if (p.target === 'Service' && p.mesh) {
      const accepted = p.computed.conditions.find((c) => c.type === 'Accepted');
      const state = accepted?.status === 'True' ? 'ok' : accepted?.status === 'False' ? 'error' : 'unknown';
      out.push(`${INDENT}${mark('ok')} a Service parent (GAMMA mesh): the route configures mesh traffic sent to Service ${p.mesh.service}`);
      if (accepted) out.push(`${INDENT}${mark(state)} ${accepted.message}`);
      if (p.mesh.servicePorts) out.push(`${INDENT}${dim(`Service ports: ${p.mesh.servicePorts.join(', ') || 'none'}${p.mesh.serviceType && p.mesh.serviceType !== 'ClusterIP' ? `; ${p.mesh.serviceType}` : ''}`)}`);
    } else if (p.target === 'Service' || p.target === 'Other') {
      const what =
        p.target === 'Service'
          ? 'a Service parent (GAMMA mesh): the route configures mesh traffic to that Service; no Gateway listener is involved'
          : `not a Gateway (${ref.kind}): only its controller can say whether the route attached`;
      out.push(`${INDENT}${mark('unknown')} ${what}`);
      return;
    }
    // A mesh parent's binding was said above; a Gateway parent lists its listeners.
    const accepted = p.computed.conditions.find((c) => c.type === 'Accepted');
    if (!p.mesh && p.gateway === null && accepted?.status === 'Unknown') {
      out.push(`${INDENT}${mark('unknown')} ${accepted.message}`);
    } else if (!p.mesh && p.gateway === null) {
      out.push(`${INDENT}${mark('error')} ${ref.kind} ${ref.namespace}/${ref.name} does not exist`);
    } else if (!p.mesh) {
      for (const l of p.listeners) {
        // A listener the parentRef's sectionName or port does not name was never a candidate:
        // neutral, not a failure (the spec gives it no verdict at all).
        if (!l.accepted && l.reason === 'NoMatchingParent') out.push(`${INDENT}${dim(`- ${l.message}`)}`);
        else out.push(`${INDENT}${mark(l.accepted ? 'ok' : l.reason === 'Unknown' ? 'unknown' : 'error')} ${l.message}`);
      }
      if (p.listeners.length === 0) out.push(`${INDENT}${mark('error')} the Gateway has no listeners`);
    }
    out.push(`${INDENT}spec says:       ${conditionsLine(p.computed.conditions)}`);
    if (p.reported) {
      const stale = p.reported.stale ? paint('warning', ` (stale: observedGeneration ${p.reported.observedGeneration})`) : '';
      out.push(`${INDENT}controller says: ${conditionsLine(p.reported.conditions)}${stale}`);
      out.push(`${INDENT}${dim(`(${p.reported.controllerName ?? 'unknown controller'})`)}`);
    } else if (p.mesh) {
      out.push(`${INDENT}controller says: ${dim('nothing (no mesh controller wrote status for this parentRef)')}`);
    } else if (p.gateway !== null) {
      out.push(`${INDENT}controller says: ${paint('warning', 'nothing (no status entry for this parentRef)')}`);
    }
    for (const u of p.undecided ?? []) {
      out.push(`${INDENT}${mark('unknown')} the spec cannot decide ${u.type}: ${u.message}`);
      out.push(`${INDENT}  best available fact: ${describeUndecided(u)}${u.reported?.message ? ` (${u.reported.message})` : ''}`);
    }
    if (p.disagreements.length) {
      for (const d of p.disagreements) out.push(`${INDENT}${statusText('warning', d)}`);
    } else if (p.reported && !p.undecided) {
      out.push(`${INDENT}${dim('controller and spec agree')}`);
    }
  });

  if (x.rules.length) {
    out.push(heading('Rules and backends:'));
    for (const rule of x.rules) {
      out.push(`${INDENT}#${rule.index}${rule.name ? ` ${rule.name}` : ''} ${rule.summary}`);
      for (const line of reachabilityLines(rule)) out.push(`${INDENT}${INDENT}${line}`);
      for (const b of x.backends.filter((bk) => bk.rule === rule.index)) {
        const status: Status = b.resolved === null ? 'unknown' : b.resolved ? (b.readyEndpoints === 0 ? 'warning' : 'ok') : 'error';
        const port = b.ref.port !== undefined ? `:${b.ref.port}` : '';
        const endpoints =
          b.readyEndpoints !== null
            ? `${b.readyEndpoints}/${b.totalEndpoints} endpoints ready`
            : b.endpointsUnknown
              ? `endpoints unknown (${b.endpointsUnknown})`
              : '';
        const detail = b.resolved ? endpoints : `${b.reason}: ${b.message}`;
        out.push(`${INDENT}${INDENT}${mark(status)} ${b.ref.kind} ${b.ref.namespace}/${b.ref.name}${port} weight ${b.ref.weight}${detail ? ` - ${detail}` : ''}`);
      }
    }
  }
  return closing(out, x, width);
}

const REACHABILITY_WORDS = {
  no: { status: 'error', words: 'never reached' },
  partly: { status: 'warning', words: 'partly reached' },
  unknown: { status: 'unknown', words: 'reachability unknown' },
} as const;

/** Which rule takes this rule's requests and why; nothing when the rule is reachable. */
function reachabilityLines(rule: RouteExplanation['rules'][number]): string[] {
  if (!rule.reachable || rule.reachable === 'yes') return [];
  const { status, words } = REACHABILITY_WORDS[rule.reachable];
  return (rule.reasons ?? []).map((reason) => statusText(status, `${words}: ${reason}`));
}

export function renderGatewayExplanation(x: GatewayExplanation, width?: number): string {
  const out: string[] = [];
  const c = x.gatewayClass;
  out.push(`Verdict: ${x.verdict}`);
  const classState: Status = !c.exists ? 'error' : !c.claimed ? 'error' : c.accepted?.startsWith('True') ? 'ok' : 'warning';
  const classText = !c.exists
    ? `GatewayClass ${c.name} does not exist`
    : !c.claimed
      ? `GatewayClass ${c.name}: no controller claims ${c.controllerName} (no status from a controller)`
      : `GatewayClass ${c.name} (${c.controllerName}): Accepted=${c.accepted}`;
  out.push(`${INDENT}${mark(classState)} ${classText}`);
  out.push(`${INDENT}addresses: ${x.addresses.length ? x.addresses.join(', ') : dim('none assigned')}`);
  out.push(`${INDENT}spec says:       ${conditionsLine(x.computed.conditions)}`);
  if (x.reported) {
    const stale = x.reported.stale ? paint('warning', ` (stale: observedGeneration ${x.reported.observedGeneration})`) : '';
    out.push(`${INDENT}controller says: ${conditionsLine(x.reported.conditions)}${stale}`);
  } else {
    out.push(`${INDENT}controller says: ${paint('warning', 'nothing (no status)')}`);
  }

  for (const l of x.listeners) {
    const tls = l.tlsMode ? ` TLS ${l.tlsMode}` : '';
    const from = l.listenerSet ? ` (from ListenerSet ${l.listenerSet})` : '';
    out.push(heading(`Listener ${l.name}${from}: ${l.protocol} :${l.port}${l.hostname ? ` ${l.hostname}` : ''}${tls}`));
    out.push(`${INDENT}allowed routes: ${l.supportedKinds.join(', ') || dim('none')} from ${l.allowedNamespaces} namespaces`);
    out.push(`${INDENT}spec says:       ${conditionsLine(l.computed.conditions)}`);
    if (l.reported) out.push(`${INDENT}controller says: ${conditionsLine(l.reported.conditions)}`);
    const rep = l.attachedRoutes.reported;
    const attachedStatus: Status = rep === null || rep === l.attachedRoutes.computed ? 'ok' : 'warning';
    out.push(
      `${INDENT}${mark(attachedStatus)} attached routes: ${l.attachedRoutes.computed} computed${rep === null ? '' : `, ${rep} reported`}${l.routes.length ? ` (${l.routes.map((r) => r.replace(/^(\w+)\//, '$1 ')).join(', ')})` : ''}`,
    );
    for (const cert of l.certificates) {
      const status: Status = cert.resolved === null ? 'unknown' : !cert.resolved || cert.expired ? 'error' : cert.coversHostname === false ? 'warning' : 'ok';
      const leaf = leafCertificate(cert.certificates);
      // Each fact once: a certificate that resolved is described by the detail lines below; a
      // failure's message already names the Secret, so it is not named twice.
      const name = `${cert.ref.kind} ${cert.ref.namespace}/${cert.ref.name}`;
      const what = cert.resolved && leaf ? name : cert.message.startsWith(name) ? cert.message : `${name}: ${cert.message}`;
      out.push(`${INDENT}${mark(status)} certificate ${what}`);
      if (leaf) {
        out.push(`${INDENT}${INDENT}subject ${leaf.subject}; issuer ${leaf.issuer}`);
        out.push(`${INDENT}${INDENT}DNS names ${leaf.dnsNames.join(', ') || 'none'}; valid ${leaf.notBefore.slice(0, 10)} to ${leaf.notAfter.slice(0, 10)}${cert.expired ? paint('error', ' (EXPIRED)') : ''}`);
        if (cert.coversHostname === false) out.push(`${INDENT}${INDENT}${paint('warning', `does not cover ${l.hostname}`)}`);
      }
    }
    if (l.clientValidation) out.push(...clientValidationLines(l.clientValidation));
    for (const d of l.disagreements) out.push(`${INDENT}${statusText('warning', d)}`);
  }

  for (const ls of x.listenerSets ?? []) {
    out.push(heading(`ListenerSet ${ls.namespace}/${ls.name}: listeners ${ls.listeners.join(', ') || dim('none')}`));
    out.push(`${INDENT}spec says:       ${conditionsLine(ls.computed.conditions)}`);
    if (ls.reported) out.push(`${INDENT}controller says: ${conditionsLine(ls.reported.conditions)}`);
    for (const d of ls.disagreements) out.push(`${INDENT}${statusText('warning', d)}`);
  }

  if (x.failedRoutes.length) {
    out.push(heading('Routes that tried to attach and failed:'));
    for (const f of x.failedRoutes) out.push(`${INDENT}${mark('error')} ${f.route} (parentRef ${f.parentRef}): ${f.reason} - ${f.message}`);
  }
  return closing(out, x, width);
}
