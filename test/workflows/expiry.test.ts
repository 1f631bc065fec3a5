import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger, peopleDirectory, queryEvents } from '../../audit/index.ts';
import { findPlan } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';
import { setPlanStatus } from '../../tenancy/plan-status-edit.ts';
import { expiredTenants, suspendExpiredTenants, suspensionWorkloadStop } from '../../workflows/index.ts';

const tenant = (end: string, status: 'active' | 'suspended' | 'exited' = 'active') => ({ status, period: { start: '2027-01-01', end } });

describe('expiredTenants', () => {
  it('is the active tenants whose period ended before today; the end date itself still counts', () => {
    const ended = tenant('2027-06-30');
    const endsToday = tenant('2027-07-01');
    const suspended = tenant('2027-01-31', 'suspended');
    const exited = tenant('2027-01-31', 'exited');
    expect(expiredTenants([ended, endsToday, suspended, exited], '2027-07-01')).toEqual([ended]);
    expect(expiredTenants([ended, endsToday], '2027-06-30')).toEqual([]);
    expect(expiredTenants([ended], '2028-01-01')).toEqual([ended]);
  });

  it('rejects a today that is not a calendar date', () => {
    expect(() => expiredTenants([], '2027-02-30')).toThrow(/not a date written YYYY-MM-DD/);
    expect(() => expiredTenants([], '1 July 2027')).toThrow(/not a date/);
  });
});

describe('suspendExpiredTenants', () => {
  it('suspends expired plans (comments kept) and records tenant.expired then tenant.suspended by svc:sandbox-cli', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-expiry-'));
    const plansDir = path.join(root, 'plans');
    mkdirSync(plansDir);
    for (const id of ['diabetes-risk', 'triage-assist']) {
      copyFileSync(path.join(TENANTS_DIR, `${id}.yaml`), path.join(plansDir, `${id}.yaml`));
      // whatever status the checkout's own example has
      setPlanStatus(path.join(plansDir, `${id}.yaml`), 'active');
    }
    const load = () => ['diabetes-risk', 'triage-assist'].map((id) => findPlan(id, plansDir)!);
    const planFile = path.join(plansDir, 'diabetes-risk.yaml');
    const before = readFileSync(planFile, 'utf8');
    const ledgerDir = path.join(root, 'ledger');
    const ledger = openLedger(ledgerDir, { actors: peopleDirectory(new Map()), source: { system: 'sandbox-cli', version: 'test' } });

    // diabetes-risk ends 2027-06-30, triage-assist 2028-08-31
    const done = await suspendExpiredTenants(load(), '2027-07-15', ledger);
    expect(done.map((d) => d.tenant)).toEqual(['diabetes-risk']);
    const after = readFileSync(planFile, 'utf8');
    expect(after).toBe(before.replace(/^( {2}status: )active$/m, '$1suspended'));
    expect(findPlan('triage-assist', plansDir)!.tenant.status).toBe('active');

    const { events } = await queryEvents(ledgerDir, { tenant: 'diabetes-risk', limit: Infinity });
    expect(events.map((e) => [e.type, e.actor.id, e.details?.previousStatus])).toEqual([
      ['tenant.expired', 'svc:sandbox-cli', 'active'],
      ['tenant.suspended', 'svc:sandbox-cli', 'active'],
    ]);
    expect(events[0]!.details).toMatchObject({ periodEnd: '2027-06-30', today: '2027-07-15' });
    // a quota stops no running pod: the event records how to stop them, for `up` to print
    const stop = suspensionWorkloadStop({ id: 'diabetes-risk' });
    expect(events[1]!.details).toMatchObject({ reason: 'period-expired', workloadStop: { namespace: 'sbx-diabetes-risk', when: stop.when, procedure: stop.procedure } });
    expect(done[0]).toMatchObject({ expiredSeq: events[0]!.seq, suspendedSeq: events[1]!.seq, workloadStop: stop });

    // a second `up` finds nothing left to do
    expect(await suspendExpiredTenants(load(), '2027-07-16', ledger)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });
});
