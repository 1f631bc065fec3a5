import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesizeAwsTenants } from '../../stacks/aws/index.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants } from '../support/example-tenants.ts';

/**
 * `npx cdk synth` as a platform engineer runs it (cdk.json → bin/cdk-app.ts): offline, without
 * credentials, with the cdk-nag packs, and rendering the same resources as `sandbox synth`.
 */
const outdir = mkdtempSync(path.join(tmpdir(), 'sandbox-cdk-cli-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  return {
    ...env,
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(outdir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(outdir, 'no-aws-credentials'),
  };
}

interface ValidationReport {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: { readonly ruleName: string; readonly violatingConstructs: { readonly constructPath: string; readonly cloudFormationResource?: { readonly templatePath: string } }[] }[];
    readonly suppressedViolations?: { readonly reason: string }[];
  }[];
}

function cdkSynth(output: string, app?: string) {
  const args = ['cdk', 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', output, ...(app ? ['--app', app] : [])];
  return spawnSync('npx', args, { cwd: PROJECT_ROOT, env: offlineEnv(), encoding: 'utf8', timeout: 110_000 });
}

describe('npx cdk synth', () => {
  it('synthesizes every example tenant and the platform stack without credentials or network', async () => {
    const run = cdkSynth(outdir);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const tenants = exampleTenants();
    for (const name of [...tenants.map((t) => `Sandbox-${t.id}`), 'SandboxPlatform']) expect(existsSync(path.join(outdir, `${name}.template.json`)), name).toBe(true);

    // cdk-nag ran and everything it found is acknowledged with a reason. The guardrail catalog
    // found nothing, and CDK leaves such a plugin out of the report: the next test shows it ran.
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    expect(report.pluginReports.map((p) => [p.pluginName, p.conclusion])).toEqual([
      ['HIPAA.Security', 'success'],
      ['NIST.800.53.R5', 'success'],
    ]);
    for (const plugin of report.pluginReports) for (const suppressed of plugin.suppressedViolations ?? []) expect(suppressed.reason.length).toBeGreaterThan(80);

    // The CLI's templates carry construct-path metadata; the resources are the engine's.
    const [engine] = await synthesizeAwsTenants(tenants.slice(0, 1), { complianceChecks: false });
    const fromCli = JSON.parse(readFileSync(path.join(outdir, `Sandbox-${tenants[0]!.id}.template.json`), 'utf8')) as { Resources: Record<string, { Metadata?: unknown }> };
    for (const resource of Object.values(fromCli.Resources)) delete resource.Metadata;
    expect(fromCli.Resources).toEqual(JSON.parse(engine!.artifacts[0]!.content).Resources);
  });

  it('runs the guardrail catalog that bin/cdk-app.ts registers: one unguarded stack beside the tenants fails the synth with its findings', () => {
    const probeOut = path.join(outdir, 'with-unguarded-stack');
    const run = cdkSynth(probeOut, 'npx tsx test/aws/fixtures/cdk-app-with-unguarded-stack.ts');
    expect(run.status, `${run.stdout}\n${run.stderr}`).not.toBe(0);
    const report = JSON.parse(readFileSync(path.join(probeOut, 'validation-report.json'), 'utf8')) as ValidationReport;
    const guardrails = report.pluginReports.find((p) => p.pluginName === 'eu-ai-sandbox-guardrails');
    expect(guardrails?.conclusion, 'the guardrail catalog reports in CDK’s validation report').toBe('failure');
    expect(guardrails!.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['SBX-DATA-001', 'SBX-DATA-003', 'SBX-DATA-004']));
    // It judged every template, and only the unguarded stack broke a rule.
    const where = guardrails!.violations.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(where.length).toBeGreaterThan(0);
    expect(where.every((p) => p.startsWith('Sandbox-unguarded-probe/'))).toBe(true);
    for (const name of [...exampleTenants().map((t) => `Sandbox-${t.id}`), 'SandboxPlatform']) expect(existsSync(path.join(probeOut, `${name}.template.json`)), name).toBe(true);
  });
});
