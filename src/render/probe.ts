// Output of `kubectl gw curl`: the prediction, the response printed like `curl -i`, and the
// comparison; the --all table; and the stable -o json shape (docs/output-schema.md).
import type { Prediction } from '../probe/predict.js';
import type { MeshExpected, MeshPrediction } from '../probe/mesh-prediction.js';
import type { ProbeAllResult, ProbeResult } from '../probe/run.js';
import type { ProbeResponse } from '../probe/http.js';
import { renderTable } from './table.js';
import { dim, mark, paint, type Status } from './style.js';

export interface ProbeRenderOptions {
  /** -i: print the response headers. */
  include: boolean;
  /** -v: the request as sent, the data plane path and timings. */
  verbose: boolean;
}

/** "expected: HTTPRoute ns/name rule #2 -> Service ns/svc:8080 (2/3 endpoints ready)". */
export function expectedLine(p: { expected: Prediction['expected'] | MeshExpected; unanswered?: string }): string {
  const e = p.expected;
  if (!e) return `expected: ${p.unanswered ?? 'no route matches -> 404'}`;
  const head = e.route ? `${e.route.kind} ${e.route.namespace}/${e.route.name} rule #${e.rule}` : 'no route, the Service itself';
  if (e.redirect) return `expected: ${head} -> redirect ${e.redirect.statusCode} ${e.redirect.location}`;
  const total = e.backends.reduce((n, b) => n + b.weight, 0);
  const backends = e.backends.map((b) => {
    const ready =
      b.resolved === false
        ? 'unresolved'
        : b.readyEndpoints === null
          ? 'endpoints unknown'
          : `${b.readyEndpoints} endpoint${b.readyEndpoints === 1 ? '' : 's'} ready`;
    const share = e.backends.length > 1 && total > 0 ? ` ${Math.round((b.weight / total) * 100)}%` : '';
    return `${b.kind ?? 'Service'} ${b.namespace}/${b.name}${b.port !== undefined ? `:${b.port}` : ''}${share} (${ready})`;
  });
  const status = e.status !== undefined ? ` -> ${e.status}` : '';
  return `expected: ${head} -> ${backends.join(', ') || 'no backend'}${status}`;
}

/** The prediction; its assumptions (listener isolation...) only when `assumptions` is set. */
export function renderPrediction(p: Prediction, gatewayChoice?: string, assumptions = true): string {
  const out = [`gateway: ${p.gateway}${gatewayChoice ? dim(` (${gatewayChoice})`) : ''}, listener ${p.listener ?? dim('none')}`];
  out.push(expectedLine(p));
  out.push(`  ${p.reason}`);
  if (!p.expected && p.candidates.length) {
    out.push('  nearest candidates:');
    for (const c of p.candidates) out.push(`    ${c.route} rule #${c.rule}: ${c.why}`);
  }
  if (assumptions) for (const a of p.assumptions) out.push(dim(`  assumes: ${a}`));
  return `${out.join('\n')}\n`;
}

/** `curl --mesh --dry-run`: the Service and client, the routes that apply, the answer. */
export function renderMeshPrediction(p: MeshPrediction): string {
  const routes = p.routes === null ? '' : p.routes === 'none' ? ', no route binds' : ` (${p.routes} routes: ${p.applied.join(', ')})`;
  const out = [`mesh: Service ${p.service}${p.port !== null ? ` port ${p.port}` : ''}, client in namespace ${p.client}${routes}`];
  out.push(expectedLine(p));
  out.push(`  ${p.reason}`);
  if (!p.expected && p.candidates.length) {
    out.push('  nearest candidates:');
    for (const c of p.candidates) out.push(`    ${c.route} rule #${c.rule}: ${c.why}`);
  }
  if (p.notApplied.length) {
    out.push('  not applied:');
    for (const n of p.notApplied) out.push(`    ${n.route}: ${n.why}`);
  }
  for (const a of p.assumptions) out.push(dim(`  assumes: ${a}`));
  return `${out.join('\n')}\n`;
}

/** The stable -o json document of `curl --mesh --dry-run` (docs/output-schema.md). */
export function meshPredictionDocument(p: MeshPrediction): Record<string, unknown> {
  return { apiVersion: 'kubectl-gw/v1', kind: 'MeshPrediction', ...p };
}

function responseText(res: ProbeResponse, opts: ProbeRenderOptions): string {
  if (res.status === null) return `${mark('error')} no response: ${res.error?.message ?? 'unknown error'}\n`;
  const lines: string[] = [];
  if (opts.include || opts.verbose) {
    lines.push(`HTTP/${res.httpVersion} ${res.status} ${res.statusText}`);
    for (const [k, v] of res.headers) lines.push(`${k}: ${v}`);
    lines.push('');
  }
  lines.push(res.body);
  if (res.truncatedBytes > 0) lines.push(dim(`[${res.truncatedBytes} more bytes not shown; --full prints everything]`));
  return `${lines.join('\n').replace(/\n*$/, '')}\n`;
}

export function renderProbe(r: ProbeResult, opts: ProbeRenderOptions): string {
  const out: string[] = [renderPrediction(r.prediction, r.gatewayChoice, Boolean(opts.verbose)).trimEnd()];
  if (opts.verbose) {
    const d = r.dataPlane;
    out.push(dim(`data plane: Service ${d.service} (${d.rule}) -> pod ${d.pod} port ${d.containerPort} (${d.resolution}), forwarded from 127.0.0.1:${d.localPort}`));
    const q = r.request;
    out.push(`> ${q.method} ${q.path} HTTP/1.1`);
    out.push(`> Host: ${q.host}`);
    for (const [k, v] of Object.entries(q.headers)) if (k.toLowerCase() !== 'host') out.push(`> ${k}: ${v}`);
    if (q.sni) out.push(dim(`> (TLS server name ${q.sni})`));
    const t = r.response.timings;
    const parts = [t.connectMs !== undefined ? `connect ${t.connectMs}ms` : '', t.tlsMs !== undefined ? `tls ${t.tlsMs}ms` : '', t.firstByteMs !== undefined ? `first byte ${t.firstByteMs}ms` : '', `total ${t.totalMs}ms`];
    out.push(dim(`timings: ${parts.filter(Boolean).join(', ')}`));
    if (r.response.tls) {
      const c = r.response.tls.peerCertificate;
      out.push(dim(`tls: ${r.response.tls.protocol}; certificate ${c?.subject ?? '?'} for ${c?.dnsNames.join(', ') ?? '?'}`));
    }
  }
  out.push('');
  out.push(responseText(r.response, opts).trimEnd());
  out.push('');
  const status: Status = r.comparison.verdict === 'ok' ? 'ok' : r.comparison.verdict === 'mismatch' ? 'error' : 'unknown';
  const [first, ...rest] = r.comparison.messages;
  out.push(`${mark(status)} ${paint(status, first ?? r.comparison.verdict)}`);
  for (const m of rest) out.push(`  ${m}`);
  return `${out.join('\n')}\n`;
}

export function renderProbeAll(r: ProbeAllResult): string {
  const rows = r.rows.map((row) => {
    const q = row.request;
    const status: Status = row.verdict === 'ok' ? 'ok' : row.verdict === 'mismatch' ? 'error' : 'unknown';
    return [
      `${q.method} ${q.scheme ?? 'http'}://${q.host}${q.path}${Object.keys(q.headers).length ? ` ${Object.entries(q.headers).map(([k, v]) => `${k}=${v}`).join(',')}` : ''}`,
      row.expected,
      row.status === null ? paint('error', row.response.error?.kind ?? 'error') : String(row.status),
      `${row.timeMs}ms`,
      `${mark(status)} ${row.verdict}`,
    ];
  });
  const bad = r.rows.filter((row) => row.verdict !== 'ok');
  const out = [
    dim(`gateway ${r.gateway}; data plane Service ${r.service} (${r.rule})`),
    renderTable(['REQUEST', 'EXPECTED', 'STATUS', 'TIME', 'VERDICT'], rows),
    '',
    `${r.rows.length - bad.length} of ${r.rows.length} probes agree with the prediction.`,
  ];
  for (const row of bad) out.push(`  ${mark(row.verdict === 'mismatch' ? 'error' : 'unknown')} ${row.request.host}${row.request.path}: ${row.messages[0] ?? row.verdict}`);
  if (r.skipped.length > 0) {
    out.push('', 'Not probed (kubectl gw curl --all sends only GET and HEAD, no gRPC calls, and nothing for rules no request reaches):');
    for (const s of r.skipped) out.push(`  ${s.route} rule ${s.rule} (${s.why})`);
  }
  return `${out.join('\n')}\n`;
}

/** The stable -o json document of one probe: the prediction's keys, plus what happened. */
export function probeDocument(p: Prediction, r?: ProbeResult): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    apiVersion: 'kubectl-gw/v1',
    kind: r ? 'Probe' : 'Prediction',
    request: p.request,
    gateway: p.gateway,
    listener: p.listener,
    expected: p.expected,
    reason: p.reason,
    ...(p.unattached ? { unattached: p.unattached } : {}),
    candidates: p.candidates,
    assumptions: p.assumptions,
  };
  if (r) {
    doc.response = {
      status: r.response.status,
      headers: r.response.headers,
      bodyBytes: r.response.bodyBytes,
      timings: r.response.timings,
      ...(r.response.error ? { error: r.response.error } : {}),
    };
    doc.dataPlane = r.dataPlane;
    doc.verdict = r.comparison.verdict;
    doc.messages = r.comparison.messages;
  }
  return doc;
}


/** The stable -o json document of `curl --all`: one row per probe, and the rules not probed. */
export function probeListDocument(r: ProbeAllResult): Record<string, unknown> {
  return {
    apiVersion: 'kubectl-gw/v1',
    kind: 'ProbeList',
    gateway: r.gateway,
    service: r.service,
    rows: r.rows.map((row) => {
      const { apiVersion: _v, kind: _k, ...prediction } = probeDocument(row.prediction);
      return { ...prediction, status: row.status, timeMs: row.timeMs, verdict: row.verdict, messages: row.messages };
    }),
    skipped: r.skipped,
  };
}
