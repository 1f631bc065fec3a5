import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, peopleDirectory, queryEvents } from '../../audit/index.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { buildEvidenceReport, type EvidenceReport } from '../../supervisor/index.ts';
import { exportsFromEvents, runsFromEvents, type ExportHistory, type RunHistory } from '../../workflows/index.ts';
import { makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';

/**
 * The airlock, the exit report and the evidence report read one history. Steps that do not fit
 * it (a second decision on a request, a finish of a run that never started) must not make the
 * report say what the airlock does not.
 */

let f: SupervisorFixture;
let report: EvidenceReport;
let airlock: ExportHistory[];
let runs: RunHistory[];

beforeAll(async () => {
  f = await makeFixture();
  const ledger = openLedger(f.ledgerDir, { actors: peopleDirectory(new Map([[TENANT, f.plan.tenant.people]])), source: { system: 'supervisor-test', version: '1' } });
  const base = { tenant: TENANT, outcome: 'success' as const, authorisation: { plan: TENANT, exportRequest: 'exp-0002' } };
  await ledger.appendBatch([
    // exp-0002 was rejected by u-200; a later approval of it must not turn it around
    { ...base, type: 'export.approved', actor: { id: 'u-200' }, objects: [{ kind: 'file', id: 'runs/run-0001/model.onnx', sha256: sha256Hex('model') }], details: { requestId: 'exp-0002', reason: 'changed my mind', requestedBy: 'u-100' } },
    // a finish for a run nobody started
    { ...base, type: 'model.run.finished', actor: { id: 'u-100' }, authorisation: { plan: TENANT }, objects: [{ kind: 'run', id: 'run-0099' }], details: { runId: 'run-0099', exitCode: 0, durationMs: 5, outputs: 0 } },
  ]);
  report = await buildEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
  const { events } = await queryEvents(f.ledgerDir, { tenant: TENANT, limit: Infinity });
  airlock = exportsFromEvents(events, f.plan.tenant.people);
  runs = runsFromEvents(events);
});
afterAll(() => f.cleanup());

describe('one history for the airlock, the exit report and the evidence report', () => {
  it('the first decision on a request stands in all of them; a later one is listed as disregarded', () => {
    const decided = (state: string) => (state === 'released' ? 'approved' : state);
    expect(report.exports.map((e) => [e.requestId, e.decision?.kind, e.decision?.seq])).toEqual(airlock.map((e) => [e.requestId, e.decision ? decided(e.state) : undefined, e.decision?.seq]));
    expect(report.exports.find((e) => e.requestId === 'exp-0002')?.decision).toMatchObject({ kind: 'rejected', actor: 'u-200', reason: 'weights may memorise records' });
    expect(report.refusals.filter((r) => r.reason?.startsWith('disregarded:')).map((r) => [r.type, r.reason])).toEqual([
      ['export.approved', 'disregarded: export request exp-0002 was already rejected at seq 13'],
      ['model.run.finished', 'disregarded: run run-0099 has no recorded start'],
    ]);
  });

  it('a finish without a start is a run in none of them', () => {
    expect(report.runs.map((r) => r.runId)).toEqual(runs.map((r) => r.runId));
    expect(runs.map((r) => r.runId)).toEqual(['run-0001', 'run-0002']);
  });
});
