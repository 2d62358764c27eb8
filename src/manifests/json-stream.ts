// A JSON reader that remembers where each value starts. JSON.parse cannot: on Node 20 many of
// its errors carry no position at all ("Unexpected token '}', ... is not valid JSON"), and it
// keeps no offsets for the values it returns, which -f needs for "file:line" origins.
// Like kubectl, it accepts a stream of JSON values one after another (`{...}{...}`).

export class JsonSyntaxError extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.offset = offset;
  }
}

export interface JsonStream {
  /** Each top-level value with the offset of its first character. */
  values: Array<{ value: unknown; offset: number }>;
  /** For each object or array in `values`: where each of its members' values starts. */
  memberOffsets: WeakMap<object, Map<string | number, number>>;
  /** The syntax error that stopped the stream; `values` holds the whole values before it. */
  error?: JsonSyntaxError;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Array<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

export function parseJsonStream(text: string): JsonStream {
  const memberOffsets = new WeakMap<object, Map<string | number, number>>();
  const values: JsonStream['values'] = [];
  let i = 0;

  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };

  const describe = (at: number) => (at >= text.length ? 'the end of the input' : `"${text[at]}"`);

  const parseString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) {
        if (code === 10) throw new JsonSyntaxError(start, 'the string that starts here is not closed on its line');
        throw new JsonSyntaxError(i, 'a control character inside a string must be escaped');
      }
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) throw new JsonSyntaxError(start, 'the string that starts here is never closed');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new JsonSyntaxError(start, 'the string that starts here holds an invalid escape sequence');
    }
  };

  const parseValue = (): unknown => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Array<[string, unknown]> = [];
      const offsets = new Map<string | number, number>();
      skipSpace();
      if (text[i] === '}') {
        i++;
      } else {
        for (;;) {
          skipSpace();
          if (text[i] !== '"') {
            throw new JsonSyntaxError(
              i,
              text[i] === '}' ? 'a trailing comma is not allowed in JSON' : `expected a property name in double quotes, found ${describe(i)}`,
            );
          }
          const key = parseString();
          skipSpace();
          if (text[i] !== ':') throw new JsonSyntaxError(i, `expected ":" after the property name, found ${describe(i)}`);
          i++;
          skipSpace();
          offsets.set(key, i);
          entries.push([key, parseValue()]);
          skipSpace();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          throw new JsonSyntaxError(i, `expected "," or "}" after a property value, found ${describe(i)}`);
        }
      }
      // fromEntries keeps a "__proto__" key as data instead of setting the prototype.
      const obj = Object.fromEntries(entries);
      memberOffsets.set(obj, offsets);
      return obj;
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      const offsets = new Map<string | number, number>();
      skipSpace();
      if (text[i] === ']') {
        i++;
      } else {
        for (;;) {
          skipSpace();
          if (text[i] === ']') throw new JsonSyntaxError(i, 'a trailing comma is not allowed in JSON');
          offsets.set(arr.length, i);
          arr.push(parseValue());
          skipSpace();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          throw new JsonSyntaxError(i, `expected "," or "]" after an array element, found ${describe(i)}`);
        }
      }
      memberOffsets.set(arr, offsets);
      return arr;
    }
    if (c === '"') return parseString();
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      i += number[0].length;
      return Number(number[0]);
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    throw new JsonSyntaxError(i, i >= text.length ? 'the input ends where a value should be' : `expected a JSON value, found ${describe(i)}`);
  };

  skipSpace();
  while (i < text.length) {
    const offset = i;
    try {
      values.push({ value: parseValue(), offset });
    } catch (e) {
      // Nothing after a syntax error can be trusted, but the values before it are whole.
      if (e instanceof JsonSyntaxError) return { values, memberOffsets, error: e };
      throw e;
    }
    skipSpace();
  }
  return { values, memberOffsets };
}
