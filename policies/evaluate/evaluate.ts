import type { Tenant } from '../../tenancy/index.ts';
import { citation } from '../legal-references.ts';
import type { NormalisedArtifact } from '../model/resource.ts';
import { artifactAnchor, propertyPath } from '../model/resource.ts';
import type { CheckContext, Evaluation, RuleDefinition, Severity } from '../rule.ts';
import type { CheckedArtifact, Finding, RuleRun } from './finding.ts';
import { moduleCalls, moduleCallsOf } from './opaque-modules.ts';

export type TenantLookup = (id: string) => Tenant | undefined;

export interface EvaluationResult {
  readonly findings: readonly Finding[];
  readonly runs: readonly RuleRun[];
  readonly artifacts: readonly CheckedArtifact[];
  /** Resources evaluated (each counted once, whatever the number of rules). */
  readonly resources: number;
}

/**
 * Runs every rule that has an implementation for an artifact's format and turns its outcomes
 * into findings: NON_COMPLIANT at the rule's severity, UNKNOWN as a note of its own (never a
 * silent pass; a Terraform module call is UNKNOWN to every Terraform rule, see opaque-modules.ts).
 * A rule that throws is a bug: it becomes an error finding of that rule (the check fails closed,
 * exit 1) while the other rules still check the artifact.
 */
export function evaluate(artifacts: readonly NormalisedArtifact[], rules: readonly RuleDefinition[], lookup: TenantLookup): EvaluationResult {
  const findings: Finding[] = [];
  const runs: RuleRun[] = [];
  const checked: CheckedArtifact[] = [];
  const seen = new Set<string>();
  let resources = 0;
  for (const artifact of artifacts) {
    resources += artifact.resources.length;
    checked.push({ file: artifact.file, format: artifact.format, tenant: artifact.tenant, resources: artifact.resources.length });
    const context: CheckContext = { artifact, tenantId: artifact.tenant, tenant: artifact.tenant ? lookup(artifact.tenant) : undefined };
    const modules = moduleCallsOf(artifact);
    for (const rule of rules) {
      const implementation = rule.implementations[artifact.format];
      if (!implementation) continue;
      const counts = { compliant: 0, nonCompliant: 0, unknown: 0, notApplicable: 0 };
      const record = (e: Evaluation, severity: Severity) => {
        if (e.outcome === 'COMPLIANT') counts.compliant++;
        else if (e.outcome === 'NOT_APPLICABLE') counts.notApplicable++;
        else {
          if (e.outcome === 'UNKNOWN') counts.unknown++;
          else counts.nonCompliant++;
          const path = propertyPath(e.resource, e.path);
          const key = [rule.id, artifact.file, e.resource.id, path, e.message].join('\u0000');
          if (seen.has(key)) return;
          seen.add(key);
          const line = artifact.lineOf(e.resource);
          findings.push({
            ruleId: rule.id,
            severity: e.outcome === 'UNKNOWN' ? 'note' : severity,
            file: artifact.file,
            resource: e.resource.id,
            message: e.message,
            references: rule.supports.map(citation),
            outcome: e.outcome,
            path,
            resourceType: e.resource.type,
            format: artifact.format,
            ...(artifact.tenant ? { tenant: artifact.tenant } : {}),
            ...(line !== undefined ? { line } : {}),
          });
        }
      };
      try {
        for (const e of [...implementation(context)]) record(e, rule.severity);
        for (const e of moduleCalls(modules, rule)) record(e, rule.severity);
      } catch (error) {
        // Fail closed, whatever the rule's severity: a crash is a bug, and a bug must never let an
        // artifact through as clean.
        const reason = error instanceof Error ? error.message : String(error);
        record({ outcome: 'NON_COMPLIANT', resource: artifactAnchor(artifact), path: '', message: `the rule failed: ${reason}, this is a bug` }, 'error');
      }
      runs.push({ file: artifact.file, ruleId: rule.id, ...counts });
    }
  }
  return { findings, runs, artifacts: checked, resources };
}
