import type { CheckResult } from '../check/check-artifacts.ts';

/**
 * `check --format json`: the ARCHITECTURE.md contract (`findings[]` with ruleId, severity, file,
 * resource, message, references; `summary` with errors and warnings) plus added fields only:
 * outcome, property path, resource type, format, tenant, line, waiver, and the summary's notes,
 * unknown and waived counts.
 */
export function renderJson(result: CheckResult): string {
  const report = {
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.file,
      resource: f.resource,
      message: f.message,
      references: f.references,
      outcome: f.outcome,
      path: f.path,
      resourceType: f.resourceType,
      format: f.format,
      ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
      ...(f.waiver ? { waived: true, waiver: f.waiver } : {}),
      ...(f.expiredWaiver ? { expiredWaiver: f.expiredWaiver } : {}),
    })),
    summary: result.summary,
    waiversUsed: result.waiversUsed.map((u) => ({ ...waiverJson(u.waiver), findings: u.findings })),
    waiversExpired: result.waiversExpired.map((u) => ({ ...waiverJson(u.waiver), findings: u.findings })),
    artifacts: result.artifacts,
    ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function waiverJson(w: CheckResult['waiversUsed'][number]['waiver']) {
  return { rule: w.rule, tenant: w.tenant, resource: w.resource, reason: w.reason, approver: w.approver, approverName: w.approverName, expires: w.expires };
}
