import { describe, expect, it } from 'vitest';
import { checkPlatform } from '../../bin/pipeline/synth-run.ts';
import { synthesizeAwsPlatform } from '../../stacks/aws/index.ts';
import { examplePlans } from '../support/example-tenants.ts';

describe('the platform stack before synth writes it', () => {
  it('passes the catalog as synthesized, and is refused with the finding named once broken', async () => {
    const plans = examplePlans();
    const artifacts = await synthesizeAwsPlatform(plans.map((p) => p.tenant));
    await expect(checkPlatform(artifacts, plans)).resolves.toBeUndefined();
    // A hand-made change that takes the organisation's guardrail outside the EU.
    const broken = artifacts.map((a) => (a.path.endsWith('.template.json') ? { ...a, content: a.content.replaceAll('eu-central-1', 'us-east-1') } : a));
    expect(broken.some((a, i) => a.content !== artifacts[i]!.content)).toBe(true);
    await expect(checkPlatform(broken, plans)).rejects.toThrow(/^platform\/aws: not written, guardrail errors:\nerror SBX-\S+ platform\/aws\/SandboxPlatform\.template\.json/);
  });
});
