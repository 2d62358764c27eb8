// Text layout for a terminal of a given width: how many columns a string takes on screen, and
// word wrapping that keeps colour codes paired. Everything here is linear in the length of the
// text and never spreads an input-sized array into arguments (a 20,000-route tree overflowed the
// stack that way).

// The SGR sequences kleur emits (ESC [ ... m).
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * Code points that take two terminal cells (East Asian Wide and Fullwidth, and emoji shown as
 * pictures), as [first, last] pairs: the ranges of Unicode's EastAsianWidth.txt that names can
 * plausibly hold. Box drawing and the status marks (✔ ✖) are one cell.
 */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function cellsOf(codePoint: number): number {
  // Combining marks, zero-width spaces and joiners, variation selectors: no cell of their own.
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) {
    return 0;
  }
  if (codePoint < 0x1100) return 1;
  for (const [first, last] of WIDE) if (codePoint >= first && codePoint <= last) return 2;
  return 1;
}

/** The number of terminal cells the text takes: colour codes count for nothing, wide characters twice. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(SGR, '')) width += cellsOf(ch.codePointAt(0)!);
  return width;
}

/** Spaces to widen the text to `width` cells (none when it is already as wide). */
export function padEnd(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/** SGR parameters that end what an earlier sequence started (reset, normal intensity, default colours). */
const CLOSES = /^\x1b\[(0|22|23|24|27|28|29|39|49)?m$/;

/**
 * The text cut at spaces into lines of at most `width` cells (`firstWidth` for the first line). A
 * word longer than the width (a long controller name in a sentence) is cut after a `/`, `.` or
 * `-` where it can be, else where it must. Colour
 * stays paired on every line: a colour open at a line break is closed at its end and opened again
 * on the next line, so an indent or tree guide put before a continuation line is never coloured.
 */
export function wrapWords(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  let started = false;
  // The sequences open at the current point of the text, to re-open on a continuation line.
  let open: string[] = [];
  let reopen = '';
  for (const word of splitLongWords(text.split(' '), width)) {
    const w = displayWidth(word);
    const limit = lines.length === 0 ? firstWidth : width;
    if (!started) {
      line = word;
      lineWidth = w;
      started = true;
    } else if (lineWidth > 0 && lineWidth + 1 + w > limit) {
      lines.push(reopen + line + (open.length > 0 ? '\x1b[0m' : ''));
      reopen = open.join('');
      // The space a break replaces is not carried to the next line.
      line = word;
      lineWidth = w;
    } else {
      line += ` ${word}`;
      lineWidth += 1 + w;
    }
    for (const seq of word.match(SGR) ?? []) {
      if (CLOSES.test(seq)) open = [];
      else open.push(seq);
    }
  }
  lines.push(reopen + line);
  return lines;
}

/** Words no wider than `width`, cutting only those wider (and never inside a colour code). */
function splitLongWords(words: string[], width: number): string[] {
  const out: string[] = [];
  for (let word of words) {
    if (word.includes('\x1b')) {
      out.push(word);
      continue;
    }
    while (displayWidth(word) > width) {
      const chars = [...word];
      let cut = width;
      // Cells, not characters, decide the cut: shrink while the piece is too wide.
      while (cut > 1 && displayWidth(chars.slice(0, cut).join('')) > width) cut--;
      let soft = cut;
      while (soft > width / 2 && !'/.-_:,'.includes(chars[soft - 1])) soft--;
      if (soft > width / 2) cut = soft;
      out.push(chars.slice(0, cut).join(''));
      word = chars.slice(cut).join('');
    }
    out.push(word);
  }
  return out;
}

/**
 * One line of prose fitted to the width: `first` as given, then `rest` wrapped, its continuation
 * lines starting with `hang` (the indent, or tree guides). Without a width, or when it fits, the
 * line is returned whole.
 */
export function wrapLine(first: string, rest: string, hang: string, width: number | undefined): string[] {
  const head = displayWidth(first);
  if (width === undefined || head + displayWidth(rest) <= width) return [first + rest];
  // However narrow the terminal, a piece of prose gets MIN_WRAP cells rather than one word a line.
  const room = Math.max(width - displayWidth(hang), MIN_WRAP);
  const firstRoom = Math.max(width - head, MIN_WRAP);
  const [line1, ...others] = wrapWords(rest, room, firstRoom);
  return [first + line1, ...others.map((line) => hang + line)];
}

/** The fewest cells a wrapped piece of prose is given, however narrow the terminal. */
export const MIN_WRAP = 20;

/** A status mark at the start of a line of prose ("✖ "), which the continuation lines hang under. */
const MARKED = /^(\s*)((?:\x1b\[[0-9;]*m)*[✔✖!?](?:\x1b\[[0-9;]*m)* )/;
/** A short label ("spec says:       ", "Verdict: "): continuation lines hang under the value. */
const LABELLED = /^(\s*)([A-Za-z][A-Za-z ]{0,20}: +)/;

/**
 * A line of prose fitted to the width, hanging its continuation lines under where its text
 * starts: after the indent, after a status mark, or after an aligned label. Lines that fit, and
 * every line without a width (off a terminal), are returned whole.
 */
export function wrapProse(line: string, width: number | undefined): string[] {
  if (width === undefined || displayWidth(line) <= width) return [line];
  const marked = MARKED.exec(line) ?? LABELLED.exec(line);
  const indent = marked ? marked[0] : (/^\s*/.exec(line)?.[0] ?? '');
  const hang = ' '.repeat(displayWidth(indent) + (marked ? 0 : 2));
  return wrapLine(indent, line.slice(indent.length), hang, width);
}

/** Every line of a block of prose fitted to the width (see wrapProse). */
export function wrapBlock(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  const out: string[] = [];
  for (const line of text.split('\n')) for (const piece of wrapProse(line, width)) out.push(piece);
  return out.join('\n');
}
