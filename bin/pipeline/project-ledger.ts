import { hostname } from 'node:os';
import type { Ledger, NewEvent } from '../../audit/index.ts';
import { PRODUCT_VERSION } from '../../common/version.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';

/**
 * The ledger as the CLI's pipeline commands use it: opened once per command with every plan's
 * people as the actor directory, so a whole `up` goes to disk in a few group commits.
 */
export interface ProjectLedger {
  readonly ledger: Ledger;
  readonly dir: string;
  /** The service identity this process acts as (CI runs are told apart from people at a terminal). */
  readonly actorId: string;
  readonly accessPoint: string;
  /** A new event with the envelope fields this process always sets. */
  event(tenant: string, type: NewEvent['type'], fields: Omit<NewEvent, 'tenant' | 'type' | 'actor' | 'outcome'> & { outcome?: NewEvent['outcome'] }): NewEvent;
}


export async function openProjectLedger(plans: readonly LoadedPlan[], dir?: string): Promise<ProjectLedger> {
  const { openLedger, peopleDirectory, resolveLedgerDir } = await import('../../audit/index.ts');
  const resolved = resolveLedgerDir(dir);
  const people = new Map(plans.map((p) => [p.tenant.id, p.tenant.people.map((x) => ({ id: x.id, role: x.role }))]));
  const ledger = openLedger(resolved, { actors: peopleDirectory(people), source: { system: 'sandbox-cli', version: PRODUCT_VERSION } });
  const actorId = process.env.CI ? 'svc:ci' : 'svc:sandbox-cli';
  const accessPoint = `cli@${hostname()}`;
  return {
    ledger,
    dir: resolved,
    actorId,
    accessPoint,
    event: (tenant, type, fields) => ({ outcome: 'success', ...fields, tenant, type, actor: { id: actorId, accessPoint } }),
  };
}
