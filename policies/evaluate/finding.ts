import type { ArtifactFormat } from '../model/resource.ts';
import type { Severity } from '../rule.ts';

/** A waiver as it applied to a finding (see policies/waivers). */
export interface AppliedWaiver {
  readonly reason: string;
  readonly approver: string;
  readonly approverName: string;
  readonly expires: string;
}

/**
 * One thing a guardrail found: a NON_COMPLIANT outcome at the rule's severity, or an UNKNOWN
 * outcome as a note of its own. The first six fields are the ARCHITECTURE.md contract of
 * `check --format json`; the rest are additions.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  /** Logical id, Terraform address, or Kubernetes kind/namespace/name. */
  readonly resource: string;
  readonly message: string;
  /** Citations of the provisions the rule supports (`AI Act Art. 59(1)(d)`). */
  readonly references: readonly string[];
  readonly outcome: 'NON_COMPLIANT' | 'UNKNOWN';
  /** Property path inside the resource, from the top of its definition (`Properties.BucketEncryption…`). */
  readonly path: string;
  readonly resourceType: string;
  readonly format: ArtifactFormat;
  readonly tenant?: string;
  readonly line?: number;
  /** Set when an active waiver covers the finding: it stays visible but does not fail the check. */
  readonly waiver?: AppliedWaiver;
  /** Set when a waiver named this finding but has expired: the finding counts again. */
  readonly expiredWaiver?: AppliedWaiver;
}

export interface Summary {
  /** Unwaived findings by severity; UNKNOWN findings are notes. */
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  /** Of the notes, how many are UNKNOWN outcomes. */
  readonly unknown: number;
  readonly waived: number;
}

/** What was checked, for reports that list passes too (JUnit). */
export interface RuleRun {
  readonly file: string;
  readonly ruleId: string;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly unknown: number;
  readonly notApplicable: number;
}

export interface CheckedArtifact {
  readonly file: string;
  readonly format: ArtifactFormat;
  readonly tenant: string | undefined;
  readonly resources: number;
}
