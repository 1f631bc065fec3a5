import type { Command } from 'commander';
import { CliError, cliCall } from '../cli-error.ts';

interface GenerateFlags {
  profile: string;
  patients: string;
  seed: string;
  out: string;
  shard?: string;
  force?: boolean;
  tenant?: string;
}

/** A whole number as typed, without JavaScript's lenient parsing ("1e3", "12abc", " 7"). */
function wholeNumber(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new CliError(`${flag}: expected a whole number, got '${text}'`, 1);
  return Number(text);
}

type Synthetic = typeof import('../../synthetic/index.ts');

/** Loads the generator lazily and turns its user-facing errors into exit code 1 without a stack. */
async function withSynthetic(action: (synthetic: Synthetic) => Promise<void>): Promise<void> {
  const synthetic = await import('../../synthetic/index.ts');
  try {
    await action(synthetic);
  } catch (error) {
    if (error instanceof synthetic.SyntheticDataError) throw new CliError(error.message, 1);
    throw error;
  }
}

const GENERATE_HELP = `
Writes <out>/<Type>.ndjson per FHIR resource type, datasheet.json, datasheet.md and manifest.json.
Nothing is replaced until the whole dataset is written; an interrupted run leaves no temporary
directory. A directory that already holds this dataset is re-hashed file by file against its
manifest and kept when every SHA-256 matches ("up to date"); --force regenerates anyway.

Exit codes: 0 written or up to date; 1 bad input (unknown profile, patients or seed out of range,
shard out of range, unwritable --out, a dataset the tenant's plan does not name) or, with --tenant,
a ledger that refuses the event (its state or head was changed: run \`sandbox ledger verify\`);
2 with --tenant, a ledger directory or key that cannot be read or created.`;

/**
 * `sandbox data …`: synthetic FHIR datasets from the profiles in sandbox-templates/datasets/. Thin:
 * the generator lives in synthetic/ and is imported only when a data command runs.
 */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('synthetic FHIR R4 datasets (bulk-data NDJSON + manifest + datasheet)');

  data
    .command('generate')
    .description('generate a dataset (or one shard of it) from a dataset profile')
    .requiredOption('--profile <name>', 'dataset profile in sandbox-templates/datasets/')
    .requiredOption('--patients <n>', 'number of patients in the whole dataset')
    .requiredOption('--seed <s>', 'seed: same profile, seed, patients and generator version give the same bytes')
    .requiredOption('--out <dir>', 'output directory (replaced as a whole when generation completes)')
    .option('--shard <i/N>', 'write only shard i of N (0-based, contiguous patient range)')
    .option('--force', 'regenerate even when the directory already holds this dataset')
    .option('--tenant <id>', "record the generation as that tenant's dataset.generated event in the ledger (sandbox up does this for plan datasets)")
    .addHelpText('after', GENERATE_HELP)
    .action(async (flags: GenerateFlags) => {
      const patients = wholeNumber('--patients', flags.patients);
      const seed = wholeNumber('--seed', flags.seed);
      // Checked before anything is written: the dataset must be the one the tenant's plan names.
      if (flags.tenant) await planDataset(flags.tenant, flags.profile, patients, seed, flags.shard);
      await withSynthetic(async (synthetic) => {
        const shard = flags.shard === undefined ? undefined : synthetic.parseShard(flags.shard);
        const profile = synthetic.loadDatasetProfile(flags.profile);
        // Re-hashing costs a fraction of regenerating, and only a hash check lets the printed
        // manifest hash vouch for the bytes on disk (a same-size edit keeps every file size).
        if (!flags.force && (await synthetic.isDatasetCurrent(flags.out, { profile, patients, seed, shard }, { verify: 'sha256' }))) {
          process.stdout.write(`${flags.out}: up to date: every file matches its SHA-256 in the manifest (manifest sha256 ${await synthetic.manifestSha256(flags.out)})\n`);
          return;
        }
        const manifest = await synthetic.generateDataset({ profile, patients, seed, outDir: flags.out, shard });
        const resources = manifest.output.reduce((n, o) => n + o.count, 0);
        const manifestSha256 = await synthetic.manifestSha256(flags.out);
        if (flags.tenant) {
          const record = { profile: profile.name, patients, seed, resources, manifestSha256, generatorVersion: manifest.extension.generator.version };
          await cliCall(() => recordGeneration(flags.tenant as string, record), { prefix: `sandbox data generate: ${flags.out} was written but not recorded in the ledger` });
        }
        const x = manifest.extension.shard;
        const patientsOfShard = x.patientCount > 0 ? `patients ${x.firstPatient}..${x.firstPatient + x.patientCount - 1}` : 'no patients: more shards than patients';
        const range = x.count > 1 ? ` (shard ${x.index}/${x.count}: ${patientsOfShard})` : '';
        process.stdout.write(`${flags.out}: ${x.patientCount} patients${range}, ${resources} resources in ${manifest.output.length} NDJSON files; manifest sha256 ${manifestSha256}\n`);
      });
    });

  data
    .command('combine')
    .description('join the shard directories of one dataset into the dataset a single run writes (same bytes, same manifest hash)')
    .requiredOption('--out <dir>', 'output directory for the combined dataset')
    .argument('<shardDir...>', 'the shard directories, in any order')
    .action(async (shardDirs: string[], flags: { out: string }) => {
      await withSynthetic(async (synthetic) => {
        const manifest = await synthetic.combineShards(shardDirs, flags.out);
        process.stdout.write(
          `${flags.out}: ${manifest.extension.patients} patients from ${shardDirs.length} shards; manifest sha256 ${await synthetic.manifestSha256(flags.out)}\n`,
        );
      });
    });

  data
    .command('profiles')
    .description('list the dataset profiles')
    .action(async () => {
      await withSynthetic(async (synthetic) => {
        for (const name of synthetic.listDatasetProfiles()) {
          const p = synthetic.loadDatasetProfile(name);
          process.stdout.write(`${name}\t${p.document.spec.careSetting}\t${p.document.metadata.description}\n`);
        }
      });
    });
}

/** The plan dataset `--tenant` refers to; refuses before generation when there is none. */
async function planDataset(tenantId: string, profile: string, patients: number, seed: number, shard: string | undefined): Promise<void> {
  if (shard !== undefined) throw new CliError('--tenant records a whole dataset: generate the shards without it, join them with `sandbox data combine`, and let `sandbox up` record the result', 1);
  const { findPlanResult, formatIssue } = await import('../../tenancy/index.ts');
  const found = findPlanResult(tenantId);
  if (!found.ok) throw new CliError(`--tenant: ${found.issues.map((i) => formatIssue(i)).join('\n')}`, 1);
  const named = found.plan.tenant.datasets.find((d) => d.profile === profile);
  if (!named || named.patients !== patients || named.seed !== seed) {
    const listed = found.plan.tenant.datasets.map((d) => `${d.profile} (patients ${d.patients}, seed ${d.seed})`).join(', ');
    throw new CliError(`--tenant ${tenantId}: the plan's datasets are ${listed}; --profile ${profile} --patients ${patients} --seed ${seed} is not one of them`, 1);
  }
}

/** A dataset generated for a tenant is evidence (AI Act Art. 10): its manifest hash goes to the ledger. */
async function recordGeneration(tenantId: string, d: { profile: string; patients: number; seed: number; resources: number; manifestSha256: string; generatorVersion: string }): Promise<void> {
  const { findPlan } = await import('../../tenancy/index.ts');
  const plan = findPlan(tenantId)!;
  const { openProjectLedger } = await import('../pipeline/project-ledger.ts');
  const { datasetGeneratedEvent } = await import('../pipeline/pipeline-events.ts');
  const pl = await openProjectLedger([plan]);
  const classification = plan.tenant.datasets.find((x) => x.profile === d.profile)!.classification;
  await pl.ledger.append(datasetGeneratedEvent(pl, { tenantId, ...d, classification, state: 'generated', seconds: 0 }));
}
