import { LineCounter, parseAllDocuments } from 'yaml';
import { CLOUDFORMATION_YAML_TAGS } from './cloudformation-yaml-tags.ts';

export interface ParsedDocument {
  readonly data: unknown;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** 1-based lines of top-level keys' children (`Resources.X`, `resource.aws_x.name`), YAML only. */
  readonly lineOfPath?: (keys: readonly string[]) => number | undefined;
}

export type ParseResult = { readonly ok: true; readonly documents: readonly ParsedDocument[] } | { readonly ok: false; readonly message: string };

/**
 * JSON or (multi-document) YAML with CloudFormation intrinsic tags. JSON goes through JSON.parse,
 * which is an order of magnitude faster than the YAML parser on synthesized templates.
 */
export function parseText(text: string): ParseResult {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { ok: true, documents: [{ data: JSON.parse(text), line: 1 }] };
    } catch (error) {
      // Not JSON after all: YAML flow style also starts with `{`.
      const yaml = parseYaml(text);
      if (yaml.ok) return yaml;
      return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
    }
  }
  return parseYaml(text);
}

function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { customTags: [...CLOUDFORMATION_YAML_TAGS], lineCounter, uniqueKeys: false, prettyErrors: true });
  if (!Array.isArray(docs)) return { ok: true, documents: [] };
  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) return { ok: false, message: `not valid YAML: ${error.message.split('\n')[0]}` };
    const start = doc.contents?.range?.[0] ?? 0;
    documents.push({
      data: doc.toJS({ maxAliasCount: 100 }),
      line: lineCounter.linePos(start).line,
      lineOfPath: (keys) => {
        const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
        // getIn returns the value node; its key sits on the same line or the one before.
        return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
      },
    });
  }
  return { ok: true, documents };
}
