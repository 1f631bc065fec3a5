import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerDataCommands } from '../../bin/commands/data.ts';
import { kubernetesManifests } from '../../stacks/kubernetes/index.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { ofKind } from './objects.ts';

/**
 * The dataset Jobs' commands, run by the real `sandbox data` commands with the volume mounted at a
 * temporary directory: the loader's shard paths and the combiner's must agree, and the result is
 * the dataset a single run writes.
 */
const base = exampleTenants().find((t) => t.id === 'diabetes-risk')!;
const dataset = { ...base.datasets[0]!, patients: 40 };
const tenant = { ...base, datasets: [dataset] };

/** The container's `sandbox …` arguments with the volume at `root` and the completion index filled in. */
function commandOf(jobName: string, root: string, index = 0): string[] {
  const job = ofKind(kubernetesManifests(tenant), 'Job').find((j) => j.metadata?.name === jobName)!;
  const [container] = job.spec?.template.spec?.containers ?? [];
  expect(container?.command).toEqual(['sandbox']);
  return (container?.args ?? []).map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', String(index)).replace(/^\/data(?=\/|$)/, root));
}

async function sandbox(args: readonly string[]): Promise<void> {
  const program = new Command('sandbox').exitOverride();
  registerDataCommands(program);
  await program.parseAsync(['node', 'sandbox', ...args]);
}

const manifestHash = (dir: string) => sha256Hex(readFileSync(path.join(dir, 'manifest.json')));

describe('dataset Jobs run by the sandbox CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loads the shards, refuses to combine before they are there, then combines them into /data/<profile>', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const root = mkdtempSync(path.join(tmpdir(), 'sbx-volume-'));
    // Under kubectl both Jobs start together: an early combine fails (and the Job retries it).
    await expect(sandbox(commandOf(`combine-${dataset.profile}`, root))).rejects.toThrow(/holds no generated dataset/);
    await sandbox(commandOf(`load-${dataset.profile}`, root));
    await sandbox(commandOf(`combine-${dataset.profile}`, root));

    const single = path.join(mkdtempSync(path.join(tmpdir(), 'sbx-single-')), 'out');
    await sandbox(['data', 'generate', '--profile', dataset.profile, '--patients', String(dataset.patients), '--seed', String(dataset.seed), '--out', single]);
    expect(manifestHash(path.join(root, dataset.profile))).toBe(manifestHash(single));
  });
});
