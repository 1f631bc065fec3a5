import { Validations, type App } from 'aws-cdk-lib';
import { HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';

/**
 * cdk-nag's HIPAA Security and NIST 800-53 rev 5 packs, as CDK validation plugins: their findings
 * land in CDK's validation report and fail the synth. Findings that do not apply to a sandbox
 * tenant are acknowledged where the resource is built, each with its reason, as `Pack::Rule`.
 */
export const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'] as const;
export type CompliancePack = (typeof COMPLIANCE_PACKS)[number];

export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new HIPAASecurityChecks(app, { verbose: true }), new NIST80053R5Checks(app, { verbose: true }));
}

/** The id `Validations.acknowledge` needs for a cdk-nag rule: `<pack>::<pack>-<rule>`. */
export function nagRuleId(pack: CompliancePack, rule: string): string {
  return `${pack}::${pack}-${rule}`;
}
