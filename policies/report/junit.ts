import type { CheckResult } from '../check/check-artifacts.ts';
import { RULES } from '../catalog/index.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * JUnit XML for CI dashboards: a suite per artifact, a test case per rule that applies to its
 * format. Unwaived error and warning findings fail the case; notes, UNKNOWN outcomes and waived
 * findings are listed in its output, so nothing found is hidden.
 */
export function renderJunit(result: CheckResult): string {
  const titles = new Map(RULES.map((r) => [r.id, r.title]));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const artifact of result.artifacts) {
    const runs = result.runs.filter((r) => r.file === artifact.file);
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const run of runs) {
      const findings = result.findings.filter((f) => f.file === artifact.file && f.ruleId === run.ruleId);
      const failing = findings.filter((f) => !f.waiver && f.severity !== 'note');
      const other = findings.filter((f) => !failing.includes(f));
      const name = xml(`${run.ruleId} ${titles.get(run.ruleId) ?? ''}`.trim());
      const body: string[] = [];
      if (failing.length > 0) {
        suiteFailures++;
        const text = failing.map((f) => `${f.severity} ${f.resource} ${f.path}: ${f.message}`).join('\n');
        body.push(`      <failure message="${xml(`${failing.length} finding(s)`)}" type="${xml(failing[0]!.severity)}">${xml(text)}</failure>`);
      }
      if (other.length > 0) {
        const text = other.map((f) => `${f.waiver ? `waived until ${f.waiver.expires}` : f.outcome === 'UNKNOWN' ? 'unknown' : f.severity} ${f.resource} ${f.path}: ${f.message}`).join('\n');
        body.push(`      <system-out>${xml(text)}</system-out>`);
      }
      cases.push(body.length === 0 ? `    <testcase classname="${xml(artifact.file)}" name="${name}"/>` : `    <testcase classname="${xml(artifact.file)}" name="${name}">\n${body.join('\n')}\n    </testcase>`);
    }
    tests += runs.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xml(artifact.file)}" tests="${runs.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sandbox check" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
