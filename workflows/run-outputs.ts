import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TenantBuildLayout } from '../common/build-layout.ts';
import { exportFileId } from './airlock.ts';
import { listFiles, type ListedFile } from './file-listing.ts';
import type { ExportHistory } from './ledger-history.ts';
import { RUN_OUTPUT_DIR, RUN_RECORD_FILE } from './model-run.ts';

/**
 * What model runs left in the tenant's run directories, deleted at exit (AI Act Art. 59(1)(g): the
 * tenant leaves nothing behind but its evidence). Outputs are results computed on the tenant's data;
 * those released through the airlock already have their approved copy under `exports/`, which
 * stays. Each run's run.json stays: it is the test log (command, hashes), not data.
 */

export interface RunOutputFile {
  readonly runId: string;
  /** The path relative to the run's output directory. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  /** These bytes left the sandbox through the airlock; the released copy stays under exports/. */
  readonly released: boolean;
  /**
   * `disk`: found and deleted at exit. `run.json`: already gone when the exit looked (an exit cut
   * short had deleted it, or someone removed it by hand), listed as the run recorded it.
   */
  readonly source: 'disk' | 'run.json';
}

async function runIds(runsDir: string): Promise<string[]> {
  try {
    return (await readdir(runsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function listedOnDisk(dir: string): Promise<ListedFile[]> {
  try {
    return await listFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The outputs run.json recorded; none when it is missing or unreadable (a run cut short before writing it). */
async function recordedOutputs(runDir: string): Promise<ListedFile[]> {
  try {
    const record = JSON.parse(await readFile(path.join(runDir, RUN_RECORD_FILE), 'utf8')) as { outputs?: unknown };
    return Array.isArray(record.outputs)
      ? record.outputs.filter((o): o is ListedFile => typeof o?.path === 'string' && typeof o?.sha256 === 'string' && typeof o?.size === 'number')
      : [];
  } catch {
    return [];
  }
}

/** Every run's outputs, by run and path: what is on disk, then what run.json lists that is not. */
export async function runOutputs(layout: TenantBuildLayout, exports: readonly ExportHistory[]): Promise<RunOutputFile[]> {
  const released = new Set(exports.filter((e) => e.state === 'released').flatMap((e) => e.files.map((f) => `${f.id} ${f.sha256}`)));
  const files: RunOutputFile[] = [];
  for (const runId of await runIds(layout.runsDir)) {
    const runDir = layout.runDir(runId);
    const onDisk = await listedOnDisk(path.join(runDir, RUN_OUTPUT_DIR));
    const seen = new Set(onDisk.map((f) => f.path));
    const gone = (await recordedOutputs(runDir)).filter((f) => !seen.has(f.path));
    const entry = (f: ListedFile, source: RunOutputFile['source']): RunOutputFile => ({
      runId,
      path: f.path,
      sha256: f.sha256,
      size: f.size,
      released: released.has(`${exportFileId(runId, f.path)} ${f.sha256}`),
      source,
    });
    files.push(...[...onDisk.map((f) => entry(f, 'disk')), ...gone.map((f) => entry(f, 'run.json'))].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  }
  return files;
}

/** Deletes every run's output directory; run.json stays. */
export async function deleteRunOutputs(layout: TenantBuildLayout): Promise<void> {
  for (const runId of await runIds(layout.runsDir)) await rm(path.join(layout.runDir(runId), RUN_OUTPUT_DIR), { recursive: true, force: true });
}
