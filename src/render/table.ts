// The kubectl table: no borders, UPPERCASE headers, columns three spaces apart, no trailing
// spaces. Coloured cells are measured without their colour codes, so they still align.
//
// Why not cli-table3 (which drew these tables before): every table here is cells padded to their
// column's width, and on a terminal the last column wrapped under itself. That is one pass to
// measure and one to pad, linear in the cells. cli-table3 is a general table library (spans,
// borders, per-cell wrapping) whose layout took time quadratic in the rows (15 s for a 2,000-route
// tree, then chunked), and a 20,000-route tree overflowed the stack on a spread over all cells.
import { displayWidth, MIN_WRAP, padEnd, wrapWords } from './text.js';

const GAP = '   ';

/**
 * The last column is wrapped in place (under itself) when the terminal leaves it at least this
 * many cells; otherwise it goes under each row, across the whole width.
 */
const MIN_LAST_COLUMN = 30;

export interface TableLayout {
  /** The terminal's width. Absent off a terminal: every row on one whole line (grep-friendly). */
  width?: number;
  /**
   * Per row, what the first column shows on the row's continuation lines: a tree's guides, so
   * they run on past a wrapped row. Also where prose put under the row starts.
   */
  continuation?: string[];
  /**
   * The first column that may go under its row when the terminal is too narrow for it beside the
   * others (default: the last). Columns after it are labelled there ("Fix: ...").
   */
  proseFrom?: number;
}

/** Indent of the prose put under a row, when no continuation says where. */
const UNDER_ROW = '    ';

/**
 * Rows aligned under UPPERCASE headers; pass `headers: []` for a table without a header line.
 * Returns the lines joined by "\n", without a final newline.
 */
export function renderTable(headers: string[], rows: string[][], layout: TableLayout = {}): string {
  const head = headers.map((h) => h.toUpperCase());
  let columns = head.length;
  for (const row of rows) if (row.length > columns) columns = row.length;
  const cells = rows.map((row) => {
    const out: string[] = [];
    for (let i = 0; i < columns; i++) out.push((row[i] ?? '').replace(/\n/g, ' '));
    return out;
  });
  const widths: number[] = [];
  for (let i = 0; i < columns; i++) widths.push(displayWidth(head[i] ?? ''));
  for (const row of cells) {
    for (let i = 0; i < columns; i++) {
      const w = displayWidth(row[i]);
      if (w > widths[i]) widths[i] = w;
    }
  }
  const last = columns - 1;
  // Where the last column starts.
  let lastAt = 0;
  for (let i = 0; i < last; i++) lastAt += widths[i] + GAP.length;
  const width = layout.width;
  const lines: string[] = [];
  const line = (parts: string[]) => lines.push(joinRow(parts, widths).trimEnd());

  if (width === undefined || columns === 0 || lastAt + widths[last] <= width) {
    if (head.length > 0) line(head);
    for (const row of cells) line(row);
  } else if (width - lastAt >= MIN_LAST_COLUMN) {
    // The last column wraps under itself; the first column carries the continuation (guides).
    if (head.length > 0) line(head);
    const room = width - lastAt;
    cells.forEach((row, r) => {
      const [first, ...more] = wrapWords(row[last], room);
      line([...row.slice(0, last), first]);
      const guide = last === 0 ? '' : `${padEnd(layout.continuation?.[r] ?? '', widths[0])}${' '.repeat(lastAt - widths[0])}`;
      for (const text of more) lines.push(`${guide}${text}`.trimEnd());
    });
  } else {
    // Too narrow to wrap the prose beside the other columns: it goes under each row.
    const from = Math.min(Math.max(layout.proseFrom ?? last, 1), last);
    const kept = widths.slice(0, from);
    if (head.length > 0) lines.push(joinRow(head.slice(0, from), kept).trimEnd());
    cells.forEach((row, r) => {
      lines.push(joinRow(row.slice(0, from), kept).trimEnd());
      const indent = layout.continuation?.[r] ?? UNDER_ROW;
      const room = Math.max(width - displayWidth(indent), MIN_WRAP);
      for (let i = from; i <= last; i++) {
        if (row[i] === '') continue;
        const label = i === from ? '' : `${titleCase(head[i] ?? '')}: `;
        for (const text of wrapWords(label + row[i], room)) lines.push(`${indent}${text}`.trimEnd());
      }
    });
  }
  return lines.join('\n');
}

/** The cells padded to their column widths, three spaces apart (the last cell unpadded). */
function joinRow(parts: string[], widths: number[]): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out += GAP;
    out += i === parts.length - 1 ? parts[i] : padEnd(parts[i], widths[i]);
  }
  return out;
}

function titleCase(header: string): string {
  return header.charAt(0) + header.slice(1).toLowerCase();
}

/** Every line without its trailing spaces. */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
