// Output of `check`: the findings table (or data), and for --against-cluster the impact report.
import type { CheckReport, Counts, ImpactReport } from '../check/report.js';
import { renderData } from './data.js';
import { renderFindingsTable } from './findings.js';
import { paint } from './style.js';
import { wrapLine } from './text.js';

type Format = 'wide' | 'json' | 'yaml' | undefined;

export function countsLine(counts: Counts): string {
  const parts = [
    paint(counts.error ? 'error' : 'ok', `${counts.error} error${counts.error === 1 ? '' : 's'}`),
    paint(counts.warning ? 'warning' : 'ok', `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`),
    `${counts.info} info`,
  ];
  return parts.join(', ');
}

/** `width`: the terminal's, to wrap MESSAGE to; absent off a terminal (each finding on one line). */
export function renderCheck(report: CheckReport, format: Format, width?: number): string {
  if (format === 'json' || format === 'yaml') {
    return renderData({ apiVersion: 'kubectl-gw/v1', kind: 'CheckReport', ...report }, format);
  }
  if (report.findings.length === 0) return 'No problems found.\n';
  return `${renderFindingsTable(report.findings, { wide: format === 'wide', width }).trimEnd()}\n\n${countsLine(report.counts)}\n`;
}

export function renderImpact(impact: ImpactReport, format: Format, width?: number): string {
  if (format === 'json' || format === 'yaml') {
    return renderData({ apiVersion: 'kubectl-gw/v1', kind: 'ImpactReport', ...impact }, format);
  }
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`${title}\n${body.trimEnd()}\n`);
  const n = impact.detached.length;
  out.push(
    n
      ? paint('error', `This change detaches ${n} route attachment${n === 1 ? '' : 's'}:`) + '\n' + impact.detached.flatMap((a) => wrapLine('  - ', a, '    ', width)).join('\n') + '\n'
      : 'This change detaches no route.\n',
  );
  if (impact.attached.length) section(`It attaches ${impact.attached.length}:`, impact.attached.flatMap((a) => wrapLine('  + ', a, '    ', width)).join('\n'));
  const table = (findings: ImpactReport['fixed']) => renderFindingsTable(findings, { wide: format === 'wide', width });
  section(`Introduced (${impact.introduced.length}):`, impact.introduced.length ? table(impact.introduced) : '  none');
  section(`Fixed (${impact.fixed.length}):`, impact.fixed.length ? table(impact.fixed) : '  none');
  out.push(`Left as they were: ${impact.remaining.length} finding${impact.remaining.length === 1 ? '' : 's'}.\n`);
  out.push(`${countsLine(impact.counts)} introduced`);
  return `${out.join('\n')}\n`;
}

/** The fleet section of `check --context a,b`: findings no single cluster gives (FL8xx). */
export function renderAcrossClusters(report: CheckReport, format: Format, width?: number): string {
  if (format === 'json' || format === 'yaml') return '';
  const body = report.findings.length
    ? `${renderFindingsTable(report.findings, { wide: format === 'wide', width }).trimEnd()}\n\n${countsLine(report.counts)}`
    : 'No route has a different verdict in different clusters.';
  return `==> across clusters <==\n${body}\n`;
}

