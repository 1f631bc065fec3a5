import type { Tenant } from '../tenancy/index.ts';
import type { LegalReferenceId } from './legal-references.ts';
import type { ArtifactFormat, NormalisedArtifact, Resource } from './model/resource.ts';
import { Unknown, describe, type Value } from './model/value.ts';

/**
 * The shape of a guardrail, after cdk-nag: one small pure function per artifact format from what
 * it inspects to outcomes, plus the metadata a reader and a reporter need. Two things cdk-nag
 * lacks: a fourth outcome, UNKNOWN, for what only the deploy can tell, and the legal provisions
 * the rule supports.
 */

export const SEVERITIES = ['error', 'warning', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Outcome = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'UNKNOWN';

export interface Evaluation {
  readonly outcome: Outcome;
  readonly resource: Resource;
  /** Property path below the resource's body (`BucketEncryption.ServerSideEncryptionConfiguration[0]`). */
  readonly path: string;
  readonly message: string;
}

/** What a rule may look at besides the artifact: the tenant's plan, when it can be found. */
export interface CheckContext {
  readonly artifact: NormalisedArtifact;
  /** The artifact's tenant id (from the build path, tags or namespace). */
  readonly tenantId: string | undefined;
  /** The tenant's plan, if it is one of the project's valid plans. */
  readonly tenant: Tenant | undefined;
}

export type FormatCheck = (context: CheckContext) => Iterable<Evaluation>;

export interface CrossReferences {
  /** cdk-nag rule names (`S3BucketSSLRequestsOnly`). */
  readonly cdkNag?: readonly string[];
  /** AWS Control Tower proactive control ids (`CT.S3.PR.1`). */
  readonly controlTower?: readonly string[];
  /** checkov check ids (`CKV_AWS_19`). */
  readonly checkov?: readonly string[];
}

/** Where the same rule is enforced again at run time, from the same source. */
export interface RunTimeEnforcement {
  readonly mechanism: 'service-control-policy' | 'validating-admission-policy';
  /** The module that writes the run-time policy. */
  readonly source: string;
  readonly description: string;
}

export interface RuleDefinition {
  /** `SBX-<AREA>-<NNN>`, stable and never reused. */
  readonly id: string;
  /** What the rule asserts, as a sentence about the compliant state. */
  readonly title: string;
  /** Why it matters: the risk, and the reason behind the chosen threshold. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly remediation: string;
  readonly severity: Severity;
  readonly supports: readonly LegalReferenceId[];
  readonly crossReferences: CrossReferences;
  readonly enforcedAtRunTime?: RunTimeEnforcement;
  readonly implementations: Readonly<Partial<Record<ArtifactFormat, FormatCheck>>>;
}

// Outcome constructors, so rule bodies read as the decision they make.
export const compliant = (resource: Resource, path: string, message = ''): Evaluation => ({ outcome: 'COMPLIANT', resource, path, message });
export const nonCompliant = (resource: Resource, path: string, message: string): Evaluation => ({ outcome: 'NON_COMPLIANT', resource, path, message });
export const notApplicable = (resource: Resource, path = '', message = ''): Evaluation => ({ outcome: 'NOT_APPLICABLE', resource, path, message });

/** UNKNOWN, naming the expression that blocked the decision and why the deploy alone can resolve it. */
export function unknown(resource: Resource, path: string, what: string, value: Value | undefined, reason?: string): Evaluation {
  const why = reason ?? (typeof value === 'object' && value !== null && 'reason' in value ? String((value as { reason: string }).reason) : 'not resolvable at synth time');
  return { outcome: 'UNKNOWN', resource, path, message: `${what} cannot be decided before deploy: ${path || 'the value'} is ${describe(value)} (${why})` };
}

/** UNKNOWN for one part of the thing at `path` (the action of a statement, its principal), naming that part. */
export function unknownPart(resource: Resource, path: string, what: string, part: string, value: Value): Evaluation {
  const why = value instanceof Unknown ? value.reason : 'not resolvable at synth time';
  return { outcome: 'UNKNOWN', resource, path, message: `${what} cannot be decided before deploy: the ${part} of ${path || 'it'} is ${describe(value)} (${why})` };
}

/** UNKNOWN because something the decision needs is not in the artifact at all (the tenant's plan, say). */
export function unknownBecause(resource: Resource, path: string, what: string, reason: string): Evaluation {
  return { outcome: 'UNKNOWN', resource, path, message: `${what} cannot be decided before deploy: ${reason}` };
}

/** Runs a per-resource check over the resources of the given types: the cdk-nag shape. */
export function eachResource(types: readonly string[], check: (resource: Resource, context: CheckContext) => Evaluation | readonly Evaluation[]): FormatCheck {
  const wanted = new Set(types);
  return function* (context) {
    for (const resource of context.artifact.resources) {
      if (!wanted.has(resource.type)) continue;
      const result = check(resource, context);
      if (Array.isArray(result)) yield* result;
      else yield result as Evaluation;
    }
  };
}
