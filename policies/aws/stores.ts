import { LEGAL_RETENTION, RETENTION_CLASSES, type RetentionClassName } from '../../tenancy/index.ts';
import type { Resource } from '../model/resource.ts';
import type { CheckContext } from '../rule.ts';
import { tag } from './located.ts';

/**
 * What a store is for, from the tags the blueprint puts on it (`sandbox:store-kind`,
 * `sandbox:retention-class`, `sandbox:retention-days`). A bucket without a kind is judged as a
 * data store, the strictest kind: a forgotten tag must never make a rule go easier.
 */
export type StoreKind = 'data-store' | 'log-store' | 'server-access-logs';

export function storeKind(resource: Resource): StoreKind {
  const kind = tag(resource, 'sandbox:store-kind');
  return kind === 'log-store' || kind === 'server-access-logs' ? kind : 'data-store';
}

export function retentionClassOf(resource: Resource): RetentionClassName | undefined {
  const value = tag(resource, 'sandbox:retention-class');
  return (RETENTION_CLASSES as readonly string[]).includes(value ?? '') ? (value as RetentionClassName) : undefined;
}

/** The smallest legal floor of any log class: AI Act Art. 19(1), 26(6), six months. */
export const MINIMUM_LOG_RETENTION_DAYS = LEGAL_RETENTION['ai-system-logs'].days;

export interface RetentionFloor {
  readonly days: number;
  /** Where the floor comes from, for the finding. */
  readonly source: string;
}

/**
 * The retention a log store of this class must keep: the highest of the legal floor, the floor the
 * tenant's plan resolved (profiles may raise it; processing logs follow the period), and the
 * `sandbox:retention-days` tag, so lowering the tag alone never lowers the bar.
 */
export function retentionFloor(resource: Resource, retentionClass: RetentionClassName | undefined, context: CheckContext): RetentionFloor | undefined {
  const candidates: RetentionFloor[] = [];
  if (retentionClass && retentionClass !== 'processing-logs') {
    const legal = LEGAL_RETENTION[retentionClass];
    candidates.push({ days: legal.days, source: legal.source });
  }
  const planned = retentionClass ? context.tenant?.retention.find((r) => r.name === retentionClass) : undefined;
  if (planned) candidates.push({ days: planned.days, source: `the plan of ${context.tenant!.id} (${planned.source})` });
  const tagged = Number(tag(resource, 'sandbox:retention-days'));
  if (Number.isFinite(tagged) && tagged > 0) candidates.push({ days: tagged, source: 'its sandbox:retention-days tag' });
  return candidates.sort((a, b) => b.days - a.days)[0];
}
