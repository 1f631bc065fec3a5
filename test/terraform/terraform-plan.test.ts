import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantBlueprint, bucketName } from '../../stacks/blueprint/index.ts';
import { synthesizeTerraform, TERRAFORM_BACKEND_EXAMPLE_PATH, TERRAFORM_CONFIG_PATH } from '../../stacks/terraform/index.ts';
import type { EngineOutput } from '../../stacks/engine.ts';
import { plannedRenderings, type Rendering } from './renderings.ts';
import { FAKE_ACCOUNT_ID, locateTerraform, mapLimit, TerraformWorkspace, type RunResult } from './terraform-cli.ts';

/**
 * The real thing: terraform init (from the local provider mirror), validate and plan on what the
 * engine synthesized, offline. Where terraform or the mirror is missing these tests are skipped
 * with the reason, and the rest of the suite still runs.
 */
const located = locateTerraform();
if (!located.ok) console.warn(`\n[terraform] SKIPPING terraform validate/plan: ${located.reason}\n`);

interface Checked {
  readonly output: EngineOutput;
  readonly validate: RunResult;
  readonly plan: RunResult;
}

const renderings = plannedRenderings();
const checked = new Map<string, Checked>();
let workspace: TerraformWorkspace | undefined;
let init: RunResult | undefined;
let backendFmt: RunResult | undefined;

const artifact = (output: EngineOutput, path: string) => output.artifacts.find((a) => a.path === path)?.content ?? '';

/** The example backend with its comment markers removed, as an operator would enable it. */
const uncommentedBackend = (example: string) =>
  example
    .split('\n')
    .filter((line) => /^# {0,1}(terraform|  |})/.test(line))
    .map((line) => line.replace(/^# ?/, ''))
    .join('\n') + '\n';

beforeAll(async () => {
  if (!located.ok) return;
  workspace = await TerraformWorkspace.create(located.tooling);
  const ws = workspace;
  const prepared = await Promise.all(
    renderings.map(async (r: Rendering) => {
      const output = await synthesizeTerraform(r.tenant);
      const dir = await ws.addConfig(r.label, { 'cdk.tf.json': artifact(output, TERRAFORM_CONFIG_PATH) });
      return { r, output, dir };
    }),
  );
  init = await ws.init(prepared[0]!.dir, prepared.slice(1).map((p) => p.dir));
  if (init.code !== 0) return;
  // Each terraform run is one provider process, mostly single-threaded: one per core keeps both busy.
  const parallel = Math.max(2, os.availableParallelism());
  const results = await mapLimit(prepared, parallel, async ({ r, output, dir }) => {
    const validate = await ws.validate(dir);
    const plan = await ws.plan(dir);
    return [r.label, { output, validate, plan }] as const;
  });
  for (const [label, result] of results) checked.set(label, result);
  backendFmt = await ws.run(['fmt', '-check', '-'], ws.root, uncommentedBackend(artifact(prepared[0]!.output, TERRAFORM_BACKEND_EXAMPLE_PATH)));
}, 300_000);

afterAll(async () => {
  await workspace?.dispose();
});

describe(`terraform validate and plan, offline${located.ok ? ` (hashicorp/aws ${located.tooling.awsProviderVersion} from ${located.tooling.pluginDir})` : ''}`, () => {
  it('terraform init installs hashicorp/aws from the local mirror', (ctx) => {
    if (!located.ok) return ctx.skip(located.reason);
    expect(init?.code, `${init?.stdout}\n${init?.stderr}`).toBe(0);
  });

  for (const { label, tenant } of renderings) {
    it(`${label}: validates without errors or warnings and plans every resource`, (ctx) => {
      if (!located.ok) return ctx.skip(located.reason);
      const result = checked.get(label);
      if (!result) throw new Error(`terraform did not run for ${label}: ${init?.stderr ?? 'no init'}`);
      const validation = JSON.parse(result.validate.stdout) as { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
      // Warnings would be deprecations: attributes that 6.x removes.
      expect(validation, JSON.stringify(validation.diagnostics, null, 2)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });

      expect(result.plan.code, result.plan.stderr).toBe(0);
      expect(result.plan.stdout).toContain(`Plan: ${result.output.resources} to add, 0 to change, 0 to destroy.`);
      expect(result.plan.stderr).toBe('');
      const blueprint = tenantBlueprint(tenant);
      for (const store of [...blueprint.dataStores, ...blueprint.logStores, blueprint.serverAccessLogs]) {
        expect(result.plan.stdout).toMatch(new RegExp(`\\+ bucket +\\= "${bucketName(FAKE_ACCOUNT_ID, tenant.id, store.nameSuffix)}"`));
      }
    });
  }

  it('the example S3 backend, once uncommented, is well-formed HCL', (ctx) => {
    if (!located.ok) return ctx.skip(located.reason);
    expect(backendFmt?.code, `${backendFmt?.stdout}\n${backendFmt?.stderr}`).toBe(0);
  });
});
