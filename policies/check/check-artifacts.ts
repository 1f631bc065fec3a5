import { todayUtc } from '../../tenancy/index.ts';
import { RULES } from '../catalog/index.ts';
import { evaluate, type EvaluationResult, type TenantLookup } from '../evaluate/evaluate.ts';
import type { Finding, Summary } from '../evaluate/finding.ts';
import type { NormalisedArtifact } from '../model/resource.ts';
import { normaliseText } from '../normalise/index.ts';
import type { RuleDefinition } from '../rule.ts';
import { applyWaivers } from '../waivers/apply-waivers.ts';
import type { Waiver, WaiverUse } from '../waivers/waiver.ts';
import { projectTenants } from './tenant-lookup.ts';

export interface ArtifactInput {
  /** Shown in findings: a path relative to where the user stands, or to the tenant's build directory. */
  readonly path: string;
  readonly content: string;
  /** The tenant, when the caller knows it better than the path does. */
  readonly tenant?: string;
  /** The region a CloudFormation template is deployed to, when known. */
  readonly region?: string;
}

export interface CheckOptions {
  readonly waivers?: readonly Waiver[];
  /** YYYY-MM-DD; waivers expiring before it no longer waive. Default: today (UTC). */
  readonly today?: string;
  /** Where rules find a tenant's plan; default: the project's plans. */
  readonly tenants?: TenantLookup;
  /** Default: the whole catalog. */
  readonly rules?: readonly RuleDefinition[];
}

/** An input the check could not read: the CLI exits 2 on any. */
export interface InputProblem {
  readonly file: string;
  readonly message: string;
}

export interface CheckResult extends Omit<EvaluationResult, 'findings'> {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Waivers that kept at least one finding from failing the check. */
  readonly waiversUsed: readonly WaiverUse[];
  /** Waivers that would have applied but have expired. */
  readonly waiversExpired: readonly WaiverUse[];
  readonly problems: readonly InputProblem[];
  /**
   * Files that are JSON or YAML but plainly no artifact (a data manifest found in a directory walk
   * outside a build directory's artifact folders, an IAM policy document written beside its
   * template); not checked, and listed in the report.
   */
  readonly skipped: readonly string[];
}

/** Files whose name says they cannot be an artifact (HCL examples, NDJSON, Markdown) are not read. */
export function mayBeArtifact(path: string): boolean {
  return /\.(json|ya?ml|template)$/i.test(path);
}

export function summarise(findings: readonly Finding[]): Summary {
  const active = findings.filter((f) => !f.waiver);
  return {
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warning').length,
    notes: active.filter((f) => f.severity === 'note').length,
    unknown: active.filter((f) => f.outcome === 'UNKNOWN').length,
    waived: findings.length - active.length,
  };
}

/** Normalises and checks artifacts held in memory (what the engines return). */
export function checkArtifacts(artifacts: readonly ArtifactInput[], options: CheckOptions = {}): CheckResult {
  const normalised: NormalisedArtifact[] = [];
  const problems: InputProblem[] = [];
  const skipped: string[] = [];
  for (const input of artifacts) {
    if (!mayBeArtifact(input.path)) continue;
    const result = normaliseText(input.path, input.content, { ...(input.tenant ? { tenant: input.tenant } : {}), ...(input.region ? { region: input.region } : {}) });
    // What an engine or CDK produced is meant as an artifact: one that cannot be recognised must
    // stop the synth, or a single odd resource would switch the check off for the whole template.
    if (result.ok) normalised.push(result.artifact);
    else if (result.problem === 'not-an-artifact') skipped.push(input.path);
    else problems.push({ file: input.path, message: result.message });
  }
  return checkNormalised(normalised, options, problems, skipped);
}

export function checkNormalised(artifacts: readonly NormalisedArtifact[], options: CheckOptions, problems: readonly InputProblem[] = [], skipped: readonly string[] = []): CheckResult {
  const evaluation = evaluate(artifacts, options.rules ?? RULES, options.tenants ?? projectTenants());
  const waived = applyWaivers(evaluation.findings, options.waivers ?? [], options.today ?? todayUtc());
  return {
    ...evaluation,
    findings: waived.findings,
    summary: summarise(waived.findings),
    waiversUsed: waived.used,
    waiversExpired: waived.expired,
    problems,
    skipped,
  };
}
