import { todayUtc, type Tenant } from '../../tenancy/index.ts';
import type { Artifact } from '../../stacks/engine.ts';
import { checkArtifacts } from '../check/check-artifacts.ts';
import { knownTenants } from '../check/tenant-lookup.ts';
import type { Finding } from '../evaluate/finding.ts';
import { loadWaivers } from '../index.ts';
import { renderJson } from '../report/json.ts';
import { formatWaiverIssue, type WaiverLoadResult } from '../waivers/load-waivers.ts';
import type { Waiver } from '../waivers/waiver.ts';

/**
 * The check as `sandbox synth` and `sandbox up` run it on each tenant's artifacts before they are
 * written: the shape of bin/pipeline's CheckHook, so an error finding keeps the tenant from being
 * written. Waivers load once per run; an invalid waivers file fails every tenant with its issues.
 */
export interface SynthCheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly waived: number;
  readonly errorLines: readonly string[];
  readonly waiversUsed: readonly string[];
  /** The full result in the `sandbox check --format json` shape, kept beside the artifacts. */
  readonly reportJson: string;
}

export interface SynthCheckOptions {
  readonly waiversFile?: string;
  readonly today?: string;
}

/** An invalid waivers file blocks the check: its issues stand in for findings. */
function waiverIssuesJson(lines: readonly string[]): string {
  const findings = lines.map((message) => ({ ruleId: 'waivers-file', severity: 'error', file: 'sandbox-templates/waivers.yaml', resource: '(waivers)', message, references: [] }));
  return `${JSON.stringify({ findings, summary: { errors: lines.length, warnings: 0, notes: 0, unknown: 0, waived: 0 } }, null, 2)}\n`;
}

export function formatFinding(f: Finding): string {
  return `${f.severity} ${f.ruleId} ${f.file}${f.line !== undefined ? `:${f.line}` : ''} ${f.resource}${f.path ? ` ${f.path}` : ''}: ${f.message}`;
}

export interface SynthCheck {
  (tenant: Tenant, artifacts: readonly Artifact[], buildRelative: (p: string) => string): Promise<SynthCheckSummary>;
  /**
   * What one tenant's result depends on besides its artifacts and the catalog's code: the waivers
   * of that tenant as they apply on the day (an expired waiver changes it), and any problem of the
   * waivers file, which refuses every tenant. Synth keeps a tenant's cached result only while this
   * stays the same, so editing one tenant's waiver re-checks that tenant alone.
   */
  cacheKeyFor(tenantId: string): string;
  /**
   * The same over every tenant's waivers: it changes whenever any waiver does. Kept for callers
   * that key a whole run; a per-tenant cache should use `cacheKeyFor`.
   */
  readonly cacheKey: string;
}

/** A waiver as far as it shapes a result: where it applies, what the report says of it, and whether it is in force. */
function waiverState(w: Waiver, today: string): string {
  return JSON.stringify([w.rule, w.tenant, w.resource, w.reason, w.approver, w.approverName, w.expires, w.expires < today ? 'expired' : 'active']);
}

export function synthCheck(options: SynthCheckOptions = {}): SynthCheck {
  let loaded: WaiverLoadResult | undefined;
  const waiversNow = () => (loaded ??= loadWaivers(options.waiversFile));
  const today = options.today ?? todayUtc();
  const check = async (tenant: Tenant, artifacts: readonly Artifact[], buildRelative: (p: string) => string): Promise<SynthCheckSummary> => {
    const waivers = waiversNow();
    if (waivers.issues.length > 0) {
      const errorLines = waivers.issues.map(formatWaiverIssue);
      return { errors: waivers.issues.length, warnings: 0, notes: 0, waived: 0, errorLines, waiversUsed: [], reportJson: waiverIssuesJson(errorLines) };
    }
    const result = checkArtifacts(
      artifacts.map((a) => ({ path: buildRelative(a.path), content: a.content, tenant: tenant.id })),
      { waivers: waivers.waivers, tenants: knownTenants([tenant]), today },
    );
    const unreadable = result.problems.map((p) => `error ${p.file}: ${p.message}`);
    return {
      errors: result.summary.errors + unreadable.length,
      warnings: result.summary.warnings,
      notes: result.summary.notes,
      waived: result.summary.waived,
      errorLines: [...unreadable, ...result.findings.filter((f) => f.severity === 'error' && !f.waiver).map(formatFinding)],
      waiversUsed: result.waiversUsed.map((u) => `${u.waiver.rule} ${u.waiver.tenant} ${u.waiver.resource} (until ${u.waiver.expires}, ${u.waiver.approverName})`),
      reportJson: renderJson(result),
    };
  };
  const keyOf = (applies: (w: Waiver) => boolean) => {
    const { waivers, issues } = waiversNow();
    const state = waivers.filter(applies).map((w) => waiverState(w, today)).sort();
    return JSON.stringify({ issues: issues.map(formatWaiverIssue), waivers: state });
  };
  return Object.defineProperties(check, {
    cacheKeyFor: { value: (tenantId: string) => keyOf((w) => w.tenant === tenantId) },
    cacheKey: { get: () => keyOf(() => true) },
  }) as SynthCheck;
}
