import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LEDGER_KEY_ENV, type JsonValue } from '../audit/index.ts';
import { writeFileAtomic } from '../common/atomic-write.ts';
import { sha256Hex } from '../common/sha256.ts';
import { authorise, statusBlocks } from './authorisation.ts';
import { sha256File } from '../common/sha256.ts';
import { listFiles, listingSha256, type ListedFile } from './file-listing.ts';
import { newRunId } from './ids.ts';
import { IsolationUnavailable, probeIsolation, runIsolated } from './network-isolated-exec.ts';
import { WorkflowRefusal } from './refusal.ts';
import { shellCommand } from './shell-words.ts';
import { combinedDatasetSha256, datasetObject, plannedDatasets } from './tenant-datasets.ts';
import { personActor, refuse, type TenantContext } from './tenant-context.ts';

/**
 * `sandbox run`: an innovator's model command against the tenant's synthetic data, without
 * network, recorded as the Annex IV 2(g) test log: `model.run.started` and `model.run.finished`
 * in the ledger (dated, hash-chained, signed at the next checkpoint) and `run.json` beside the
 * outputs.
 */

export interface ModelRunRequest {
  readonly personId: string;
  readonly argv: readonly string[];
  /** A model file, or a container image pinned by digest (`name@sha256:<hex>`). */
  readonly model?: string | undefined;
  /** Extra environment for the command (the CLI's own environment is not passed on). */
  readonly env?: Readonly<Record<string, string>>;
  readonly stdio?: 'inherit' | 'pipe';
}

export interface RunDataset {
  readonly id: string;
  readonly profile: string;
  readonly seed: number | null;
  readonly manifestSha256: string | null;
  readonly classification: string;
}

/** What `runs/<run-id>/run.json` holds. */
export interface RunRecord {
  readonly runId: string;
  readonly tenant: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly command: readonly string[];
  readonly model: { readonly reference: string; readonly digest: string } | null;
  readonly datasets: readonly RunDataset[];
  readonly datasetSha256: string | null;
  readonly network: 'none';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly exitCode: number;
  readonly outputs: readonly ListedFile[];
  readonly outputsSha256: string;
  readonly ledger: { readonly startedSeq: number; readonly startedHash: string; readonly finishedSeq: number; readonly finishedHash: string };
}

export interface ModelRunResult {
  readonly record: RunRecord;
  readonly runDir: string;
  readonly stdout: string;
  readonly stderr: string;
}

export const RUN_RECORD_FILE = 'run.json';
export const RUN_OUTPUT_DIR = 'output';
/**
 * Longer commands keep, in the ledger, the head of their display form and the hash of their argv;
 * run.json holds every word.
 */
const MAX_COMMAND_CHARS = 2000;
/** One event holds at most 100 objects: the run itself plus this many outputs (all are in run.json and ai.outputsSha256). */
const MAX_OUTPUT_OBJECTS = 99;
const IMAGE_DIGEST = /^[^\s@]+@(sha256:[0-9a-f]{64})$/;

/**
 * The command as the ledger records it: `argv`, the words exactly as they were passed, and
 * `command`, the same words quoted for a POSIX shell (what people read; it splits back into
 * `argv`). A command too long for an event keeps the head of `command` and `argvSha256`, the
 * SHA-256 of the JSON array of its words: of `JSON.stringify(command)` in the run's run.json.
 */
export function commandDetails(argv: readonly string[]): Record<string, JsonValue> {
  const command = shellCommand(argv);
  const json = JSON.stringify(argv);
  if (json.length <= MAX_COMMAND_CHARS && command.length <= MAX_COMMAND_CHARS) return { argv: [...argv], command };
  return { command: `${head(command, MAX_COMMAND_CHARS)}…`, argvSha256: sha256Hex(json), argc: argv.length };
}

/** The first `max` UTF-16 units of `text`, never half a surrogate pair (the ledger refuses lone surrogates). */
function head(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** `sha256:<hex>` of a model file, or the digest an image reference is pinned to. */
export async function modelDigest(reference: string): Promise<{ digest: string; file: string | undefined }> {
  let info;
  try {
    info = await stat(reference);
  } catch {
    const pinned = IMAGE_DIGEST.exec(reference);
    if (pinned) return { digest: pinned[1]!, file: undefined };
    throw new WorkflowRefusal(`--model ${reference}: no such file, and not a container image pinned by digest (name@sha256:<64 hex digits>)`);
  }
  if (!info.isFile()) throw new WorkflowRefusal(`--model ${reference}: not a file; give a model file (an archive for a directory) or an image pinned by digest`);
  return { digest: `sha256:${await sha256File(reference)}`, file: path.resolve(reference) };
}

/** The environment of the command: only what a run needs, never the caller's credentials. */
function runEnvironment(extra: Readonly<Record<string, string>>, fixed: Record<string, string>): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const key of ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TZ']) {
    const value = process.env[key];
    if (value !== undefined) passed[key] = value;
  }
  passed.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return { ...passed, ...extra, ...fixed };
}

async function createRunDir(runsDir: string): Promise<{ runId: string; runDir: string }> {
  await mkdir(runsDir, { recursive: true });
  for (;;) {
    const runId = newRunId();
    const runDir = path.join(runsDir, runId);
    try {
      await mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export async function runModel(ctx: TenantContext, request: ModelRunRequest): Promise<ModelRunResult> {
  const { tenant } = ctx.plan;
  if (request.argv.length === 0) throw new WorkflowRefusal('no command to run: give it after `--`, e.g. sandbox run <id> --as <person> -- python train.py');
  const command = commandDetails(request.argv);
  const auth = authorise(tenant, request.personId, 'run');
  if (!auth.ok) return refuse(ctx, 'model.run.started', request.personId, auth.person, auth.message, command);
  const person = auth.person;
  const blocked = statusBlocks(tenant, 'model runs', ['active']);
  if (blocked) return refuse(ctx, 'model.run.started', person.id, person, blocked, command);

  const { datasets, problems } = await plannedDatasets(tenant, ctx.layout);
  if (problems.length > 0) throw new WorkflowRefusal(`tenant ${tenant.id} cannot run models yet: ${problems.join('; ')}`);
  const model = request.model === undefined ? undefined : { reference: request.model, ...(await modelDigest(request.model)) };

  const unavailable = await probeIsolation(runEnvironment(request.env ?? {}, {}));
  if (unavailable) return refuse(ctx, 'model.run.started', person.id, person, `model run refused: ${unavailable}`, { ...command, network: 'unavailable' });

  const { runId, runDir } = await createRunDir(ctx.layout.runsDir);
  const outputDir = path.join(runDir, RUN_OUTPUT_DIR);
  await mkdir(outputDir);
  const env = runEnvironment(request.env ?? {}, {
    SANDBOX_TENANT: tenant.id,
    SANDBOX_RUN_ID: runId,
    SANDBOX_DATA_DIR: ctx.layout.dataDir,
    SANDBOX_OUTPUT_DIR: outputDir,
    ...(model?.file && { SANDBOX_MODEL: model.file }),
  });

  const datasetSha256 = combinedDatasetSha256(datasets.flatMap((d) => (d.manifestSha256 ? [d.manifestSha256] : [])));
  const ai = { ...(datasetSha256 && { datasetSha256 }), ...(model && { modelDigest: model.digest }) };
  const actor = personActor(ctx, person);
  const started = await ctx.ledger.append({
    tenant: tenant.id,
    type: 'model.run.started',
    outcome: 'success',
    actor,
    objects: [{ kind: 'run', id: runId }, ...datasets.map(datasetObject)],
    authorisation: { plan: tenant.id },
    ...(Object.keys(ai).length > 0 && { ai }),
    details: { runId, ...command, network: 'none', datasets: datasets.length },
  });

  let exitCode: number;
  let durationMs: number;
  let stdout = '';
  let stderr = '';
  let isolationProblem: string | undefined;
  try {
    const result = await runIsolated({
      argv: request.argv,
      env,
      readOnly: [...datasets.map((d) => d.dir), ...(model?.file ? [model.file] : [])],
      writable: [outputDir],
      // Other tenants' files, this tenant's evidence and the ledger with its signing key stay out of reach.
      hidden: [ctx.buildDir, ctx.ledger.dir],
      hiddenFiles: process.env[LEDGER_KEY_ENV] ? [process.env[LEDGER_KEY_ENV]] : [],
      stdio: request.stdio ?? 'inherit',
    });
    ({ exitCode, durationMs, stdout, stderr } = result);
  } catch (error) {
    if (!(error instanceof IsolationUnavailable)) throw error;
    isolationProblem = error.message;
    exitCode = 125;
    durationMs = 0;
  }

  const outputs = await listFiles(outputDir);
  const outputsSha256 = listingSha256(outputs);
  const listed = outputs.filter((o) => o.path.length <= 300).slice(0, MAX_OUTPUT_OBJECTS);
  const finished = await ctx.ledger.append({
    tenant: tenant.id,
    type: 'model.run.finished',
    outcome: exitCode === 0 ? 'success' : 'failure',
    actor,
    objects: [{ kind: 'run', id: runId }, ...listed.map((o) => ({ kind: 'output', id: o.path, sha256: o.sha256 }))],
    authorisation: { plan: tenant.id },
    ai: { ...ai, outputsSha256 },
    details: {
      runId,
      exitCode,
      durationMs,
      outputs: outputs.length,
      startedSeq: started.seq,
      ...(listed.length < outputs.length && { outputsListed: listed.length }),
      ...(isolationProblem && { network: 'unavailable' }),
    },
  });

  const record: RunRecord = {
    runId,
    tenant: tenant.id,
    actor: { id: person.id, role: person.role },
    command: [...request.argv],
    model: model ? { reference: model.reference, digest: model.digest } : null,
    datasets: datasets.map(({ id, profile, seed, manifestSha256, classification }) => ({ id, profile, seed, manifestSha256, classification })),
    datasetSha256: datasetSha256 ?? null,
    network: 'none',
    startedAt: started.time,
    finishedAt: finished.time,
    durationMs,
    exitCode,
    outputs,
    outputsSha256,
    ledger: { startedSeq: started.seq, startedHash: started.hash, finishedSeq: finished.seq, finishedHash: finished.hash },
  };
  await writeFileAtomic(path.join(runDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  if (isolationProblem) throw new WorkflowRefusal(`model run ${runId} refused: ${isolationProblem}`);
  return { record, runDir, stdout, stderr };
}
