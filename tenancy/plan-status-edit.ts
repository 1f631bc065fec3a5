import { readFileSync } from 'node:fs';
import { isScalar, parseDocument } from 'yaml';
import { writeFileAtomicSync } from '../common/atomic-write.ts';
import type { TenantStatus } from './tenant.ts';

/**
 * Sets `spec.status` in a plan file the way a careful person would by hand: only the value's own
 * characters change, so comments, alignment and the rest of the file stay byte for byte; the file
 * is replaced atomically. Returns the previous status.
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
    // No status line yet (it defaults to active): let the YAML library add one.
    doc.setIn(['spec', 'status'], status);
    writeFileAtomicSync(file, doc.toString({ lineWidth: 0 }));
  }
  return previous;
}
