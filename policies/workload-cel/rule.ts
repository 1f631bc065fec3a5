/**
 * One workload admission rule, written once in CEL: the Kubernetes ValidatingAdmissionPolicy
 * enforces it in the cluster and the guardrail catalog evaluates the same expression in CI, so
 * the two can never disagree about what a compliant pod looks like.
 */
export interface WorkloadCelRule {
  /** The guardrail catalog's id (SBX-K8S-0xx); stable, never reused. */
  readonly id: string;
  readonly title: string;
  /**
   * Standard CEL (no Kubernetes library functions) over `object` and the shared `variables`
   * (workload-variables.ts); true means the workload complies.
   */
  readonly expression: string;
  /** What the user is told when the rule denies their workload. */
  readonly message: string;
}

/** A named CEL expression evaluated before the rules, as `variables.<name>` (VAP spec.variables). */
export interface WorkloadCelVariable {
  readonly name: string;
  readonly expression: string;
}
