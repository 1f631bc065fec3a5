import type { EngineName } from '../stacks/engine.ts';
import type { Tenant, TenantStatus } from '../tenancy/index.ts';
import type { ExportHistory, RunHistory } from './ledger-history.ts';
import { dataStoreCleanup, type DataStoreCleanup } from './data-store-cleanup.ts';
import type { ResourceDiff, ResourceRef } from './resource-inventory.ts';
import type { RunOutputFile } from './run-outputs.ts';
import type { WorkloadStop } from './workload-stop.ts';

/**
 * The exit report (AI Act Art. 57(7); 59(1)(g) and (j)): what the tenant did in the sandbox and
 * what became of its data, written once at `sandbox exit` and signed with the ledger's key. It
 * names people by their plan id only and carries hashes, never data.
 */

export const EXIT_REPORT_KIND = 'sandbox-exit-report';
/** The payload's version: readers (`sandbox report --verify`) refuse any other. */
export const EXIT_REPORT_VERSION = 1;

export interface DeletedDataset {
  readonly id: string;
  readonly profile: string;
  readonly seed: number | null;
  readonly manifestSha256: string | null;
  readonly classification: string;
  /** The `dataset.deleted` event that records it. */
  readonly seq: number;
}

export interface LedgerAnchor {
  /**
   * The `ledger.checkpoint` taken for this exit, sealing everything the tenant did before it
   * (null only when the ledger held nothing at all before the exit).
   */
  readonly finalCheckpoint: {
    readonly seq: number;
    readonly hash: string;
    readonly sealedSeq: number;
    readonly sealedHash: string;
    readonly keyId: string;
    readonly signature: string;
  } | null;
  /** The signed head of the ledger when the report was written. */
  readonly head: { readonly seq: number; readonly hash: string; readonly keyId: string; readonly signature: string } | null;
}

export interface ExitReport {
  readonly kind: typeof EXIT_REPORT_KIND;
  readonly version: typeof EXIT_REPORT_VERSION;
  readonly legalBasis: readonly string[];
  readonly summary: string;
  readonly tenant: Pick<Tenant, 'id' | 'participant' | 'purpose' | 'publicInterest' | 'riskClass' | 'medicalDeviceClass' | 'profile' | 'region' | 'period'>;
  readonly plan: { readonly file: string; readonly sha256: string };
  readonly exit: { readonly at: string; readonly by: { readonly id: string; readonly role: string }; readonly reason: string; readonly previousStatus: TenantStatus };
  readonly tested: { readonly runs: readonly RunHistory[] };
  readonly exports: readonly ExportHistory[];
  readonly datasetsDeleted: readonly DeletedDataset[];
  /**
   * The model runs' output files deleted from build/<id>/runs/<run-id>/output/ at exit, with their hashes;
   * `released` ones left through the airlock and their approved copy stays under build/<id>/exports/.
   */
  readonly runOutputsDeleted: readonly RunOutputFile[];
  /**
   * What the next deploy of the exited rendering removes, per engine; with CDK, once the data
   * stores are emptied (`dataStores`).
   */
  readonly resourcesRemoved: { readonly total: number } & Readonly<Record<EngineName, readonly Omit<ResourceRef, 'engine'>[]>>;
  /** Dropped from the exited rendering but kept by their DeletionPolicy: they leave the stack and stay in the account. */
  readonly resourcesDetached: Readonly<Record<EngineName, readonly Omit<ResourceRef, 'engine'>[]>>;
  /** The data stores the next deploy deletes, and what the operator must do first (CDK cannot delete a versioned bucket that holds versions). */
  readonly dataStores: DataStoreCleanup;
  /** How many resources the exited rendering keeps per engine (log stores, supervisor access). */
  readonly resourcesRetained: Readonly<Record<EngineName, number>>;
  /** The jobs and pods still running in the tenant's namespace until the next deploy deletes it, and how to stop them sooner. */
  readonly workloads: WorkloadStop;
  readonly ledger: LedgerAnchor;
}

export interface ExitFacts {
  readonly tenant: Tenant;
  readonly plan: { readonly file: string; readonly sha256: string };
  readonly exit: ExitReport['exit'];
  readonly runs: readonly RunHistory[];
  readonly exports: readonly ExportHistory[];
  readonly datasetsDeleted: readonly DeletedDataset[];
  readonly runOutputsDeleted: readonly RunOutputFile[];
  readonly resources: ResourceDiff;
  readonly workloads: WorkloadStop;
  readonly ledger: LedgerAnchor;
}

const ENGINES: readonly EngineName[] = ['aws', 'terraform', 'kubernetes'];

function byEngine<T>(list: readonly ResourceRef[], map: (r: ResourceRef) => T): Record<EngineName, T[]> {
  const out = { aws: [], terraform: [], kubernetes: [] } as Record<EngineName, T[]>;
  for (const r of list) out[r.engine].push(map(r));
  return out;
}

export function buildExitReport(facts: ExitFacts): ExitReport {
  const { tenant } = facts;
  const removed = byEngine(facts.resources.removed, ({ engine: _engine, ...rest }) => rest);
  const detached = byEngine(facts.resources.detached, ({ engine: _engine, ...rest }) => rest);
  const dataStores = dataStoreCleanup(facts.resources.removed);
  const emptyFirst = dataStores.emptyBeforeCdkDeploy.length;
  const retained = byEngine(facts.resources.retained, () => 1);
  const released = facts.exports.filter((e) => e.state === 'released').length;
  const finished = facts.runs.filter((r) => r.finished).length;
  const releasedOutputs = facts.runOutputsDeleted.filter((f) => f.released).length;
  const summary =
    `${tenant.participant} took part in the sandbox as tenant ${tenant.id} from ${tenant.period.start} to ${tenant.period.end} ` +
    `to ${tenant.purpose.charAt(0).toLowerCase()}${tenant.purpose.slice(1)}. ` +
    `It recorded ${facts.runs.length} model run(s) (${finished} finished) on synthetic data; ${released} of ${facts.exports.length} export request(s) were released after a second person's approval. ` +
    `At exit ${facts.datasetsDeleted.length} dataset(s) and ${facts.runOutputsDeleted.length} run output file(s) were deleted` +
    `${releasedOutputs > 0 ? ` (the approved copies of the ${releasedOutputs} released through the airlock stay with the exports)` : ''}, and the next deploy removes ${facts.resources.removed.length} resource(s)` +
    `${emptyFirst > 0 ? ` (with CDK once its ${emptyFirst} data store(s) are emptied of every object version, see dataStores; Terraform deletes them itself)` : ''}; the logs stay in the log stores.`;
  return {
    kind: EXIT_REPORT_KIND,
    version: EXIT_REPORT_VERSION,
    legalBasis: ['AI Act Art. 57(7) exit report', 'AI Act Art. 59(1)(g) deletion at the end of participation', 'AI Act Art. 59(1)(j) summary'],
    summary,
    tenant: {
      id: tenant.id,
      participant: tenant.participant,
      purpose: tenant.purpose,
      publicInterest: tenant.publicInterest,
      riskClass: tenant.riskClass,
      medicalDeviceClass: tenant.medicalDeviceClass,
      profile: tenant.profile,
      region: tenant.region,
      period: tenant.period,
    },
    plan: facts.plan,
    exit: facts.exit,
    tested: { runs: facts.runs },
    exports: facts.exports,
    datasetsDeleted: facts.datasetsDeleted,
    runOutputsDeleted: facts.runOutputsDeleted,
    resourcesRemoved: { total: facts.resources.removed.length, ...removed },
    resourcesDetached: detached,
    dataStores,
    resourcesRetained: Object.fromEntries(ENGINES.map((e) => [e, retained[e].length])) as Record<EngineName, number>,
    workloads: facts.workloads,
    ledger: facts.ledger,
  };
}
