import { PRODUCT_VERSION } from '../../common/version.ts';
import { readFileSync } from 'node:fs';
import type { IPolicyValidationContext, IPolicyValidationContextBeta1, IPolicyValidationPlugin, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1, PolicyViolationBeta1 } from 'aws-cdk-lib';
import { RULES } from '../catalog/index.ts';
import { checkArtifacts, type CheckResult } from '../check/check-artifacts.ts';
import type { Finding } from '../evaluate/finding.ts';
import { loadWaivers } from '../index.ts';
import { formatWaiverIssue } from '../waivers/load-waivers.ts';

/**
 * The guardrail catalog as a CDK policy validation plugin: registered on the app with
 * `Validations.of(app).addPlugins(guardrailValidationPlugin())`, it checks every template CDK
 * synthesizes, so a plain `npx cdk synth` fails on an unwaived error finding and the findings
 * appear in CDK's own validation report (with construct paths), beside cdk-nag's.
 * It satisfies both the current and the Beta1 plugin interface.
 */
export interface GuardrailPluginOptions {
  /** Default: sandbox-templates/waivers.yaml. */
  readonly waiversFile?: string;
  /** YYYY-MM-DD for waiver expiry; default today. */
  readonly today?: string;
}

const CDK_SEVERITY = { error: 'error', warning: 'warning', note: 'info' } as const;

export class GuardrailValidationPlugin implements IPolicyValidationPlugin, IPolicyValidationPluginBeta1 {
  readonly name = 'eu-ai-sandbox-guardrails';
  readonly version = PRODUCT_VERSION;
  readonly ruleIds = RULES.map((r) => r.id);
  private readonly options: GuardrailPluginOptions;

  constructor(options: GuardrailPluginOptions = {}) {
    this.options = options;
  }

  validate(context: IPolicyValidationContextBeta1 & Partial<Pick<IPolicyValidationContext, 'stackTemplates'>>): PolicyValidationPluginReportBeta1 {
    const waivers = loadWaivers(this.options.waiversFile);
    if (waivers.issues.length > 0) {
      return {
        success: false,
        violations: [
          {
            ruleName: 'waivers',
            description: `the waivers file is invalid:\n${waivers.issues.map(formatWaiverIssue).join('\n')}`,
            severity: 'error',
            violatingResources: [{ resourceLogicalId: '(waivers file)', templatePath: waivers.issues[0]!.file, locations: waivers.issues.map((i) => i.path) }],
          },
        ],
      };
    }
    // The current context says where each stack goes; a CloudFormation template alone does not.
    const regions = new Map((context.stackTemplates ?? []).map((s) => [s.templatePath, s.region]));
    const result = checkArtifacts(
      context.templatePaths.map((path) => {
        const region = regions.get(path);
        return { path, content: readFileSync(path, 'utf8'), ...(region && !region.startsWith('${') ? { region } : {}) };
      }),
      { waivers: waivers.waivers, ...(this.options.today ? { today: this.options.today } : {}) },
    );
    return toReport(result);
  }
}

export function toReport(result: CheckResult): PolicyValidationPluginReportBeta1 {
  const active = result.findings.filter((f) => !f.waiver);
  const byRule = new Map<string, Finding[]>();
  for (const f of active) byRule.set(`${f.ruleId}\u0000${f.severity}`, [...(byRule.get(`${f.ruleId}\u0000${f.severity}`) ?? []), f]);
  const titles = new Map(RULES.map((r) => [r.id, r]));
  const violations: PolicyViolationBeta1[] = [...byRule.values()].map((findings) => {
    const first = findings[0]!;
    const rule = titles.get(first.ruleId);
    // One violating resource per resource, with every property path found on it.
    const resources = new Map<string, { resourceLogicalId: string; templatePath: string; locations: string[] }>();
    for (const f of findings) {
      const key = `${f.file}\u0000${f.resource}`;
      const entry = resources.get(key) ?? { resourceLogicalId: f.resource, templatePath: f.file, locations: [] };
      if (!entry.locations.includes(f.path || '(resource)')) entry.locations.push(f.path || '(resource)');
      resources.set(key, entry);
    }
    const messages = [...new Set(findings.map((f) => `${f.resource}: ${f.message}`))];
    return {
      ruleName: first.ruleId,
      description: `${rule?.title ?? first.ruleId}${first.outcome === 'UNKNOWN' ? ' (cannot be decided before deploy)' : ''}. ${messages.join(' | ')}`,
      fix: rule?.remediation ?? '',
      severity: CDK_SEVERITY[first.severity],
      ruleMetadata: { supports: first.references.join('; ') },
      violatingResources: [...resources.values()],
    };
  });
  for (const p of result.problems) {
    violations.push({ ruleName: 'readable-template', description: p.message, severity: 'error', violatingResources: [{ resourceLogicalId: '(template)', templatePath: p.file, locations: [] }] });
  }
  return { success: result.summary.errors === 0 && result.problems.length === 0, violations };
}

export function guardrailValidationPlugin(options: GuardrailPluginOptions = {}): GuardrailValidationPlugin {
  return new GuardrailValidationPlugin(options);
}
