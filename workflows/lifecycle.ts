import { readFileSync } from 'node:fs';
import type { AppendedEvent } from '../audit/index.ts';
import { sha256Hex } from '../common/sha256.ts';
import { setPlanStatus } from '../tenancy/plan-status-edit.ts';
import type { Person, TenantStatus } from '../tenancy/index.ts';
import { authorise, statusBlocks } from './authorisation.ts';
import { personActor, planObject, refuse, type TenantContext } from './tenant-context.ts';
import { WorkflowRefusal } from './refusal.ts';
import { suspensionWorkloadStop, workloadStopDetails, type WorkloadStop } from './workload-stop.ts';

/**
 * Suspension and resumption (AI Act Art. 57(11), 59(1)(c): the means to stop processing). Both
 * only edit `spec.status` in the plan, keeping every comment and byte around it; the next synth
 * renders the tenant suspended (roles read-only, quota 0 so no new workload starts, network
 * isolated) or active again. What already runs is stopped by the steps of workload-stop.ts, which
 * a suspension returns and records. Only a platform engineer or data steward of the plan may do
 * either.
 */

export interface StatusChange {
  readonly tenant: string;
  readonly previousStatus: TenantStatus;
  readonly status: TenantStatus;
  /** SHA-256 of the plan file after the edit: the plan now in force. */
  readonly planSha256: string;
  readonly event: AppendedEvent;
  /** After a suspension: how to stop the workloads already running (recorded in the event too). */
  readonly workloadStop?: WorkloadStop;
}

/**
 * Edits the plan's status, then records it; if the ledger refuses the event, the edit is undone,
 * so the plan never says what the ledger does not.
 */
export async function changePlanStatus(
  file: string,
  status: TenantStatus,
  record: (planSha256: string, previous: TenantStatus) => Promise<AppendedEvent>,
): Promise<{ previous: TenantStatus; planSha256: string; event: AppendedEvent }> {
  const previous = setPlanStatus(file, status);
  const planSha256 = sha256Hex(readFileSync(file));
  try {
    return { previous, planSha256, event: await record(planSha256, previous) };
  } catch (error) {
    setPlanStatus(file, previous);
    throw error;
  }
}

/** Today's date in UTC (YYYY-MM-DD): periods are calendar dates, not times. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Sets the status a person decided on and records it as tenant.suspended or tenant.resumed. */
async function recordStatusChange(ctx: TenantContext, person: Person, status: 'suspended' | 'active', reason: string): Promise<StatusChange> {
  const { tenant, file } = ctx.plan;
  const workloadStop = status === 'suspended' ? suspensionWorkloadStop(tenant) : undefined;
  const changed = await changePlanStatus(file, status, (sha256, previousStatus) =>
    ctx.ledger.append({
      tenant: tenant.id,
      type: status === 'suspended' ? 'tenant.suspended' : 'tenant.resumed',
      outcome: 'success',
      actor: personActor(ctx, person),
      objects: [planObject(tenant.id, sha256)],
      authorisation: { plan: tenant.id },
      details: { reason: reason.slice(0, 500), previousStatus, ...(workloadStop && workloadStopDetails(workloadStop)) },
    }),
  );
  return { tenant: tenant.id, previousStatus: changed.previous, status, planSha256: changed.planSha256, event: changed.event, ...(workloadStop && { workloadStop }) };
}

export async function suspendTenant(ctx: TenantContext, input: { personId: string; reason: string }): Promise<StatusChange> {
  const { tenant } = ctx.plan;
  const auth = authorise(tenant, input.personId, 'suspend');
  if (!auth.ok) return refuse(ctx, 'tenant.suspended', input.personId, auth.person, auth.message);
  const person = auth.person;
  if (tenant.status === 'suspended') throw new WorkflowRefusal(`tenant ${tenant.id} is already suspended; \`sandbox resume\` lifts it`);
  const blocked = statusBlocks(tenant, 'suspension', ['active']);
  if (blocked) return refuse(ctx, 'tenant.suspended', person.id, person, blocked);
  return recordStatusChange(ctx, person, 'suspended', input.reason);
}

export async function resumeTenant(ctx: TenantContext, input: { personId: string; reason?: string | undefined; today?: string }): Promise<StatusChange> {
  const { tenant, file } = ctx.plan;
  const auth = authorise(tenant, input.personId, 'resume');
  if (!auth.ok) return refuse(ctx, 'tenant.resumed', input.personId, auth.person, auth.message);
  const person = auth.person;
  if (tenant.status === 'active') throw new WorkflowRefusal(`tenant ${tenant.id} is active, not suspended: nothing to resume`);
  const blocked = statusBlocks(tenant, 'resumption', ['suspended']);
  if (blocked) return refuse(ctx, 'tenant.resumed', person.id, person, blocked);
  const today = input.today ?? utcToday();
  if (tenant.period.end < today) {
    // `sandbox up` would suspend it again at once: the plan must be extended first.
    return refuse(ctx, 'tenant.resumed', person.id, person, `tenant ${tenant.id}'s period ended on ${tenant.period.end}; extend spec.period.end in ${file} before resuming`);
  }
  return recordStatusChange(ctx, person, 'active', input.reason ?? 'resumed');
}
