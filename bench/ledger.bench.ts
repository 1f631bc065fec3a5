import { spawnSync } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLedger, queryEvents, type NewEvent } from '../audit/index.ts';

/**
 * The ledger's figures (issue 6): durable appends per second with group commit against one
 * fdatasync per event, verify throughput including signature checks over a 1-million-event
 * ledger with checkpoints at the default interval, verify's peak memory (it must stream), and
 * the supervisor UI's page latency. Baselines are measured in the same run: a bare
 * write+fdatasync loop for appends, a process that only loads the ledger code for memory.
 */

const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const LEDGER_EVENTS = Number(process.env.LEDGER_BENCH_EVENTS ?? 1_000_000);
const SINGLE_APPENDS = 300;
const GROUP_BATCH = 1_000;
const GROUP_BATCHES = 50;
const SOURCE = { system: 'ledger-bench', version: '1' };
const TENANTS = ['diabetes-risk', 'discharge-summary', 'triage-assist', 'sepsis-alert', 'retina-screen'];
const TYPES = ['model.run.started', 'model.run.finished', 'dataset.generated', 'tenant.checked', 'export.requested'] as const;

/** Realistic size (~550 bytes a line): a model run with its objects and hashes. */
function sampleEvent(i: number, time: string): NewEvent {
  // The first tenant gets half of all events: the UI pages through 100 000+ of one tenant.
  const tenant = i % 2 === 0 ? TENANTS[0]! : TENANTS[1 + (i % (TENANTS.length - 1))]!;
  return {
    tenant,
    type: TYPES[i % TYPES.length]!,
    outcome: 'success',
    time,
    actor: { id: 'svc:ci', accessPoint: 'ci@runner-3' },
    objects: [{ kind: 'dataset', id: `${tenant}-cohort@7`, sha256: 'ab'.repeat(32), classification: 'synthetic' }],
    ai: { modelDigest: `sha256:${'cd'.repeat(32)}`, datasetSha256: 'ab'.repeat(32) },
    details: { run: i, command: 'python train.py --epochs 3', exitCode: 0 },
  };
}

function rate(count: number, ms: number): number {
  return Math.round(count / (ms / 1000));
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function bareFdatasyncRate(dir: string): number {
  const fd = openSync(path.join(dir, 'baseline.log'), 'a');
  const line = `${'x'.repeat(550)}\n`;
  const start = performance.now();
  for (let i = 0; i < SINGLE_APPENDS; i++) {
    writeSync(fd, line);
    fdatasyncSync(fd);
  }
  const ms = performance.now() - start;
  closeSync(fd);
  return rate(SINGLE_APPENDS, ms);
}

interface ChildFigures {
  readonly ms: number;
  /** CPU time of all the child's threads, in ms. */
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly heapUsed: number;
  readonly result?: { ok: boolean; events: number; checkpoints: number; firstBad?: unknown };
}

/** Runs verify (or nothing, for the baseline) in a fresh process, so its peak RSS is its own. */
function inChild(scratch: string, dir: string | undefined, workers?: number): ChildFigures {
  const code = `
    import { verifyLedger } from ${JSON.stringify(path.join(PROJECT_ROOT, 'audit', 'index.ts'))};
    const dir = ${JSON.stringify(dir ?? null)};
    const start = performance.now();
    const cpu = process.cpuUsage();
    const r = dir === null ? undefined : await verifyLedger(dir, ${workers === undefined ? '{}' : `{ workers: ${workers} }`});
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const result = r && { ok: r.ok, events: r.events, checkpoints: r.checkpoints, firstBad: r.firstBad };
    process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed, result }));
  `;
  const script = path.join(scratch, 'verify-child.mts');
  writeFileSync(script, code);
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`verify child failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildFigures;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'ledger-bench-'));
  // Wall-clock rates depend on what else the machine runs: say so next to them.
  process.stdout.write(`${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start\n`);
  try {
    // 1. Appends: bare fdatasync loop, one event per commit, then group commit.
    const bare = bareFdatasyncRate(root);
    const single = openLedger(path.join(root, 'single'), { source: SOURCE });
    let start = performance.now();
    for (let i = 0; i < SINGLE_APPENDS; i++) await single.append(sampleEvent(i, '2027-01-04T09:00:00.000Z'));
    const singleRate = rate(SINGLE_APPENDS, performance.now() - start);

    const grouped = openLedger(path.join(root, 'group'), { source: SOURCE });
    start = performance.now();
    for (let b = 0; b < GROUP_BATCHES; b++) {
      await grouped.appendBatch(Array.from({ length: GROUP_BATCH }, (_, i) => sampleEvent(b * GROUP_BATCH + i, '2027-01-04T09:00:00.000Z')));
    }
    const groupRate = rate(GROUP_BATCH * GROUP_BATCHES, performance.now() - start);

    // Many callers appending one event each at once: the writer merges them into group commits.
    const concurrent = openLedger(path.join(root, 'concurrent'), { source: SOURCE });
    start = performance.now();
    await Promise.all(Array.from({ length: 20_000 }, (_, i) => concurrent.append(sampleEvent(i, '2027-01-04T09:00:00.000Z'))));
    const concurrentRate = rate(20_000, performance.now() - start);

    process.stdout.write(`durable appends (each acknowledged only after fdatasync):\n`);
    process.stdout.write(`  bare write+fdatasync loop (baseline):      ${fmt(bare)} /s\n`);
    process.stdout.write(`  ledger, one event per commit:              ${fmt(singleRate)} /s  (${(singleRate / bare).toFixed(2)}x baseline; lock + 2 signed head writes + fdatasync)\n`);
    process.stdout.write(`  ledger, appendBatch of ${fmt(GROUP_BATCH)}:            ${fmt(groupRate)} /s  (${(groupRate / singleRate).toFixed(1)}x single-event, goal >= 30,000/s)\n`);
    process.stdout.write(`  ledger, 20,000 concurrent append() calls:  ${fmt(concurrentRate)} /s  (${(concurrentRate / singleRate).toFixed(1)}x single-event)\n`);

    // 2. A 1-million-event ledger through the real writer, checkpoints at the default interval.
    const big = path.join(root, 'big');
    const ledger = openLedger(big, { source: SOURCE });
    const base = Date.parse('2027-01-04T00:00:00.000Z');
    start = performance.now();
    for (let from = 0; from < LEDGER_EVENTS; from += 10_000) {
      const count = Math.min(10_000, LEDGER_EVENTS - from);
      await ledger.appendBatch(Array.from({ length: count }, (_, i) => sampleEvent(from + i, new Date(base + (from + i) * 1000).toISOString())));
    }
    const buildMs = performance.now() - start;
    const bytes = statSync(path.join(big, 'segments', '000000000000.jsonl')).size;
    process.stdout.write(`\n${fmt(LEDGER_EVENTS)}-event ledger: ${(bytes / 1024 / 1024).toFixed(0)} MiB, written in ${(buildMs / 1000).toFixed(1)} s (${fmt(rate(LEDGER_EVENTS, buildMs))} events/s, batches of 10,000)\n`);

    // 3. Verify, each in its own process: sequential, then with worker threads (the default).
    const idle = inChild(root, undefined);
    const sequential = inChild(root, big, 0);
    const parallel = inChild(root, big);
    for (const figures of [sequential, parallel]) {
      if (!figures.result?.ok) throw new Error(`verify failed on the bench ledger: ${JSON.stringify(figures.result)}`);
    }
    const seqRate = rate(sequential.result!.events, sequential.ms);
    const parRate = rate(parallel.result!.events, parallel.ms);
    process.stdout.write(`verify (hash, chain, schema, canonical form, ${fmt(parallel.result!.checkpoints)} checkpoint signatures + head signature):\n`);
    const perCpu = (f: ChildFigures) => fmt(rate(f.result!.events, f.cpuMs));
    process.stdout.write(`  one thread:               ${fmt(seqRate)} events/s (${(sequential.ms / 1000).toFixed(2)} s; ${perCpu(sequential)} events per CPU-second)\n`);
    process.stdout.write(`  worker threads (default): ${fmt(parRate)} events/s (${(parallel.ms / 1000).toFixed(2)} s, ${(parRate / seqRate).toFixed(2)}x one thread; ${perCpu(parallel)} events per CPU-second; goal >= 200,000/s)\n`);
    const mib = (kb: number) => (kb / 1024).toFixed(0);
    process.stdout.write(`  peak RSS: one thread ${mib(sequential.maxRssKb)} MiB, workers ${mib(parallel.maxRssKb)} MiB, against ${mib(idle.maxRssKb)} MiB for a process that only loads the code`);
    process.stdout.write(` (+${mib(sequential.maxRssKb - idle.maxRssKb)} / +${mib(parallel.maxRssKb - idle.maxRssKb)} MiB for a ${(bytes / 1024 / 1024).toFixed(0)} MiB ledger; heap after: ${(sequential.heapUsed / 1024 / 1024).toFixed(0)} MiB)\n`);

    // 4. Query: the supervisor UI pages through one tenant's events.
    start = performance.now();
    const first = await queryEvents(big, { tenant: TENANTS[0], limit: 100 });
    const firstMs = performance.now() - start;
    const pages: number[] = [];
    for (const offset of [0, 25_000, 250_000, first.total - 100]) {
      start = performance.now();
      await queryEvents(big, { tenant: TENANTS[0], offset, limit: 100, reverse: true });
      pages.push(performance.now() - start);
    }
    start = performance.now();
    await queryEvents(big, { tenant: TENANTS[0], type: 'model.run.finished', since: '2027-01-05', limit: 100 });
    const filtered = performance.now() - start;
    process.stdout.write(`query (${fmt(first.total)} events of one tenant; load average ${loadavg()[0]!.toFixed(1)} at the end):\n`);
    process.stdout.write(`  first page, index built: ${firstMs.toFixed(0)} ms; later pages of 100: ${pages.map((ms) => ms.toFixed(1)).join(' / ')} ms; tenant+type+since: ${filtered.toFixed(1)} ms (goal <= 200 ms)\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
