// Findings for people: a kubectl table for `check`, and prose (message, cause, fix) for
// `explain`. The order is the findings' own, most severe first, so the same input reads the same.
import type { Finding, Severity, Subject } from '../model/finding.js';
import { bold, mark, statusText, type Status } from './style.js';
import { renderTable } from './table.js';
import { wrapLine } from './text.js';

const SEVERITY_STATUS: Record<Severity, Status> = { error: 'error', warning: 'warning', info: 'unknown' };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "HTTPRoute/shop/store (rule 1 backend 0)". */
export function subjectLabel(s: Subject): string {
  const path = s.namespace ? `${s.kind}/${s.namespace}/${s.name}` : `${s.kind}/${s.name}`;
  return s.section ? `${path} (${s.section})` : path;
}

/** Most severe first; findings of equal severity keep their order. */
function bySeverity(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

function severityCell(f: Finding): string {
  return statusText(SEVERITY_STATUS[f.severity], f.severity);
}

/** The first line of a fix, with a marker when more follows (the prose shows all of it). */
function fixSummary(fix: string | undefined): string {
  if (!fix) return '';
  const lines = fix.trim().split('\n');
  return lines.length > 1 ? `${lines[0].trim()} …` : lines[0].trim();
}

/**
 * SEVERITY, CODE, OBJECT, MESSAGE (and FIX with wide), ending in a newline. No summary line: the
 * caller adds summarizeFindings() (or its own counts) where it wants one.
 */
export function renderFindingsTable(findings: Finding[], opts: { wide?: boolean; width?: number } = {}): string {
  if (findings.length === 0) return `${summarizeFindings(findings)}\n`;
  const headers = ['SEVERITY', 'CODE', 'OBJECT', 'MESSAGE', ...(opts.wide ? ['FIX'] : [])];
  const rows = bySeverity(findings).map((f) => [
    severityCell(f),
    f.code,
    subjectLabel(f.subject),
    f.message,
    ...(opts.wide ? [fixSummary(f.fix)] : []),
  ]);
  // MESSAGE (and FIX) wrap, or go under the row on a narrow terminal; OBJECT is never cut.
  return `${renderTable(headers, rows, { width: opts.width, proseFrom: 3 })}\n`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : by + line.trimEnd()))
    .join('\n');
}

/**
 * Each finding as a paragraph, then the summary line: mark, code and object on the first line, then the message, the
 * cause and the fix indented. A multi-line fix (often YAML to apply) is kept as a block, its own
 * indentation intact, so it can be copied.
 */
export function renderFindingsProse(findings: Finding[], width?: number): string {
  if (findings.length === 0) return `${summarizeFindings(findings)}\n`;
  // Sentences wrap to the terminal under their own indent; a fix block (YAML to apply) is
  // never re-wrapped, so it can still be copied.
  const prose = (text: string, hang: string) =>
    text.split('\n').flatMap((line) => (line.trim() === '' ? [''] : wrapLine('  ', line.trimEnd(), hang, width)));
  const paragraphs = bySeverity(findings).map((f) => {
    const lines = [`${mark(SEVERITY_STATUS[f.severity])} ${bold(f.code)} ${subjectLabel(f.subject)}`];
    lines.push(...prose(f.message, '  '));
    if (f.cause) lines.push(...prose(`Cause: ${f.cause}`, '    '));
    if (f.fix) {
      const fix = f.fix.replace(/\s+$/, '');
      if (fix.includes('\n')) lines.push('  Fix:', indent(dedent(fix), '    '));
      else lines.push(...prose(`Fix: ${fix.trim()}`, '    '));
    }
    if (f.origin) lines.push(`  From: ${f.origin}`);
    return lines.join('\n');
  });
  return `${paragraphs.join('\n\n')}\n\n${summarizeFindings(findings)}\n`;
}

/** Remove the indentation every non-blank line shares. */
function dedent(text: string): string {
  const lines = text.replace(/^\n+/, '').split('\n');
  const widths = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = widths.length > 0 ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

/** "2 errors, 1 warning" (and ", 3 info" when there are any); "No problems found." for none. */
export function summarizeFindings(findings: Finding[]): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  if (errors + warnings + infos === 0) return 'No problems found.';
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (infos > 0) parts.push(`${infos} info`);
  return parts.join(', ');
}
