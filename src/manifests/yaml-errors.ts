// The yaml library's parse errors, said plainly and placed where a person would look. Its
// messages name the parser's view ("Nested mappings are not allowed in compact mappings") and
// often point at the token before the real mistake, e.g. at `a` of `name: a` when the next line
// is over-indented. Each case below moves the position to the offending line when it can.
import { isScalar, visit, type Document, type YAMLError } from 'yaml';

export interface PlainYamlError {
  offset: number;
  message: string;
}

/** One plain error for a document's parse errors (the first that a person should fix). */
export function plainYamlError(errors: readonly YAMLError[], doc: Document.Parsed, text: string): PlainYamlError {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const first = sorted[0];

  // A line indented deeper than its siblings makes the value above it run onto that line and
  // then meet a ":": the parser reports a block/multi-line implicit key on the line above.
  const blockKey = sorted.find((e) => e.code === 'BLOCK_AS_IMPLICIT_KEY');
  const multiLine = sorted.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
  if (blockKey && multiLine && sameLine(text, blockKey.pos[0], multiLine.pos[0])) {
    const offset = offendingLineStart(text, blockKey.pos[0]);
    const entry = /^-(\s|$)/.test(text.slice(offset, offset + 2)) ? 'sequence' : 'mapping';
    return { offset, message: `bad indentation of a ${entry} entry` };
  }
  if (multiLine && multiLine === first) {
    return { offset: first.pos[0], message: 'expected a "key: value" line here (is a ":" missing?)' };
  }

  switch (first.code) {
    case 'BAD_INDENT': {
      const entry = /^All (mapping|sequence) items/.exec(first.message)?.[1];
      if (entry) return { offset: offendingLineStart(text, first.pos[0]), message: `bad indentation of a ${entry} entry` };
      break;
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { offset: first.pos[0], message: 'a plain value cannot contain ": " (quote the value)' };
    case 'TAB_AS_INDENT':
      return { offset: first.pos[0], message: 'tabs are not allowed as indentation (use spaces)' };
    case 'DUPLICATE_KEY':
      return { offset: first.pos[0], message: `duplicate key${keyAt(text, first.pos[0])} in one mapping` };
    case 'MISSING_CHAR': {
      const quote = /closing (["'])quote/.exec(first.message)?.[1];
      if (quote) {
        const opened = unclosedQuoteStart(doc, first.pos[0]);
        const kind = quote === '"' ? 'double-quoted' : 'single-quoted';
        return { offset: opened ?? first.pos[0], message: `the ${kind} string that starts here is never closed` };
      }
      break;
    }
  }
  return { offset: first.pos[0], message: lowerFirst(first.message.replace(/\.$/, '')) };
}

function sameLine(text: string, a: number, b: number): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return !text.slice(lo, hi).includes('\n');
}

/**
 * The error sits either at the start of the badly indented line itself, or on the value just
 * before it (`name: a` with the next line over-indented): the offending line's first character.
 */
function offendingLineStart(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (text.slice(lineStart, offset).trim() !== '') return nextContentLine(text, offset) ?? offset;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  return lineStart + indent;
}

/** Offset of the first non-blank character on the next line that holds something. */
function nextContentLine(text: string, from: number): number | undefined {
  let nl = text.indexOf('\n', from);
  while (nl !== -1) {
    const lineStart = nl + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const indent = line.search(/\S/);
    if (indent !== -1 && !line.trimStart().startsWith('#')) return lineStart + indent;
    nl = lineEnd;
  }
  return undefined;
}

function keyAt(text: string, offset: number): string {
  const key = /^([^:\n]+):/.exec(text.slice(offset))?.[1]?.trim();
  return key ? ` "${key}"` : '';
}

/** The quoted scalar the parser ran to the end of the input in, found by where it stops. */
function unclosedQuoteStart(doc: Document.Parsed, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range?.[1] === errorOffset) {
        start = node.range[0];
        return visit.BREAK;
      }
    },
  });
  return start;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
