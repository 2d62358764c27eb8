// What changed between two outputs, for watch mode off a terminal (`tree -w | tee log`): only the
// rows and findings that changed are printed, each on one line a script can grep.
//
// tree: a row is known by its NAME and the NAMEs of the rows above it in the tree (its path), so
// a row whose status or details change is one "-" line (as it was) and one "+" line (as it is),
// a new row one "+" line, a row that went away one "-" line. Each is preceded, once per batch,
// by the rows above it as context ("  " lines), so "rule #0" says whose rule it is. Spacing and
// tree guides are not changes: columns re-align when a longer name appears, and a row's "└─"
// becomes "├─" when a sibling is added after it.
//
// check: "+ " for a finding that appeared, "- " for one that was resolved, then "= " and the new
// totals.
import { findingKey, type CheckReport } from '../check/report.js';
import type { Finding } from '../model/finding.js';
import { subjectLabel } from './findings.js';
import { stripAnsi } from './style.js';

interface Row {
  /** The row as printed. */
  text: string;
  /** Its path of NAMEs, root first; with a count when two rows share one (two "rule #0" under
   *  different parents do not: their paths differ). */
  key: string;
  /** Indexes of the rows above it, root first. */
  ancestors: number[];
}

/** Glyphs of the tree column: a row's depth is where its name starts. */
const GUIDE = /^[ │├└─]*/;

function rowsOf(text: string): Row[] {
  const lines = stripAnsi(text).split('\n').filter((l) => l.trim() !== '');
  const rows: Row[] = [];
  const stack: Array<{ depth: number; index: number; name: string }> = [];
  const seen = new Map<string, number>();
  lines.forEach((line, index) => {
    const depth = GUIDE.exec(line)![0].length;
    // NAME is the first column: it ends where a gap of two or more spaces begins.
    const name = line.slice(depth).split(/ {2,}/)[0].trim();
    while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop();
    const path = [...stack.map((s) => s.name), name].join(' › ');
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    rows.push({ text: line, key: n === 1 ? path : `${path} #${n}`, ancestors: stack.map((s) => s.index) });
    stack.push({ depth, index, name });
  });
  return rows;
}

/**
 * A row without its tree guides and with runs of spaces collapsed: a row stays equal when the
 * columns re-align or a sibling is added after it (its "└─" becomes "├─").
 */
function normal(text: string): string {
  return text.replace(GUIDE, '').trim().replace(/\s+/g, ' ');
}

/** The changed rows of a tree (or any table whose first column nests), as "-"/"+" lines; '' when none. */
export function treeChanges(before: string, after: string): string {
  const old = rowsOf(before);
  const now = rowsOf(after);
  const oldByKey = new Map(old.map((r) => [r.key, r]));
  const nowKeys = new Set(now.map((r) => r.key));
  const out: string[] = [];
  const shown = new Set<string>();
  const context = (rows: Row[], row: Row) => {
    for (const i of row.ancestors) {
      const a = rows[i];
      if (shown.has(a.key)) continue;
      shown.add(a.key);
      out.push(`  ${a.text}`);
    }
    shown.add(row.key);
  };
  for (const row of now) {
    const was = oldByKey.get(row.key);
    if (was && normal(was.text) === normal(row.text)) continue;
    context(now, row);
    if (was) out.push(`- ${was.text}`);
    out.push(`+ ${row.text}`);
  }
  for (const row of old) {
    if (nowKeys.has(row.key)) continue;
    context(old, row);
    out.push(`- ${row.text}`);
  }
  return out.length > 0 ? `${out.map((l) => l.trimEnd()).join('\n')}\n` : '';
}

function findingLine(sign: '+' | '-', f: Finding): string {
  const where = subjectLabel(f.subject);
  return `${sign} ${f.severity} ${f.code} ${where}: ${f.message}`;
}

/** Findings that appeared ("+") and were resolved ("-"), then the totals ("="); '' when none changed. */
export function findingChanges(before: CheckReport, after: CheckReport): string {
  const oldKeys = new Set(before.findings.map(findingKey));
  const newKeys = new Set(after.findings.map(findingKey));
  const lines = [
    ...after.findings.filter((f) => !oldKeys.has(findingKey(f))).map((f) => findingLine('+', f)),
    ...before.findings.filter((f) => !newKeys.has(findingKey(f))).map((f) => findingLine('-', f)),
  ];
  if (lines.length === 0) return '';
  const { error, warning, info } = after.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`= ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info`);
  return `${lines.join('\n')}\n`;
}
