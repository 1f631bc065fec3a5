import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkArtifacts, knownTenants, type ArtifactInput } from '../policies/index.ts';
import type { Engine } from '../stacks/engine.ts';
import { loadPlans, type Tenant } from '../tenancy/index.ts';
import { PROJECT_ROOT } from '../tenancy/paths.ts';

/**
 * Guardrail throughput and cost, against baselines measured in the same run:
 * 1. resources evaluated per second by the whole catalog over every example tenant's artifacts
 *    (CloudFormation, Terraform JSON, Kubernetes), and over the CloudFormation templates alone;
 * 2. the same CloudFormation templates under cfn-guard with the AWS Control Tower rules bundled in
 *    @cdklabs/cdk-validator-cfnguard, invoked as its CDK plugin invokes it (goal: ≥ 10× faster);
 * 3. the check's share of a full synth of the same tenants by the three engines (goal: < 10 %).
 */
const execFileAsync = promisify(execFile);

const GUARD_DIR = path.join(PROJECT_ROOT, 'node_modules/@cdklabs/cdk-validator-cfnguard');
const GUARD = path.join(GUARD_DIR, 'bin', process.platform === 'darwin' ? 'macos' : 'ubuntu', process.arch === 'arm64' ? 'aarch64' : 'x86_64', 'cfn-guard');
const CONTROL_TOWER_RULES = path.join(GUARD_DIR, 'rules/control-tower/cfn-guard');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * CPU milliseconds of this process (user + system): on a shared machine other processes stretch
 * wall-clock time but not this, and synth and check run in this process alike.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Repeats `fn` until `budgetMs` of CPU time has passed (at least `min` times); the median CPU ms. */
function time(fn: () => void, budgetMs: number, min = 5): number {
  const samples: number[] = [];
  const start = cpuMs();
  while (samples.length < min || cpuMs() - start < budgetMs) {
    const t0 = cpuMs();
    fn();
    samples.push(cpuMs() - t0);
  }
  return median(samples);
}

async function synthesize(tenants: readonly Tenant[], engines: readonly Engine[]): Promise<ArtifactInput[]> {
  const out: ArtifactInput[] = [];
  for (const tenant of tenants) {
    for (const engine of engines) {
      for (const a of (await engine(tenant)).artifacts) out.push({ path: `build/${tenant.id}/${a.path}`, content: a.content, tenant: tenant.id });
    }
  }
  return out;
}

export async function run(): Promise<void> {
  const tenants = loadPlans().plans.map((p) => p.tenant);
  const { synthesizeAws, synthesizeAwsPlatform } = await import('../stacks/aws/index.ts');
  const { synthesizeTerraform } = await import('../stacks/terraform/index.ts');
  const { synthesizeKubernetes } = await import('../stacks/kubernetes/index.ts');
  const engines: Engine[] = [synthesizeAws, synthesizeTerraform, synthesizeKubernetes];

  const lookup = knownTenants(tenants);
  // Warm both sides once untimed, so module loading and JIT are billed to neither. Then measure
  // in alternating blocks, each the mean CPU time of its runs with the garbage collection they
  // cause, so load and drift on the machine fall on synth and check alike.
  let artifacts = await synthesize(tenants, engines);
  for (let i = 0; i < 10; i++) checkArtifacts(artifacts, { tenants: lookup });
  const synthBlocks: number[] = [];
  const checkBlocks: number[] = [];
  for (let block = 0; block < 3; block++) {
    let t0 = cpuMs();
    for (let i = 0; i < 3; i++) artifacts = await synthesize(tenants, engines);
    synthBlocks.push((cpuMs() - t0) / 3);
    t0 = cpuMs();
    for (let i = 0; i < 30; i++) checkArtifacts(artifacts, { tenants: lookup });
    checkBlocks.push((cpuMs() - t0) / 30);
  }
  const synthMs = median(synthBlocks);
  const tenantCheckMs = median(checkBlocks);
  const platform = (await synthesizeAwsPlatform(tenants)).map((a) => ({ path: `build/${a.path}`, content: a.content }));
  const all = [...artifacts, ...platform];

  const full = checkArtifacts(all, { tenants: lookup });
  if (full.summary.errors > 0 || full.problems.length > 0) throw new Error(`the examples do not pass the catalog: ${full.summary.errors} error(s), ${full.problems.length} problem(s)`);
  const checkMs = time(() => checkArtifacts(all, { tenants: lookup }), 2000);

  const templates = all.filter((a) => a.path.endsWith('.template.json'));
  const cfnResources = checkArtifacts(templates, { tenants: lookup }).resources;
  const cfnCheckMs = time(() => checkArtifacts(templates, { tenants: lookup }), 1000);

  // cfn-guard, as CfnGuardValidator runs it: one process, every rule directory, every template.
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cfn-guard-'));
  let guardMs: number;
  try {
    const files = templates.map((t, i) => {
      const file = path.join(dir, `${i}-${path.basename(t.path)}`);
      writeFileSync(file, t.content);
      return file;
    });
    const args = ['validate', '--rules', CONTROL_TOWER_RULES, ...files.flatMap((f) => ['--data', f]), '--output-format', 'json', '--show-summary', 'none', '--structured'];
    const guardSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      // cfn-guard exits non-zero when a rule fails; the timing is what matters here.
      await execFileAsync(GUARD, args, { maxBuffer: 256 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
        if (!error.stdout) throw error;
      });
      guardSamples.push(performance.now() - t0);
    }
    guardMs = median(guardSamples);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const perSecond = (resources: number, ms: number) => (resources / ms) * 1000;
  const oursAll = perSecond(full.resources, checkMs);
  const oursCfn = perSecond(cfnResources, cfnCheckMs);
  const guard = perSecond(cfnResources, guardMs);
  const formats = new Map<string, number>();
  for (const a of full.artifacts) formats.set(a.format, (formats.get(a.format) ?? 0) + a.resources);

  const rows: [string, string][] = [
    ['tenants × engines', `${tenants.length} × 3 (+ platform stack)`],
    ['resources', `${full.resources} (${[...formats].map(([f, n]) => `${f} ${n}`).join(', ')})`],
    ['catalog', `${new Set(full.runs.map((r) => r.ruleId)).size} rules`],
    ['check, all artifacts', `${fmt(checkMs, 1)} ms CPU → ${fmt(oursAll)} resources/s`],
    ['check, CloudFormation only', `${fmt(cfnCheckMs, 1)} ms CPU for ${cfnResources} resources → ${fmt(oursCfn)} resources/s`],
    ['cfn-guard + Control Tower rules, same templates', `${fmt(guardMs, 0)} ms wall (a child process) → ${fmt(guard, 1)} resources/s`],
    ['ratio catalog / cfn-guard (CloudFormation)', `${fmt(oursCfn / guard, 0)}× (goal ≥ 10×)`],
    ['synth of the same tenants, 3 engines', `${fmt(synthMs, 0)} ms CPU`],
    ['check of the synthesized tenant artifacts', `${fmt(tenantCheckMs, 1)} ms CPU`],
    ['check adds to synth', `${fmt((tenantCheckMs / synthMs) * 100, 1)} % (goal < 10 %)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
