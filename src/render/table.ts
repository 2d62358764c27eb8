// The kubectl table: no borders, UPPERCASE headers, columns three spaces apart, no trailing
// spaces. cli-table3 measures cells without their colour codes, so coloured cells still align.
import Table from 'cli-table3';

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
  const table = new Table({
    head: headers.map((h) => h.toUpperCase()),
    chars: NO_BORDER,
    // The default header style is red; kubectl prints plain headers.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row.map((cell) => cell.replace(/\n/g, ' ')));
  return trimLines(table.toString());
}

/** Every line without its trailing spaces (cli-table3 pads the last column). */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
