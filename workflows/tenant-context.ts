import { hostname } from 'node:os';
import { openLedger, peopleDirectory, type Actor, type AppendedEvent, type EventSource, type EventType, type JsonValue, type Ledger } from '../audit/index.ts';
import { tenantLayout, type TenantBuildLayout } from '../common/build-layout.ts';
import type { LoadedPlan, Person } from '../tenancy/index.ts';
import { WorkflowRefusal } from './refusal.ts';

/**
 * Everything a workflow needs about one tenant: its plan (as loaded, with the file's hash), where
 * its files live, and a ledger that accepts exactly this plan's people as actors. The CLI builds
 * one per command from `--plans`, `--out` and $SANDBOX_LEDGER_DIR.
 */
export interface TenantContext {
  readonly plan: LoadedPlan;
  /** The build directory of all tenants (`--out`); this tenant's part is `layout`. */
  readonly buildDir: string;
  readonly layout: TenantBuildLayout;
  readonly ledger: Ledger;
  /** NEN 7513 "from where": recorded in every event this command writes. */
  readonly accessPoint: string;
}

export interface ContextOptions {
  readonly buildDir: string;
  /** Default: $SANDBOX_LEDGER_DIR, else the project's .sandbox/ledger. */
  readonly ledgerDir?: string | undefined;
  readonly source: EventSource;
  readonly accessPoint?: string;
}

export function openTenantContext(plan: LoadedPlan, options: ContextOptions): TenantContext {
  const { tenant } = plan;
  const actors = peopleDirectory(new Map([[tenant.id, tenant.people.map((p) => ({ id: p.id, role: p.role }))]]));
  return {
    plan,
    buildDir: options.buildDir,
    layout: tenantLayout(options.buildDir, tenant.id),
    ledger: openLedger(options.ledgerDir, { actors, source: options.source }),
    accessPoint: options.accessPoint ?? `cli@${hostname()}`,
  };
}

export function personActor(ctx: TenantContext, person: Person): Actor {
  return { id: person.id, role: person.role, accessPoint: ctx.accessPoint };
}

/**
 * Records a refused attempt, then throws. NEN 7513 wants failed attempts in the log too; someone
 * who is not in the plan cannot be an actor of this tenant's events, so the CLI records the
 * attempt under its own service identity and names the claimed id in the details.
 */
export async function refuse(
  ctx: TenantContext,
  type: EventType,
  personId: string,
  person: Person | undefined,
  message: string,
  details: Record<string, JsonValue> = {},
): Promise<never> {
  const { tenant } = ctx.plan;
  const actor: Actor = person ? personActor(ctx, person) : { id: 'svc:sandbox-cli', accessPoint: ctx.accessPoint };
  await ctx.ledger.append({
    tenant: tenant.id,
    type,
    outcome: 'denied',
    actor,
    authorisation: { plan: tenant.id },
    details: { ...details, reason: message.slice(0, 500), ...(person ? {} : { requestedAs: personId.slice(0, 100) }) },
  });
  throw new WorkflowRefusal(message);
}

export function planObject(tenantId: string, sha256: string): { kind: string; id: string; sha256: string } {
  return { kind: 'plan', id: tenantId, sha256 };
}

export type { AppendedEvent };

/**
 * Records that someone read the tenant's history from the ledger (NEN 7513 logs reads of the log
 * too): a person of the plan, or the CLI's own service identity when nobody was named.
 */
export async function recordLedgerRead(ctx: TenantContext, readerId: string | undefined, view: string, filter: string, returned: number): Promise<AppendedEvent> {
  const { tenant } = ctx.plan;
  const person = readerId === undefined ? undefined : tenant.people.find((p) => p.id === readerId);
  if (readerId !== undefined && !person && !readerId.startsWith('svc:')) {
    throw new WorkflowRefusal(`${readerId} is not a person of tenant ${tenant.id}'s plan (${tenant.people.map((p) => p.id).join(', ')})`);
  }
  return ctx.ledger.append({
    tenant: tenant.id,
    type: 'ledger.accessed',
    outcome: 'success',
    actor: person ? personActor(ctx, person) : { id: readerId ?? 'svc:sandbox-cli', accessPoint: ctx.accessPoint },
    objects: [{ kind: 'ledger-view', id: view }],
    details: { filter, returned },
  });
}
