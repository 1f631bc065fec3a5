import { CST, LineCounter, Parser, isNode, parseDocument, type Document, type YAMLError } from 'yaml';
import type { PathSegment, PlanIssue } from './plan-issue.ts';

/** A parsed YAML file that can still answer "on which line is this field?". */
export interface YamlSource {
  readonly file: string;
  /** The file's value; `undefined` for a file with no content at all (empty or only comments). */
  readonly data: unknown;
  lineOf(path: readonly PathSegment[]): number | undefined;
}

export type YamlParseResult =
  | { readonly ok: true; readonly source: YamlSource }
  | { readonly ok: false; readonly issues: readonly PlanIssue[] };

export function parseYamlSource(file: string, text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: unquoted dates stay strings, `no` stays a string (no Norway problem).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const { message, offset } = firstSyntaxProblem(text, doc.errors);
    return { ok: false, issues: [{ file, path: '', rule: 'yaml-syntax', message: `YAML syntax error: ${message}`, line: lineCounter.linePos(offset).line }] };
  }
  let data: unknown;
  try {
    // Alias resolution happens here; a dangling or exploding alias is the file's fault, not ours.
    data = doc.contents === null ? undefined : doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, issues: [{ file, path: '', rule: 'yaml-syntax', message: `YAML error: ${(error as Error).message}` }] };
  }
  return {
    ok: true,
    source: {
      file,
      data,
      lineOf: (path) => lineOfPath(doc, lineCounter, path),
    },
  };
}

/**
 * The one syntax problem worth reporting. After the first error the parser has lost track of the
 * structure, so what follows is mostly echo (one tab used as indentation makes every later line
 * "badly indented"); the user fixes the first and runs again. An unclosed `{` or `[` is noticed
 * only where the parser gives up on it, lines later: report the line where it opens instead.
 */
function firstSyntaxProblem(text: string, errors: readonly YAMLError[]): { message: string; offset: number } {
  const first = errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const unclosed = firstUnclosedFlowCollection(text);
  if (unclosed && unclosed.offset <= first.pos[0]) {
    return { offset: unclosed.offset, message: `the "${unclosed.open}" opened on this line is never closed with "${unclosed.close}"` };
  }
  return { offset: first.pos[0], message: first.message.split('\n')[0] ?? first.code };
}

function firstUnclosedFlowCollection(text: string): { offset: number; open: string; close: string } | undefined {
  let found: { offset: number; open: string; close: string } | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (node?.type !== 'flow-collection') continue;
        const close = node.start.type === 'flow-map-start' ? '}' : ']';
        const closed = node.end.some((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end');
        if (!closed && (!found || node.start.offset < found.offset)) found = { offset: node.start.offset, open: node.start.source, close };
      }
    });
  }
  return found;
}

/** The line of the deepest node that exists along the path (a missing field points at its parent). */
function lineOfPath(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
