import path from 'node:path';
import type { Waiver } from '../../policies/index.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { CliError } from '../cli-error.ts';
import { pendingWaiverEvents, synthOutcomeEvents } from './pipeline-events.ts';
import { openProjectLedger, type ProjectLedger } from './project-ledger.ts';
import type { CheckHook, TenantSynthOutcome } from './synthesize-tenants.ts';

/**
 * What `synth` and `up` share around the engines: the waivers, validated once before anything is
 * synthesized (an invalid file stops the run with its own messages, not as a finding per tenant),
 * the guardrail check, and the ledger that each tenant's outcome is recorded in.
 */
export interface GuardedSynth {
  readonly check: CheckHook;
  readonly waivers: readonly Waiver[];
  readonly today: string;
  readonly ledger: ProjectLedger;
  /** Records one tenant's synth outcome (and its waivers not yet in the ledger). */
  record(plans: readonly LoadedPlan[]): (outcome: TenantSynthOutcome) => Promise<void>;
  /** How many events `record` has appended so far. */
  readonly eventsRecorded: number;
}

export async function prepareGuardedSynth(plans: readonly LoadedPlan[], options: { waiversFile?: string; today: string; ledgerDir?: string }): Promise<GuardedSynth> {
  const { formatWaiverIssue, loadWaivers } = await import('../../policies/index.ts');
  const { synthCheck } = await import('../../policies/adapters/synth-check.ts');
  const waiversFile = options.waiversFile && path.resolve(options.waiversFile);
  const loaded = loadWaivers(waiversFile);
  if (loaded.issues.length > 0) {
    throw new CliError([...loaded.issues.map(formatWaiverIssue), `${loaded.issues.length} problem(s) in the waivers file; nothing was synthesized or written`].join('\n'));
  }
  const ledger = await openProjectLedger(plans, options.ledgerDir);
  let eventsRecorded = 0;
  return {
    get eventsRecorded() {
      return eventsRecorded;
    },
    check: synthCheck({ today: options.today, ...(waiversFile ? { waiversFile } : {}) }),
    waivers: loaded.waivers,
    today: options.today,
    ledger,
    record: (all) => async (outcome) => {
      const plan = all.find((p) => p.tenant.id === outcome.tenant.id)!;
      const events = [...synthOutcomeEvents(ledger, plan, outcome), ...(await pendingWaiverEvents(ledger, plan, loaded.waivers, options.today))];
      if (events.length > 0) await ledger.ledger.appendBatch(events);
      eventsRecorded += events.length;
    },
  };
}
