import { homedir, tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createAwsEngine, synthesizeAwsPlatform, synthesizeAwsTenants } from '../../stacks/aws/index.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants } from '../support/example-tenants.ts';

/** Same plan in, same bytes out, on any machine: nothing from the run or the machine leaks in. */
const tenants = exampleTenants();

describe('AWS engine determinism', () => {
  it('gives byte-identical templates on a second synth, alone or in a batch, with or without cdk-nag', async () => {
    const first = await synthesizeAwsTenants(tenants, { complianceChecks: false });
    const second = await synthesizeAwsTenants(tenants, { complianceChecks: true });
    const alone = await createAwsEngine({ complianceChecks: false })(tenants[1]!);
    expect(second).toEqual(first);
    expect(alone).toEqual(first[1]);
    for (const [i, output] of first.entries()) {
      expect(output.engine).toBe('aws');
      expect(output.artifacts.map((a) => a.path)).toEqual([`aws/Sandbox-${tenants[i]!.id}.template.json`]);
      expect(output.resources).toBe(Object.keys(JSON.parse(output.artifacts[0]!.content).Resources).length);
    }
  });

  it('writes 2-space JSON with a final newline and nothing machine-specific', async () => {
    const outputs = await synthesizeAwsTenants(tenants, { complianceChecks: false });
    const platform = await synthesizeAwsPlatform(tenants);
    for (const content of [...outputs.map((o) => o.artifacts[0]!.content), ...platform.map((a) => a.content)]) {
      expect(content).toBe(`${JSON.stringify(JSON.parse(content), null, 2)}\n`);
      for (const local of [PROJECT_ROOT, tmpdir(), homedir()]) expect(content).not.toContain(local);
      // No asset: no Lambda-backed custom resource, no bundle hash, no bootstrap asset bucket.
      expect(content).not.toMatch(/AWS::Lambda::Function|Custom::|AssetParameters|cdk-[a-z0-9]+-assets|aws:asset:/);
      expect(content).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });

  it('leaves the account to deploy time: no account id appears, only AWS::AccountId', async () => {
    const [output] = await synthesizeAwsTenants(tenants.slice(0, 1), { complianceChecks: false });
    const content = output!.artifacts[0]!.content;
    expect(content).not.toMatch(/\b\d{12}\b/);
    expect(content).toContain('"Ref": "AWS::AccountId"');
  });
});
