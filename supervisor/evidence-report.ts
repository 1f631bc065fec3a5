import { stat } from 'node:fs/promises';
import path from 'node:path';
import { verifyLedger, type VerifyResult } from '../audit/index.ts';
import type { LoadedPlan } from '../tenancy/index.ts';
import type { PlanPerson } from '../workflows/index.ts';
import { readBuildEvidence, type BuildEvidence } from './build-evidence.ts';
import { EVIDENCE_REPORT_FORMAT, type DatasetSection, type EvidenceBasis, type EvidenceReport, type LedgerSection, type PlanSection } from './evidence-model.ts';
import { loadGuardrailCatalog } from './guardrail-catalog.ts';
import { readLedgerEvidence, type LedgerEvidence } from './ledger-evidence.ts';
import { readPlanEvidence, type PlanEvidence } from './plan-evidence.ts';
import { mapRequirements } from './requirement-mapping.ts';

/**
 * Builds a tenant's evidence report from its plan, its build directory and the ledger (the source
 * of truth for what happened). Reads only: recording that someone read the ledger is the caller's
 * business (the CLI and the web UI do; `sandbox up`, writing its own derived artifact, does not).
 */

export interface EvidenceReportOptions {
  readonly buildDir: string;
  readonly ledgerDir: string;
  /** Where the plans are (default sandbox-templates/tenants/). */
  readonly plansDir?: string;
  /** The plan already loaded by the caller (`sandbox up`), instead of looking it up. */
  readonly plan?: LoadedPlan;
  /** The report's date; default: the time of the tenant's newest ledger event. Never the clock. */
  readonly generatedAt?: string;
  /** The public key to verify the ledger with (default: the ledger's own ledger.pub). */
  readonly publicKeyPath?: string;
  /**
   * A verification of this ledger the caller already has (the web UI keeps one), or null when the
   * caller shows its own and none may run here (the section then says it was not verified).
   */
  readonly verification?: VerifyResult | null;
  /**
   * Lists only the newest this-many runs, exports and other records (the web UI's tenant page);
   * the requirement mapping then counts only what is listed. Reports for the record read all.
   */
  readonly latest?: number;
}

const EMPTY_LEDGER = (tenant: string): LedgerEvidence => {
  const none = { items: [], total: 0 };
  return { tenant, counts: {}, total: 0, admissions: none, syntheses: none, checks: none, datasets: none, runs: none, exports: none, lifecycle: none, waivers: none, refusals: none };
};

export async function buildEvidenceReport(tenantId: string, options: EvidenceReportOptions): Promise<EvidenceReport> {
  const ledgerDir = path.resolve(options.ledgerDir);
  const planRead = readPlanEvidence(tenantId, { ...(options.plansDir !== undefined && { plansDir: options.plansDir }), ...(options.plan && { plan: options.plan }) });
  const [plan, build, catalog, ledgerRead] = await Promise.all([
    planRead,
    readBuildEvidence(options.buildDir, tenantId),
    loadGuardrailCatalog(),
    // Export decisions count only from the plan's data stewards.
    planRead.then((p) => readLedger(ledgerDir, tenantId, options, p?.tenant.people)),
  ]);
  const { evidence: ledger, section } = ledgerRead;
  const lastCheck = ledger.checks.items.at(-1);
  const basis: EvidenceBasis = {
    format: EVIDENCE_REPORT_FORMAT,
    tenant: tenantId,
    generatedAt: options.generatedAt ?? ledger.last?.time ?? null,
    plan: plan ? planSection(plan, ledger) : null,
    environment: build.environment
      ? { ...build.environment, ...(ledger.syntheses.items.at(-1)?.fingerprint !== undefined && { recordedFingerprint: ledger.syntheses.items.at(-1)!.fingerprint }) }
      : null,
    guardrails: build.guardrails ? { ...build.guardrails, rules: catalog.rules, ...(lastCheck && { lastCheck }) } : null,
    datasets: datasetSections(plan, build, ledger),
    admissions: ledger.admissions.items,
    syntheses: ledger.syntheses.items,
    runs: ledger.runs.items,
    exports: ledger.exports.items,
    lifecycle: ledger.lifecycle.items,
    waivers: ledger.waivers.items,
    refusals: ledger.refusals.items,
    ...(build.exitReportSha256 !== undefined && { exitReportSha256: build.exitReportSha256 }),
    ledger: section,
  };
  return { ...basis, requirements: mapRequirements(basis, catalog.byReference) };
}

async function readLedger(ledgerDir: string, tenantId: string, options: EvidenceReportOptions, people: readonly PlanPerson[] | undefined): Promise<{ evidence: LedgerEvidence; section: LedgerSection }> {
  // Messages from the ledger name its directory; the report must not carry absolute paths.
  const clean = (message: string) => message.split(ledgerDir).join('<ledger>');
  const unavailable = (problem: string) => ({
    evidence: EMPTY_LEDGER(tenantId),
    section: { available: false, problem: clean(problem), ok: false, events: 0, segments: 0, checkpoints: 0, warnings: [], tenantEvents: 0, tenantCounts: {} },
  });
  try {
    if (!(await stat(ledgerDir)).isDirectory()) return unavailable('the ledger location is not a directory');
  } catch {
    return unavailable('there is no ledger yet');
  }
  let evidence: LedgerEvidence;
  let result: VerifyResult | undefined;
  try {
    [evidence, result] = await Promise.all([
      readLedgerEvidence(ledgerDir, tenantId, { ...(options.latest !== undefined && { latest: options.latest }), ...(people && { people }) }),
      options.verification === null ? undefined : (options.verification ?? verifyLedger(ledgerDir, options.publicKeyPath ? { publicKeyPath: options.publicKeyPath } : {})),
    ]);
  } catch (error) {
    return unavailable((error as Error).message);
  }
  const tenantPart = { tenantEvents: evidence.total, tenantCounts: evidence.counts, ...(evidence.last && { tenantLast: evidence.last }) };
  if (!result) {
    return { evidence, section: { available: true, problem: 'not verified for this view (the caller shows its own verification)', ok: false, events: 0, segments: 0, checkpoints: 0, warnings: [], ...tenantPart } };
  }
  return {
    evidence,
    section: {
      available: true,
      ok: result.ok,
      events: result.events,
      segments: result.segments,
      checkpoints: result.checkpoints,
      ...(result.head && { head: result.head }),
      ...(result.firstBad && { firstBad: { seq: result.firstBad.seq, problem: result.firstBad.problem, message: clean(result.firstBad.message) } }),
      warnings: result.warnings.map(clean),
      ...(result.keyId !== undefined && { keyId: result.keyId }),
      ...tenantPart,
    },
  };
}

function planSection(plan: PlanEvidence, ledger: LedgerEvidence): PlanSection {
  const t = plan.tenant;
  return {
    file: plan.file,
    sha256: plan.sha256,
    text: plan.text,
    facts: [
      ['participant', t.participant],
      ['purpose', t.purpose],
      ['public interest', t.publicInterest],
      ['AI Act risk class', t.riskClass],
      ['MDR device class', t.medicalDeviceClass],
      ['profile', t.profile],
      ['region', t.region],
      ['period', `${t.period.start} to ${t.period.end}`],
      ['compute', `${t.compute.cpu} CPU, ${t.compute.memoryGiB} GiB memory, ${t.compute.gpu} GPU, ${t.compute.storageGiB} GiB storage`],
      ['status', t.status],
    ],
    status: t.status,
    region: t.region,
    period: { start: t.period.start, end: t.period.end },
    people: t.people.map((p) => ({ id: p.id, name: p.name, role: p.role })),
    datasets: t.datasets.map((d) => ({
      profile: d.profile,
      patients: d.patients,
      seed: d.seed,
      classification: d.classification,
      careSetting: d.careSetting,
      ...(d.justification !== undefined && { justification: d.justification }),
    })),
    retention: t.retention.map((r) => ({ name: r.name, days: r.days, source: r.source })),
    admittedAsIs: ledger.admissions.items.some((a) => a.planSha256 === plan.sha256),
  };
}

/** One section per dataset the plan asks for, the build holds or the ledger recorded. */
function datasetSections(plan: PlanEvidence | undefined, build: BuildEvidence, ledger: LedgerEvidence): DatasetSection[] {
  const profiles = [...new Set([...(plan?.tenant.datasets.map((d) => d.profile) ?? []), ...build.datasets.map((d) => d.profile), ...ledger.datasets.items.map((d) => d.profile ?? d.id.split('@')[0]!)])];
  return profiles.map((profile) => {
    const planned = plan?.tenant.datasets.find((d) => d.profile === profile);
    const files = build.datasets.find((d) => d.profile === profile);
    const recorded = ledger.datasets.items.filter((d) => (d.profile ?? d.id.split('@')[0]) === profile).at(-1);
    const seed = planned?.seed ?? files?.seed ?? recorded?.seed;
    const patients = planned?.patients ?? files?.patients ?? recorded?.patients;
    const classification = planned?.classification ?? files?.classification ?? recorded?.classification;
    return {
      profile,
      ...(seed !== undefined && { seed }),
      ...(patients !== undefined && { patients }),
      ...(classification !== undefined && { classification }),
      ...(files && { files }),
      ...(recorded && { recorded }),
    };
  });
}
