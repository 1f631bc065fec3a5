import type { Tenant } from '../tenancy/index.ts';
import { generatedTenants } from './support/generated-plans.ts';

/**
 * The Terraform engine's figure (issue 3): marginal synth seconds per tenant over 50 generated
 * plans (the example plans under new ids, spread over the EU regions), against synthesizing one
 * tenant in the same process. Module loading (cdktf and the provider bindings) is reported apart:
 * it is paid once per process, not per tenant.
 */

const GENERATED = 50;

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export async function run(): Promise<void> {
  const tenants = generatedTenants(GENERATED + 1);
  const [single, ...batch] = tenants as [Tenant, ...Tenant[]];

  let start = performance.now();
  const { synthesizeTerraform } = await import('../stacks/terraform/index.ts');
  const importMs = performance.now() - start;

  start = performance.now();
  await synthesizeTerraform(single);
  const firstMs = performance.now() - start;

  // One warm tenant, best of three: the baseline the batch is compared with.
  let oneMs = Infinity;
  for (let i = 0; i < 3; i++) {
    start = performance.now();
    await synthesizeTerraform(single);
    oneMs = Math.min(oneMs, performance.now() - start);
  }

  let resources = 0;
  let bytes = 0;
  start = performance.now();
  for (const tenant of batch) {
    const output = await synthesizeTerraform(tenant);
    resources += output.resources;
    bytes += output.artifacts.reduce((n, a) => n + a.content.length, 0);
  }
  const batchMs = performance.now() - start;
  const marginalMs = batchMs / batch.length;

  const regions = new Set(batch.map((t) => t.region)).size;
  console.log(`tenants: ${batch.length} generated plans over ${regions} EU regions (${Math.round(resources / batch.length)} Terraform resources, ${Math.round(bytes / batch.length / 1024)} KiB each)`);
  console.log(`module load (cdktf + provider bindings, once per process): ${seconds(importMs)} s`);
  console.log(`first tenant after load: ${seconds(firstMs)} s`);
  console.log(`one tenant, warm (baseline, best of 3): ${seconds(oneMs)} s`);
  console.log(`marginal per tenant over ${batch.length}: ${seconds(marginalMs)} s  = ${(marginalMs / oneMs).toFixed(2)}x one warm tenant`);
  console.log(`all ${batch.length}: ${seconds(batchMs)} s; with module load and first tenant: ${seconds(importMs + firstMs + batchMs)} s`);
}
