import type { Json, JsonObject } from './types';

/**
 * A reader for the Terraform expressions cdktf writes for `Fn.jsonencode(<value>)`:
 * `${jsonencode({"key" = ["text", aws_x.y.arn, {"prefix" = "${aws_x.y.arn}:"}], ...})}`. Objects,
 * tuples, quoted strings (with `${reference}` interpolations), numbers, `true`, `false`, `null` and
 * bare references; anything else (a function call, an operator) is refused, so a value the reader
 * cannot follow is never guessed. References are turned into text by `resolve` (the model renders
 * them as concrete names and ARNs).
 */
export class HclValueError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'HclValueError';
  }
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/** The JSON value of `${jsonencode(...)}`, or undefined when `text` is not such an expression. */
export function jsonencodeValue(text: string, resolve: (reference: string) => string): Json | undefined {
  const inner = JSONENCODE.exec(text.trim())?.[1];
  if (inner === undefined) return undefined;
  const reader = new Reader(inner, resolve);
  const value = reader.value();
  reader.end();
  return value;
}

const REFERENCE = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+|\[[0-9]+\])*/;

class Reader {
  private i = 0;
  public constructor(
    private readonly text: string,
    private readonly resolve: (reference: string) => string,
  ) {}

  public end(): void {
    this.space();
    if (this.i < this.text.length) this.fail('unexpected text after the value');
  }

  public value(): Json {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    const rest = this.text.slice(this.i);
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number !== null) {
      this.i += number[0].length;
      return Number(number[0]);
    }
    const word = REFERENCE.exec(rest)?.[0];
    if (word === undefined) return this.fail('expected a value');
    this.i += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    this.space();
    if (this.text[this.i] === '(') return this.fail(`function call ${word}() is not read`);
    return this.resolve(word);
  }

  private object(): JsonObject {
    this.i += 1;
    const out: JsonObject = {};
    for (;;) {
      this.space();
      if (this.text[this.i] === '}') {
        this.i += 1;
        return out;
      }
      const key = this.text[this.i] === '"' ? this.string() : this.identifier();
      this.space();
      if (this.text[this.i] !== '=' && this.text[this.i] !== ':') this.fail('expected "=" after an object key');
      this.i += 1;
      out[key] = this.value();
      this.separator('}');
    }
  }

  private tuple(): Json[] {
    this.i += 1;
    const out: Json[] = [];
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') {
        this.i += 1;
        return out;
      }
      out.push(this.value());
      this.separator(']');
    }
  }

  private separator(close: string): void {
    this.space();
    if (this.text[this.i] === ',') this.i += 1;
    else if (this.text[this.i] !== close) this.fail(`expected "," or "${close}"`);
  }

  private identifier(): string {
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i))?.[0];
    if (word === undefined) return this.fail('expected an object key');
    this.i += word.length;
    return word;
  }

  private string(): string {
    this.i += 1;
    let out = '';
    while (this.i < this.text.length) {
      const c = this.text[this.i] ?? '';
      if (c === '"') {
        this.i += 1;
        return out;
      }
      if (c === '\\') {
        const next = this.text[this.i + 1] ?? '';
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        const e = escapes[next];
        if (e === undefined) return this.fail(`unknown escape \\${next}`);
        out += e;
        this.i += 2;
      } else if (this.text.startsWith('$${', this.i)) {
        out += '${';
        this.i += 3;
      } else if (this.text.startsWith('${', this.i)) {
        const close = this.text.indexOf('}', this.i);
        const reference = close < 0 ? '' : this.text.slice(this.i + 2, close).trim();
        if (!REFERENCE.test(reference) || REFERENCE.exec(reference)?.[0] !== reference)
          this.fail(`interpolation \${${reference}} is not a reference`);
        out += this.resolve(reference);
        this.i = close + 1;
      } else {
        out += c;
        this.i += 1;
      }
    }
    return this.fail('unterminated string');
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i] ?? '')) this.i += 1;
  }

  private fail(message: string): never {
    throw new HclValueError(`${message} at offset ${this.i} of ${JSON.stringify(this.text.slice(0, 80))}`);
  }
}
