// The kubectl table: no borders, UPPERCASE headers, columns three spaces apart, no trailing
// spaces. cli-table3 measures cells without their colour codes, so coloured cells still align.
import Table from 'cli-table3';
// cli-table3's own measure (colour codes stripped, wide characters counted twice).
// @ts-expect-error: an internal module of cli-table3, without type declarations.
import cliTableUtils from 'cli-table3/src/utils.js';

const strlen = (cliTableUtils as { strlen: (s: string) => number }).strlen;

/**
 * cli-table3 lays out a table in time quadratic in its rows (span bookkeeping), which took 15 s
 * for a 2000-route tree. Rows are rendered in chunks of this many, all with the same column widths,
 * so the output is the same as one table's.
 */
const CHUNK_ROWS = 200;

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '   ',
};

/**
 * Rows aligned under UPPERCASE headers; pass `headers: []` for a table without a header line.
 * Returns the lines joined by "\n", without a final newline.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => h.toUpperCase());
  const cells = rows.map((row) => row.map((cell) => cell.replace(/\n/g, ' ')));
  const columns = Math.max(head.length, ...cells.map((r) => r.length));
  const colWidths = Array.from({ length: columns }, (_, i) => Math.max(strlen(head[i] ?? ''), ...cells.map((r) => strlen(r[i] ?? ''))));
  const chunks: string[] = [];
  for (let start = 0; start === 0 || start < cells.length; start += CHUNK_ROWS) {
    const table = new Table({
      head: start === 0 ? head : [],
      colWidths,
      chars: NO_BORDER,
      // The default header style is red; kubectl prints plain headers.
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    for (const row of cells.slice(start, start + CHUNK_ROWS)) table.push(row);
    const text = table.toString();
    if (text) chunks.push(text);
  }
  return trimLines(chunks.join('\n'));
}

/** Every line without its trailing spaces (cli-table3 pads the last column). */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
