import type { Tenant } from '../../tenancy/index.ts';
import { capabilitiesDropped } from './capabilities-dropped.ts';
import { imagesFromAllowedRegistry } from './images-from-allowed-registry.ts';
import { imagesPinnedByDigest } from './images-pinned-by-digest.ts';
import { noHostNamespaces } from './no-host-namespaces.ts';
import { noHostPathVolumes } from './no-host-path-volumes.ts';
import { noPrivilegeEscalation } from './no-privilege-escalation.ts';
import { notPrivileged } from './not-privileged.ts';
import { noServiceAccountToken } from './no-service-account-token.ts';
import { resourceLimitsSet } from './resource-limits-set.ts';
import type { WorkloadCelRule, WorkloadCelVariable } from './rule.ts';
import { runsAsNonRoot } from './runs-as-non-root.ts';
import { seccompConfined } from './seccomp-confined.ts';
import { workloadCelVariables } from './workload-variables.ts';

/**
 * The workload admission rules, the single source of their CEL: the tenant's
 * ValidatingAdmissionPolicy carries them verbatim and the guardrail catalog evaluates them in CI.
 */
export type { WorkloadCelRule, WorkloadCelVariable } from './rule.ts';
export { WORKLOAD_RESOURCE_RULES, celString, celStringList, workloadCelVariables } from './workload-variables.ts';
export { WORKLOAD_SERVICE_ACCOUNT } from './no-service-account-token.ts';
export { WORKLOAD_ADMISSION_OPERATIONS, workloadBindingMatchResources, workloadMatchConstraints } from './admission-match.ts';

/** In id order; the policy lists its validations in this order. */
export const WORKLOAD_CEL_RULES: readonly WorkloadCelRule[] = [
  imagesPinnedByDigest,
  runsAsNonRoot,
  noPrivilegeEscalation,
  capabilitiesDropped,
  seccompConfined,
  resourceLimitsSet,
  noHostPathVolumes,
  noHostNamespaces,
  notPrivileged,
  imagesFromAllowedRegistry,
  noServiceAccountToken,
];

export interface WorkloadValidation {
  readonly expression: string;
  /** `<rule id>: <message>`, so a denied user and the audit log both name the rule. */
  readonly message: string;
  readonly reason: 'Forbidden';
}

/** The `variables` and `validations` of a tenant's ValidatingAdmissionPolicy spec. */
export interface WorkloadAdmissionCel {
  readonly variables: readonly WorkloadCelVariable[];
  readonly validations: readonly WorkloadValidation[];
}

export function workloadAdmissionCel(tenant: Pick<Tenant, 'allowedRegistries'>): WorkloadAdmissionCel {
  return {
    variables: workloadCelVariables(tenant.allowedRegistries),
    validations: WORKLOAD_CEL_RULES.map((rule) => ({ expression: rule.expression, message: `${rule.id}: ${rule.message}`, reason: 'Forbidden' })),
  };
}

