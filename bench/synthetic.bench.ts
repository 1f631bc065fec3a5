import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset } from '../synthetic/index.ts';
import { NdjsonWriter } from '../synthetic/ndjson-writer.ts';

/**
 * Synthetic data generation for diabetes-cohort-nl (issue 5):
 * - patients per second per CPU second (the generator runs on one thread; CPU time counts the
 *   hashing and write threads too, so the per-core figure is honest);
 * - the ratio to a baseline in the same run that only serialises (JSON.stringify) and writes the
 *   same resources from pre-built objects through the same writer (goal: within 3×);
 * - peak RSS for 100 000 patients in a fresh process, against the same process before generating
 *   (it must stream, not hold the dataset).
 */
const PROFILE = 'diabetes-cohort-nl';
const here = path.dirname(fileURLToPath(import.meta.url));
// On tmpfs the disk's write speed stays out of a CPU figure; generator and baseline share the target.
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(fn: () => Promise<void>): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const TYPES = ['Patient', 'Encounter', 'Condition', 'Observation', 'MedicationRequest'] as const;

async function baselineWrite(objects: Map<string, unknown[]>, dir: string): Promise<void> {
  for (const [type, list] of objects) {
    const writer = await NdjsonWriter.create(path.join(dir, `${type}.ndjson`));
    for (let i = 0; i < list.length; i++) {
      writer.add(JSON.stringify(list[i]));
      if ((i & 255) === 255 && writer.needsFlush) await writer.flush();
    }
    await writer.close();
  }
}

function peakForPatients(patients: number): { idleMiB: number; peakMiB: number; seconds: number } {
  const out = mkdtempSync(path.join(scratch, 'synthetic-peak-'));
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'synthetic.bench.ts'), '--peak-child', String(patients), path.join(out, 'data')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as { idleMiB: number; peakMiB: number; seconds: number };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(scratch, 'synthetic-bench-'));
  try {
    const print = (line: string): boolean => process.stdout.write(`${line}\n`);
    await generateDataset({ profile: PROFILE, patients: 2000, seed: 1, outDir: path.join(root, 'warm-up') });
    rmSync(path.join(root, 'warm-up'), { recursive: true, force: true });

    const patients = 10_000;
    let resources = 0;
    let bytes = 0;
    const gen = await timed(async () => {
      const m = await generateDataset({ profile: PROFILE, patients, seed: 1, outDir: path.join(root, 'generated') });
      resources = m.output.reduce((n, o) => n + o.count, 0);
      bytes = m.output.reduce((n, o) => n + o.extension.size, 0);
    });

    const objects = new Map<string, unknown[]>();
    for (const type of TYPES) {
      const text = readFileSync(path.join(root, 'generated', `${type}.ndjson`), 'utf8');
      objects.set(type, text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown));
    }
    const baselineDir = mkdtempSync(path.join(root, 'baseline-'));
    const base = await timed(() => baselineWrite(objects, baselineDir));
    objects.clear();
    const sameBytes = TYPES.every((t) => readFileSync(path.join(baselineDir, `${t}.ndjson`)).equals(readFileSync(path.join(root, 'generated', `${t}.ndjson`))));

    print(`${PROFILE}: ${patients} patients, ${resources} resources (${(resources / patients).toFixed(1)} per patient), ${(bytes / 2 ** 20).toFixed(0)} MiB NDJSON`);
    print(`generator:  ${(patients / (gen.wallMs / 1000)).toFixed(0)} patients/s wall, ${(patients / (gen.cpuMs / 1000)).toFixed(0)} patients per CPU second (goal >= 5000), ${(resources / (gen.wallMs / 1000) / 1000).toFixed(0)}k resources/s`);
    print(`baseline (JSON.stringify + write of the same pre-built objects): ${(patients / (base.wallMs / 1000)).toFixed(0)} patients/s wall, ${(patients / (base.cpuMs / 1000)).toFixed(0)} per CPU second; identical bytes: ${sameBytes}`);
    print(`ratio generator/baseline: ${(gen.wallMs / base.wallMs).toFixed(2)}x wall, ${(gen.cpuMs / base.cpuMs).toFixed(2)}x CPU (goal <= 3x)`);

    print(`output directory: ${scratch}`);
    for (const n of [10_000, 100_000]) {
      const peak = peakForPatients(n);
      print(`${n} patients in a fresh process: ${peak.seconds.toFixed(1)} s, peak RSS ${peak.peakMiB.toFixed(0)} MiB vs ${peak.idleMiB.toFixed(0)} MiB before generating (output ~${((bytes / patients) * n / 2 ** 30).toFixed(2)} GiB)`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--peak-child') {
  const patients = Number(process.argv[3]);
  const outDir = process.argv[4] as string;
  const idleMiB = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  await generateDataset({ profile: PROFILE, patients, seed: 1, outDir });
  const seconds = (performance.now() - t0) / 1000;
  // maxRSS is in KiB and covers the whole life of the process.
  process.stdout.write(`${JSON.stringify({ idleMiB, peakMiB: process.resourceUsage().maxRSS / 1024, seconds })}\n`);
}
