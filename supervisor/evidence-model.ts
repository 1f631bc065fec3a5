import type { DatasetFiles, EnvironmentFingerprint, GuardrailResults } from './build-evidence.ts';
import type { AdmissionRecord, CheckRecord, DatasetRecord, EventRef, ExportRecord, LifecycleRecord, RefusalRecord, RunRecord, SynthRecord, WaiverRecord } from './ledger-evidence.ts';

/**
 * The evidence report as data: what `sandbox report --format json` signs and what the HTML shows.
 * Built only from the plan, the build directory and the ledger, so the same inputs give the same
 * bytes (no clock, no absolute paths).
 */

export const EVIDENCE_REPORT_FORMAT = 'sandbox-evidence-report/v1';

export interface PlanSection {
  readonly file: string;
  readonly sha256: string;
  /** The plan file exactly as hashed. */
  readonly text: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly status: string;
  readonly region: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly people: readonly { readonly id: string; readonly name: string; readonly role: string }[];
  readonly datasets: readonly { readonly profile: string; readonly patients: number; readonly seed: number; readonly classification: string; readonly careSetting: string; readonly justification?: string }[];
  readonly retention: readonly { readonly name: string; readonly days: number; readonly source: string }[];
  /** Whether the ledger admitted this exact text (its sha256 in a tenant.admitted event). */
  readonly admittedAsIs: boolean;
}

export interface EnvironmentSection extends EnvironmentFingerprint {
  /** The fingerprint of the tenant's last `tenant.synthesized` event. */
  readonly recordedFingerprint?: string;
}

export interface GuardrailRule {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly citations: readonly string[];
}

export interface DatasetSection {
  readonly profile: string;
  /** From the plan, else from the files or the ledger. */
  readonly seed?: number;
  readonly patients?: number;
  readonly classification?: string;
  readonly files?: DatasetFiles;
  /** The newest `dataset.generated` event for this profile. */
  readonly recorded?: DatasetRecord;
}

export interface LedgerSection {
  readonly available: boolean;
  /** Why the ledger could not be read, when it could not. */
  readonly problem?: string;
  readonly ok: boolean;
  readonly events: number;
  readonly segments: number;
  readonly checkpoints: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly firstBad?: { readonly seq: number; readonly problem: string; readonly message: string };
  readonly warnings: readonly string[];
  /** SHA-256 of the public key (SPKI DER) the ledger was verified with. */
  readonly keyId?: string;
  readonly tenantEvents: number;
  readonly tenantCounts: Readonly<Record<string, number>>;
  readonly tenantLast?: EventRef;
}

export type RequirementStatus = 'supported' | 'attention' | 'pending';

export interface RequirementEvidence {
  readonly number: number;
  readonly source: string;
  readonly requirement: string;
  readonly control: string;
  readonly status: RequirementStatus;
  /** Plain-language sentences, each naming evidence in this report. */
  readonly evidence: readonly string[];
  /** Anchors of the report sections that hold that evidence. */
  readonly sections: readonly string[];
}

export interface EvidenceReport {
  readonly format: typeof EVIDENCE_REPORT_FORMAT;
  readonly tenant: string;
  /** From the caller, else the time of the tenant's newest ledger event; never the clock. */
  readonly generatedAt: string | null;
  readonly plan: PlanSection | null;
  readonly environment: EnvironmentSection | null;
  readonly guardrails: (GuardrailResults & { readonly rules: readonly GuardrailRule[]; readonly lastCheck?: CheckRecord }) | null;
  readonly datasets: readonly DatasetSection[];
  readonly admissions: readonly AdmissionRecord[];
  readonly syntheses: readonly SynthRecord[];
  readonly runs: readonly RunRecord[];
  readonly exports: readonly ExportRecord[];
  readonly lifecycle: readonly LifecycleRecord[];
  readonly waivers: readonly WaiverRecord[];
  /** Attempts the platform refused and logged (NEN 7513 logs failed attempts too). */
  readonly refusals: readonly RefusalRecord[];
  readonly exitReportSha256?: string;
  readonly ledger: LedgerSection;
  readonly requirements: readonly RequirementEvidence[];
}

/** Everything the requirement mapping reads: the report before the mapping is added. */
export type EvidenceBasis = Omit<EvidenceReport, 'requirements'>;
