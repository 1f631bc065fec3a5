import { readFileSync } from 'node:fs';
import { isMap, isNode, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { writeFileAtomicSync } from '../common/atomic-write.ts';
import type { TenantStatus } from './tenant.ts';

/**
 * Sets `spec.status` in a plan file the way a careful person would by hand: only the value's own
 * characters change (or, where the plan has no status line yet, one line is added at the end of
 * `spec`), so comments, alignment and the rest of the file stay byte for byte; the file is replaced
 * atomically. Returns the previous status.
 */
export function setPlanStatus(file: string, status: TenantStatus): TenantStatus {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: cannot edit a plan with YAML errors: ${doc.errors[0]!.message}`);
  const node = doc.getIn(['spec', 'status'], true);
  const previous = (isScalar(node) ? String(node.value) : 'active') as TenantStatus;
  if (previous === status) return previous;
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    writeFileAtomicSync(file, `${text.slice(0, start)}${status}${text.slice(end)}`);
  } else {
    // No status line yet (it defaults to active). Re-printing the document would re-align comments
    // and re-quote values, so the line is spliced into the text instead.
    const spec = doc.get('spec', true);
    if (!isMap(spec) || !spec.range) throw new Error(`${file}: spec is not a mapping; cannot set spec.status`);
    writeFileAtomicSync(file, withStatusAdded(file, text, spec, status));
  }
  return previous;
}

/** `text` with `status: <status>` as the last entry of the `spec` mapping. */
function withStatusAdded(file: string, text: string, spec: YAMLMap, status: TenantStatus): string {
  const [, specEnd] = spec.range!;
  if (spec.flow) {
    // `spec: { …, last: x }` gains `, status: …` before its closing brace.
    const close = text.lastIndexOf('}', specEnd - 1);
    const before = text.slice(0, close).trimEnd();
    const entry = spec.items.length > 0 ? `, status: ${status}` : `status: ${status}`;
    return `${before}${entry}${text.slice(before.length)}`;
  }
  const last = spec.items.at(-1);
  const key = last && isNode(last.key) ? last.key : undefined;
  if (!key?.range) throw new Error(`${file}: spec has no entries to place status after`);
  const keyStart = key.range[0];
  const indent = ' '.repeat(keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1));
  // The last entry ends with its value (a nested block may already take its line break with it),
  // and on the same line may follow a comment: the new line goes after that line.
  const valueEnd = (isNode(last!.value) && last!.value.range ? last!.value.range : key.range)[1];
  const lineEnd = text[valueEnd - 1] === '\n' ? valueEnd - 1 : text.indexOf('\n', valueEnd);
  if (lineEnd < 0) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return `${text}${eol}${indent}status: ${status}`;
  }
  const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  return `${text.slice(0, lineEnd + 1)}${indent}status: ${status}${eol}${text.slice(lineEnd + 1)}`;
}
