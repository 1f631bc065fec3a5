import { parseAllDocuments } from 'yaml';
import { CLOUDFORMATION_YAML_TAGS } from './cloudformation-yaml-tags.ts';
import { readBlockYaml } from './block-yaml.ts';

export interface ParsedDocument {
  readonly data: unknown;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** 1-based line of the node at a key path (`Resources.X`, `resource.aws_x.name`), YAML only. */
  readonly lineOfPath?: (keys: readonly string[]) => number | undefined;
}

export type ParseResult = { readonly ok: true; readonly documents: readonly ParsedDocument[] } | { readonly ok: false; readonly message: string };

/** A CloudFormation short-form intrinsic (`!Ref`, `!Sub` …) somewhere in the text. */
const SHORT_FORM_TAG = /(^|[\s:[,-])!(Ref|Condition|Base64|Cidr|FindInMap|GetAtt|GetAZs|ImportValue|Join|Select|Split|Sub|Transform|If|Equals|And|Or|Not|Length|ToJsonString)\b/m;

/**
 * JSON or (multi-document) YAML with CloudFormation intrinsic tags. JSON goes through JSON.parse;
 * block-style YAML through the fast reader of block-yaml.ts, falling back to the full `yaml`
 * parser (with the intrinsic tags when the text uses one) for anything else. Parsing was most of
 * the cost of checking Kubernetes manifests; a line inside a document is looked up only when a
 * finding asks for it.
 */
export function parseText(raw: string): ParseResult {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
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

/** 1-based line of a character offset, by counting newlines (only ever for a finding's resource). */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parseYaml(text: string): ParseResult {
  const fast = SHORT_FORM_TAG.test(text) ? undefined : readBlockYaml(text);
  if (fast) {
    // Lines inside a document are needed only for a finding; the full parse waits until then.
    let full: ParseResult | undefined;
    return {
      ok: true,
      documents: fast.map((d, i) => ({
        data: d.data,
        line: d.line,
        lineOfPath: (keys) => {
          full ??= parseWithDocumentModel(text);
          const documents = full.ok ? full.documents.filter((x) => x.data !== null && x.data !== undefined) : [];
          return documents[i]?.lineOfPath?.(keys);
        },
      })),
    };
  }
  return parseWithDocumentModel(text);
}

function parseWithDocumentModel(text: string): ParseResult {
  // Duplicate keys are an error, as CloudFormation and kubectl make them: which of the two a
  // deploy would take is not something a check may guess.
  const options = { prettyErrors: false, ...(SHORT_FORM_TAG.test(text) ? { customTags: [...CLOUDFORMATION_YAML_TAGS] } : {}) };
  const docs = parseAllDocuments(text, options);
  if (!Array.isArray(docs)) return { ok: true, documents: [] };
  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) return { ok: false, message: `not valid YAML (line ${lineAt(text, error.pos[0])}): ${error.message.split('\n')[0]}` };
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    documents.push({
      data: doc.toJS({ maxAliasCount: 100 }),
      line: lineAt(text, start),
      lineOfPath: (keys) => {
        const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
        // getIn returns the value node; its key sits on the same line or the one before.
        return node?.range ? lineAt(text, node.range[0]) : undefined;
      },
    });
  }
  return { ok: true, documents };
}
