import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { PathSegment, PlanIssue } from './plan-issue.ts';

/** A parsed YAML file that can still answer "on which line is this field?". */
export interface YamlSource {
  readonly file: string;
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
    return {
      ok: false,
      issues: doc.errors.map((error) => ({
        file,
        path: '',
        rule: 'yaml-syntax',
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
        line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }
  let data: unknown;
  try {
    // Alias resolution happens here; a dangling or exploding alias is the file's fault, not ours.
    data = doc.toJS({ maxAliasCount: 100 });
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
