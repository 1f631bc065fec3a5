import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openLedger, peopleDirectory, type Ledger, type LedgerOptions, type NewEvent } from '../../audit/index.ts';

/** Fresh temporary directories, removed after each test. */
export function tempDirs(): (name?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name = 'ledger') => {
    const root = mkdtempSync(path.join(tmpdir(), 'audit-test-'));
    made.push(root);
    return path.join(root, name);
  };
}

export const SOURCE = { system: 'audit-test', version: '1' };

/** Two tenants with their people, as a plan would list them. */
export const ACTORS = peopleDirectory(
  new Map([
    ['diabetes-risk', [{ id: 'u-100', role: 'innovator' }, { id: 'u-300', role: 'supervisor' }]],
    ['triage-assist', [{ id: 'u-500', role: 'innovator' }]],
  ]),
);

export function testLedger(dir: string, options: LedgerOptions = {}): Ledger {
  return openLedger(dir, { actors: ACTORS, source: SOURCE, ...options });
}

/** A small event, distinct per n, with a fixed time so that runs are reproducible. */
export function sampleEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    tenant: n % 3 === 0 ? 'triage-assist' : 'diabetes-risk',
    type: n % 2 === 0 ? 'model.run.started' : 'model.run.finished',
    outcome: 'success',
    time: new Date(Date.UTC(2027, 0, 4, 9, 0, n)).toISOString(),
    actor: n % 3 === 0 ? { id: 'u-500' } : { id: 'u-100', accessPoint: 'cli@host-7' },
    details: { n, note: `run ${n}` },
    ...overrides,
  };
}

export function segmentFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'segments'))
    .sort()
    .map((name) => path.join(dir, 'segments', name));
}

export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

export function writeLines(file: string, lines: readonly string[]): void {
  writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

/** A copy of a ledger directory to tamper with. */
export function copyLedger(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}
