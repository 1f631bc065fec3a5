import type { EventSink } from '../audit/index.ts';
import { isIsoDate } from '../tenancy/index.ts';
import type { LoadedPlan, Tenant } from '../tenancy/index.ts';
import { changePlanStatus } from './lifecycle.ts';
import { planObject } from './tenant-context.ts';
import { suspensionWorkloadStop, workloadStopDetails, type WorkloadStop } from './workload-stop.ts';

/**
 * Plans whose period has ended: participation is limited to the plan's period. `sandbox up`
 * reports them and suspends each one unless its plan was extended; an expired tenant stays
 * suspended, not exited, so that a platform engineer decides about the exit and its report.
 */


/** Active tenants whose `period.end` lies before `today` (YYYY-MM-DD; the end date itself still counts). */
export function expiredTenants<T extends Pick<Tenant, 'status' | 'period'>>(tenants: readonly T[], today: string): T[] {
  if (!isIsoDate(today)) throw new RangeError(`today: "${today}" is not a date written YYYY-MM-DD`);
  return tenants.filter((t) => t.status === 'active' && t.period.end < today);
}

export interface ExpiredSuspension {
  readonly tenant: string;
  readonly periodEnd: string;
  readonly planSha256: string;
  readonly expiredSeq: number;
  readonly suspendedSeq: number;
  /** How to stop the workloads already running once the suspension is deployed (recorded in tenant.suspended). */
  readonly workloadStop: WorkloadStop;
}

export interface ExpiryOptions {
  /** The service identity recorded as actor (default svc:sandbox-cli; `up` under CI may pass svc:ci). */
  readonly actorId?: string;
  readonly accessPoint?: string;
}

/**
 * Suspends every expired plan among `plans`: sets `spec.status: suspended` (comments kept) and
 * records `tenant.expired` then `tenant.suspended` in one batch. The sink must accept service
 * identities for these tenants (any ledger does).
 */
export async function suspendExpiredTenants(plans: readonly LoadedPlan[], today: string, sink: EventSink, options: ExpiryOptions = {}): Promise<ExpiredSuspension[]> {
  const expired = new Set(expiredTenants(plans.map((p) => p.tenant), today));
  const actor = { id: options.actorId ?? 'svc:sandbox-cli', ...(options.accessPoint && { accessPoint: options.accessPoint }) };
  const done: ExpiredSuspension[] = [];
  for (const plan of plans.filter((p) => expired.has(p.tenant))) {
    const { tenant } = plan;
    const reason = `period ended on ${tenant.period.end}`;
    const workloadStop = suspensionWorkloadStop(tenant);
    await changePlanStatus(plan.file, 'suspended', async (sha256, previousStatus) => {
      const common = { tenant: tenant.id, outcome: 'success' as const, actor, objects: [planObject(tenant.id, sha256)], authorisation: { plan: tenant.id } };
      const [expiredEvent, suspended] = await sink.appendBatch([
        { ...common, type: 'tenant.expired', details: { reason, previousStatus, periodEnd: tenant.period.end, today } },
        { ...common, type: 'tenant.suspended', details: { reason: 'period-expired', previousStatus, ...workloadStopDetails(workloadStop) } },
      ]);
      done.push({ tenant: tenant.id, periodEnd: tenant.period.end, planSha256: sha256, expiredSeq: expiredEvent!.seq, suspendedSeq: suspended!.seq, workloadStop });
      return suspended!;
    });
  }
  return done;
}
