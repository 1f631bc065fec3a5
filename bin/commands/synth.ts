import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { DEFAULT_BUILD_DIR } from '../../tenancy/paths.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import { displayPath } from './plan.ts';

/** Whether anything (a link to nothing included) is at `p`; a path through a file is nothing. */
function isEntry(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The build directory from `--out`: a directory, or a path where one can be made. */
export function resolveBuildDir(out: string): string {
  const dir = path.resolve(out);
  // The nearest part of the path that is there must be a directory (or a link to one) to build in.
  let at = dir;
  while (!isEntry(at) && at !== path.dirname(at)) at = path.dirname(at);
  if (existsSync(at) && statSync(at).isDirectory()) return dir;
  if (at === dir) throw new CliError(`--out: ${out} exists and is not a directory; give a build directory`);
  throw new CliError(`--out: ${out} cannot be made: ${at} is ${existsSync(at) ? 'not a directory' : 'a link to nothing'}`);
}

/** Loads and validates plans; any invalid plan stops the command before anything is written. */
export async function loadValidPlans(planPaths: readonly string[] | undefined, tenantId?: string, tenantArgument = '--tenant'): Promise<LoadedPlan[]> {
  const { loadPlans, formatIssue } = await import('../../tenancy/index.ts');
  const result = loadPlans(planPaths && planPaths.length > 0 ? planPaths.map((p) => path.resolve(p)) : undefined);
  if (result.issues.length > 0) {
    throw new CliError([...result.issues.map((i) => formatIssue(i, displayPath(i.file))), `${result.issues.length} problem(s); nothing was written`].join('\n'));
  }
  if (tenantId === undefined) return [...result.plans];
  const plan = result.plans.find((p) => p.tenant.id === tenantId);
  if (!plan) throw new CliError(`${tenantArgument}: no plan with id "${tenantId}" (known: ${result.plans.map((p) => p.tenant.id).join(', ')})`);
  return [plan];
}

export interface SynthCommandOptions {
  readonly tenant?: string;
  readonly engine: string;
  readonly out: string;
  readonly plans?: string[];
  readonly force?: boolean;
  readonly waivers?: string;
}

export function addSynthOptions(command: Command): Command {
  return command
    .option('--tenant <id>', 'only this tenant')
    .option('--engine <name>', 'aws | terraform | kubernetes | all (comma-separated allowed)', 'all')
    .option('--out <dir>', 'build directory', DEFAULT_BUILD_DIR)
    .option('--plans <path...>', 'plan files or directories (default: sandbox-templates/tenants/)')
    .option('--force', 're-synthesize even when plan, profiles and code are unchanged')
    .option('--waivers <file>', 'guardrail waivers (default: sandbox-templates/waivers.yaml)');
}

export function registerSynthCommands(program: Command): void {
  addSynthOptions(
    program
      .command('synth')
      .description('synthesize tenants: CloudFormation, Terraform JSON and Kubernetes manifests under build/<id>/'),
  ).action(async (opts: SynthCommandOptions) => {
    const { synthesizeAll, printSynthSummary } = await import('../pipeline/synth-run.ts');
    const { prepareGuardedSynth } = await import('../pipeline/guarded-synth.ts');
    const { todayUtc } = await import('../../tenancy/index.ts');
    const plans = await loadValidPlans(opts.plans, opts.tenant);
    const guarded = await prepareGuardedSynth(plans, { today: todayUtc(), ...(opts.waivers ? { waiversFile: opts.waivers } : {}) });
    const run = await synthesizeAll(plans, { buildDir: resolveBuildDir(opts.out), engineOption: opts.engine, force: opts.force === true, check: guarded.check, record: guarded.record(plans) });
    printSynthSummary(run);
    if (run.failed) process.exitCode = 1;
  });

  program
    .command('verify')
    .description('re-synthesize a tenant in memory and compare it with its recorded environment fingerprint')
    .argument('<id>', 'tenant id')
    .option('--out <dir>', 'build directory holding build/<id>/fingerprint.json', DEFAULT_BUILD_DIR)
    .option('--plans <path...>', 'plan files or directories (default: sandbox-templates/tenants/)')
    .action(async (id: string, opts: { out: string; plans?: string[] }) => {
      const { verifyTenant } = await import('../pipeline/verify-tenant.ts');
      const [plan] = await loadValidPlans(opts.plans, id, '<id>');
      process.exitCode = await verifyTenant(plan!, resolveBuildDir(opts.out));
    });
}
