/** A reviewed exception to one guardrail for one resource of one tenant, until a date. */
export interface Waiver {
  readonly rule: string;
  readonly tenant: string;
  /** The finding's resource: logical id, Terraform address or Kubernetes kind/namespace/name. */
  readonly resource: string;
  readonly reason: string;
  /** A person id of the tenant's plan. */
  readonly approver: string;
  readonly approverName: string;
  /** YYYY-MM-DD, the last day the waiver applies. */
  readonly expires: string;
  /** `sandbox-templates/waivers.yaml waivers[2]`, for messages. */
  readonly source: string;
}

export interface WaiverUse {
  readonly waiver: Waiver;
  /** How many findings it covered. */
  readonly findings: number;
}
