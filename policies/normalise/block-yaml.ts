/**
 * A fast reader for the block-style YAML that YAML emitters (ours included) write: maps, sequences,
 * plain, quoted and literal-block scalars, comments, `---` between documents. Parsing dominated
 * the cost of checking Kubernetes manifests, and this reads them several times faster than a
 * full YAML parser. It is strict: at the first construct it does not fully understand (anchors,
 * aliases, tags, folded or multi-line flow scalars, flow collections over several lines,
 * directives, tabs, anything malformed) it gives up and returns undefined, and the caller uses
 * the full `yaml` parser instead. The tests hold it to the `yaml` library's output, property by
 * property, on generated documents as well as on every manifest the engines write.
 */
import { parse as parseFlow } from 'yaml';

export interface BlockDocument {
  readonly data: unknown;
  /** 1-based line of the document's first content line. */
  readonly line: number;
}

class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/** The YAML 1.2 core schema's reading of a plain scalar (what `yaml` does by default). */
export function plainScalar(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT.test(text)) return Number(text);
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return Number(text);
  if (INF.test(text)) return text[0] === '-' ? -Infinity : Infinity;
  if (NAN.test(text)) return NaN;
  return text;
}

/** Characters a plain scalar may not start with (they begin anchors, tags, flow or other syntax). */
const PLAIN_START_FORBIDDEN = /^[&*!%@`?|>,\]}]|^-(\s|$)|^:(\s|$)/;
/** `key:` followed by a space or the end of the line: the first one ends a plain key. */
const KEY_END = /:(?=\s|$)/;
/** The escapes of YAML double-quoted scalars that JSON reads the same way. */
const JSON_SAFE_ESCAPES = /\\[^"\\/bfnrtu]/;

/** Leading spaces of a line that carries content, or -1 for a blank or comment-only line. */
function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n === line.length || line.charCodeAt(n) === 35 ? -1 : n;
}

class Reader {
  private readonly lines: string[];
  /** indentOf of each line, computed once: the reader asks for it several times per line. */
  private readonly indents: number[];
  private i = 0;

  constructor(lines: string[]) {
    this.lines = lines;
    this.indents = lines.map(indentOf);
  }

  /** Puts a nested node that starts after `- ` on a line of its own, at its column. */
  private reindent(column: number, content: string): void {
    this.lines[this.i] = ' '.repeat(column) + content;
    this.indents[this.i] = column;
  }

  get done(): boolean {
    this.skipEmpty();
    return this.i >= this.lines.length;
  }

  get lineIndex(): number {
    return this.i;
  }

  private skipEmpty(): void {
    while (this.i < this.lines.length && this.indents[this.i] === -1) this.i++;
  }

  /** Indent of the next line with content, or -1 at the end. */
  private peekIndent(): number {
    this.skipEmpty();
    return this.i < this.lines.length ? this.indents[this.i]! : -1;
  }

  private isSeqItem(text: string): boolean {
    return text === '-' || text.startsWith('- ');
  }

  node(indent: number): unknown {
    const at = this.peekIndent();
    if (at !== indent) return unsupported();
    const text = this.lines[this.i]!.slice(indent);
    return this.isSeqItem(text) ? this.sequence(indent) : this.map(indent);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.peekIndent() === indent) {
      const line = this.lines[this.i]!;
      const text = line.slice(indent);
      if (!this.isSeqItem(text)) break;
      const rest = text.slice(1);
      const content = rest.trimStart();
      if (content === '' || content.startsWith('#')) {
        this.i++;
        const next = this.peekIndent();
        out.push(next > indent ? this.node(next) : null);
        continue;
      }
      // `- key: value` or `- - x` opens a nested node at the column after the dash.
      const column = indent + 1 + (rest.length - content.length);
      if (this.isSeqItem(content) || this.startsMapEntry(content)) {
        this.reindent(column, content);
        out.push(this.node(column));
      } else {
        out.push(this.inlineValue(content, indent));
      }
    }
    return out;
  }

  private startsMapEntry(text: string): boolean {
    if (text.startsWith('"') || text.startsWith("'")) return /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(\s|$)/.test(text);
    const end = KEY_END.exec(text);
    return end !== null && !text.slice(0, end.index).includes(' #');
  }

  private map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.peekIndent() === indent) {
      const text = this.lines[this.i]!.slice(indent);
      if (this.isSeqItem(text)) return unsupported();
      const { key, rest } = this.entry(text);
      // A key given twice is an error the full parser reports with its line.
      if (Object.hasOwn(out, key)) return unsupported();
      const content = rest.trim();
      if (content === '' || content.startsWith('#')) {
        this.i++;
        const next = this.peekIndent();
        const nextText = next >= 0 ? this.lines[this.i]!.slice(next) : '';
        // A sequence may sit at the key's own indent ("indentless" sequence).
        if (next > indent || (next === indent && this.isSeqItem(nextText))) out[key] = this.node(next);
        else out[key] = null;
      } else {
        out[key] = this.inlineValue(content, indent);
      }
    }
    if (this.peekIndent() > indent) return unsupported();
    return out;
  }

  private entry(text: string): { key: string; rest: string } {
    if (text.startsWith('"') || text.startsWith("'")) {
      const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(\s|$)/.exec(text) ?? unsupported();
      return { key: this.quoted(quoted[1]!), rest: text.slice(quoted[0].length) };
    }
    const end = KEY_END.exec(text) ?? unsupported();
    const raw = text.slice(0, end.index).trimEnd();
    if (raw === '' || PLAIN_START_FORBIDDEN.test(raw) || /^[[{#'"]/.test(raw) || raw.includes(' #')) return unsupported();
    if (typeof plainScalar(raw) !== 'string') return unsupported();
    return { key: raw, rest: text.slice(end.index + 1) };
  }

  /** A value that starts on the current line, after `key:` or `- `; consumes its lines. */
  private inlineValue(content: string, parentIndent: number): unknown {
    this.i++;
    let value: unknown;
    if (content[0] === '|') value = this.literalBlock(content, parentIndent);
    else if (content[0] === '>') return unsupported();
    else if (content[0] === '"' || content[0] === "'") {
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*(#.*)?$/.exec(content) ?? unsupported();
      value = this.quoted(m[1]!);
    } else if (content[0] === '{' || content[0] === '[') {
      const m = /^([[{].*?[\]}])\s*(#.*)?$/.exec(content) ?? unsupported();
      if (/[&*!]/.test(m[1]!)) return unsupported();
      try {
        value = parseFlow(m[1]!);
      } catch {
        return unsupported();
      }
    } else {
      if (PLAIN_START_FORBIDDEN.test(content)) return unsupported();
      const hash = content.indexOf(' #');
      const text = (hash >= 0 ? content.slice(0, hash) : content).trimEnd();
      if (KEY_END.test(text)) return unsupported();
      value = plainScalar(text);
    }
    // A deeper line right after an inline scalar would continue it over several lines.
    if (content[0] !== '|' && this.peekIndent() > parentIndent) return unsupported();
    return value;
  }

  private quoted(token: string): string {
    if (token[0] === "'") return token.slice(1, -1).replace(/''/g, "'");
    if (JSON_SAFE_ESCAPES.test(token)) return unsupported();
    return JSON.parse(token) as string;
  }

  /** `|`, `|-`, `|+`: the lines indented deeper than the parent, with YAML's chomping. */
  private literalBlock(header: string, parentIndent: number): string {
    const m = /^\|([+-]?)\s*(#.*)?$/.exec(header) ?? unsupported();
    const chomp = m[1];
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.trim() === '') {
        body.push(line);
        this.i++;
        continue;
      }
      const indent = line.length - line.trimStart().length;
      if (contentIndent < 0) {
        if (indent <= parentIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      body.push(line);
      this.i++;
    }
    if (contentIndent < 0) return unsupported();
    // Blank lines after the block belong to whatever follows, except as kept newlines.
    let end = body.length;
    while (end > 0 && body[end - 1]!.trim() === '') end--;
    if (body.slice(0, end).some((l) => l.trim() !== '' && l.slice(0, contentIndent).trim() !== '')) return unsupported();
    const lines = body.map((l) => (l.length > contentIndent ? l.slice(contentIndent) : ''));
    if (lines.slice(0, end).some((l) => l.includes('\t'))) return unsupported();
    const text = lines.slice(0, end).join('\n');
    const trailing = lines.length - end;
    if (chomp === '-') return text;
    if (chomp === '+') return `${text}\n${'\n'.repeat(trailing)}`;
    return `${text}\n`;
  }
}

/** The documents of a block-style YAML stream, or undefined when the full parser is needed. */
export function readBlockYaml(text: string): BlockDocument[] | undefined {
  if (text.includes('\t') || text.includes('\r') || /^(%|\.\.\.)/m.test(text)) return undefined;
  const all = text.split('\n');
  // The newline that ends the last line starts no line of its own.
  if (all[all.length - 1] === '') all.pop();
  const documents: BlockDocument[] = [];
  let start = 0;
  try {
    for (let i = 0; i <= all.length; i++) {
      const line = all[i];
      const separator = line !== undefined && /^---(\s+#.*|\s*)$/.test(line);
      if (line !== undefined && line.startsWith('---') && !separator) return undefined;
      if (line !== undefined && !separator) continue;
      // Documents without content (a comment header, a trailing `---`) carry nothing to check.
      const reader = new Reader(all.slice(start, i));
      if (!reader.done) {
        const first = reader.lineIndex;
        const data = reader.node(0);
        if (!reader.done) return undefined;
        documents.push({ data, line: start + first + 1 });
      }
      start = i + 1;
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return documents;
}
