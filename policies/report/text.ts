import type { CheckResult } from '../check/check-artifacts.ts';
import type { Finding } from '../evaluate/finding.ts';

/** The default report: one block per finding, grouped by file, then a one-line summary. */
export function renderText(result: CheckResult): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of [...byFile].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(file);
    for (const f of findings) {
      const where = `${f.resource}${f.path ? ` ${f.path}` : ''}${f.line !== undefined ? ` (line ${f.line})` : ''}`;
      const label = f.waiver ? `waived ${f.severity}` : f.outcome === 'UNKNOWN' ? 'unknown' : f.severity;
      lines.push(`  ${label.padEnd(13)} ${f.ruleId}  ${where}`);
      lines.push(`                ${f.message}`);
      lines.push(`                supports ${f.references.join(', ')}`);
      if (f.waiver) lines.push(`                waived until ${f.waiver.expires} by ${f.waiver.approverName} (${f.waiver.approver}): ${f.waiver.reason}`);
    }
    lines.push('');
  }
  for (const u of result.waiversExpired) lines.push(`expired waiver: ${u.waiver.rule} ${u.waiver.tenant} ${u.waiver.resource} (expired ${u.waiver.expires}; ${u.waiver.source}) no longer waives`);
  if (result.skipped.length > 0) lines.push(`skipped ${result.skipped.length} JSON/YAML file(s) that are no artifact (${result.skipped.slice(0, 3).join(', ')}${result.skipped.length > 3 ? ', …' : ''})`);
  const s = result.summary;
  const unknown = s.unknown > 0 ? ` (${s.unknown} unknown)` : '';
  lines.push(
    `${result.artifacts.length} artifact(s), ${result.resources} resources checked: ${s.errors} error(s), ${s.warnings} warning(s), ${s.notes} note(s)${unknown}, ${s.waived} waived`,
  );
  return `${lines.join('\n')}\n`;
}
