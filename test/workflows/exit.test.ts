import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySignedJson, type SignedJson } from '../../audit/index.ts';
import type { EngineOutput } from '../../stacks/engine.ts';
import { setPlanStatus } from '../../tenancy/plan-status-edit.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { exitTenant, openTenantContext, WorkflowRefusal, type ExitReport, type TenantContext } from '../../workflows/index.ts';
import { createWorkspace } from './workspace.ts';

/** A stand-in for the engines: one Kubernetes namespace while the tenant lives, nothing once it has exited. */
async function render(tenant: Tenant): Promise<EngineOutput[]> {
  const content = tenant.status === 'exited' ? 'apiVersion: v1\nkind: List\nitems: []\n' : `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sbx-${tenant.id}\n`;
  return [{ engine: 'kubernetes', resources: 0, artifacts: [{ path: 'kubernetes/manifests.yaml', content }] }];
}

/** triage-assist with its dataset generated, and a way to open a fresh context on it. */
async function triageAssist() {
  const ws = await createWorkspace(['triage-assist']);
  const open = () => openTenantContext(ws.plan('triage-assist'), { buildDir: ws.buildDir, ledgerDir: ws.ledgerDir, source: { system: 'test', version: '0' } });
  return { ws, dataDir: path.join(ws.buildDir, 'triage-assist', 'data'), open };
}

describe('exitTenant', () => {
  it('finishes an exit that was cut short after the plan already said exited', async () => {
    const ws = await createWorkspace(['triage-assist']);
    setPlanStatus(ws.planFile('triage-assist'), 'exited');
    const ctx = openTenantContext(ws.plan('triage-assist'), { buildDir: ws.buildDir, ledgerDir: ws.ledgerDir, source: { system: 'test', version: '0' } });

    const result = await exitTenant(ctx, { personId: 'u-220', render });
    expect(existsSync(path.join(ws.buildDir, 'triage-assist', 'data'))).toBe(false);
    const signed = JSON.parse(readFileSync(result.reportFile, 'utf8')) as SignedJson<ExitReport>;
    expect(await verifySignedJson(signed, { dir: ws.ledgerDir })).toEqual({ ok: true });
    expect(signed.payload).toMatchObject({
      exit: { previousStatus: 'exited', by: { id: 'u-220', role: 'data-steward' }, reason: 'end of participation' },
      datasetsDeleted: [{ id: 'ed-triage-nl@3' }],
      resourcesRemoved: { total: 1, kubernetes: [{ id: 'Namespace/sbx-triage-assist', type: 'v1/Namespace' }] },
    });
    expect(result.closingCheckpoint?.details).toMatchObject({ sealedSeq: result.exited.seq });

    const again = openTenantContext(ws.plan('triage-assist'), { buildDir: ws.buildDir, ledgerDir: ws.ledgerDir, source: { system: 'test', version: '0' } });
    await expect(exitTenant(again, { personId: 'u-420', render })).rejects.toThrow(WorkflowRefusal);
    ws.dispose();
  });

  it('exits a tenant that never had data or events: nothing to delete, no checkpoint to anchor yet, and still sealed after', async () => {
    const ws = await createWorkspace(['diabetes-risk']);
    rmSync(path.join(ws.buildDir, 'diabetes-risk', 'data'), { recursive: true });
    const ctx = openTenantContext(ws.plan('diabetes-risk'), { buildDir: ws.buildDir, ledgerDir: ws.ledgerDir, source: { system: 'test', version: '0' } });
    const result = await exitTenant(ctx, { personId: 'u-400', reason: 'withdrawn before the start', render });
    expect(result.report.datasetsDeleted).toEqual([]);
    expect(result.report.ledger.finalCheckpoint).toBeNull();
    expect(result.exited.seq).toBe(0);
    expect(result.closingCheckpoint?.details).toMatchObject({ sealedSeq: 0, reason: 'tenant-exit' });
    ws.dispose();
  });

  it('records a deletion before deleting: an exit whose deletion record failed deletes nothing, and the next run records and deletes', async () => {
    const { ws, dataDir, open } = await triageAssist();
    // a ledger that refuses the batch of deletion records (a full disk, a lock taken away)
    const ctx = open();
    const refusing: TenantContext = { ...ctx, ledger: Object.assign(Object.create(ctx.ledger) as typeof ctx.ledger, { appendBatch: () => Promise.reject(new Error('disk full')) }) };
    await expect(exitTenant(refusing, { personId: 'u-220', render })).rejects.toThrow('disk full');
    expect(readdirSync(dataDir)).toEqual(['ed-triage-nl']);

    const result = await exitTenant(open(), { personId: 'u-220', render });
    expect(existsSync(dataDir)).toBe(false);
    const deleted = await ws.events('triage-assist', 'dataset.deleted');
    expect(deleted.map((e) => e.objects?.[0]?.id)).toEqual(['ed-triage-nl@3']);
    expect(result.report.datasetsDeleted).toEqual([expect.objectContaining({ id: 'ed-triage-nl@3', seq: deleted[0]!.seq, manifestSha256: deleted[0]!.objects![0]!.sha256 })]);
    ws.dispose();
  });

  it('an exit cut short after recording the deletions deletes on the next run without recording them twice, and reports them', async () => {
    const { ws, dataDir, open } = await triageAssist();
    // the process dies right after the deletion records are durable
    const ctx = open();
    const dying: TenantContext = {
      ...ctx,
      ledger: Object.assign(Object.create(ctx.ledger) as typeof ctx.ledger, {
        appendBatch: async (events: Parameters<typeof ctx.ledger.appendBatch>[0]) => {
          await ctx.ledger.appendBatch(events);
          throw new Error('killed');
        },
      }),
    };
    await expect(exitTenant(dying, { personId: 'u-220', render })).rejects.toThrow('killed');
    expect(await ws.events('triage-assist', 'dataset.deleted')).toHaveLength(1);

    const result = await exitTenant(open(), { personId: 'u-220', render });
    expect(existsSync(dataDir)).toBe(false);
    const deleted = await ws.events('triage-assist', 'dataset.deleted');
    expect(deleted).toHaveLength(1);
    expect(result.report.datasetsDeleted).toEqual([expect.objectContaining({ id: 'ed-triage-nl@3', profile: 'ed-triage-nl', seed: 3, seq: deleted[0]!.seq })]);
    ws.dispose();
  });

  it("deletes every run's outputs and lists them with their hashes; what an exit cut short already deleted, as run.json recorded it", async () => {
    const { ws, open } = await triageAssist();
    const runsDir = path.join(ws.buildDir, 'triage-assist', 'runs');
    const file = (text: string) => ({ sha256: createHash('sha256').update(text).digest('hex'), size: Buffer.byteLength(text) });
    // one run's outputs still on disk; another's gone already, named by its run.json only
    const onDisk = path.join(runsDir, 'r-20270301T100000-aaaa');
    mkdirSync(path.join(onDisk, 'output', 'plots'), { recursive: true });
    writeFileSync(path.join(onDisk, 'output', 'metrics.json'), '{"auc":0.8}');
    writeFileSync(path.join(onDisk, 'output', 'plots', 'roc.csv'), '0,0\n1,1\n');
    writeFileSync(path.join(onDisk, 'run.json'), '{}');
    const gone = path.join(runsDir, 'r-20270302T100000-bbbb');
    mkdirSync(gone);
    writeFileSync(path.join(gone, 'run.json'), JSON.stringify({ outputs: [{ path: 'model-card.md', ...file('# card\n') }] }));

    const result = await exitTenant(open(), { personId: 'u-220', render });
    expect(result.report.runOutputsDeleted).toEqual([
      { runId: 'r-20270301T100000-aaaa', path: 'metrics.json', ...file('{"auc":0.8}'), released: false, source: 'disk' },
      { runId: 'r-20270301T100000-aaaa', path: 'plots/roc.csv', ...file('0,0\n1,1\n'), released: false, source: 'disk' },
      { runId: 'r-20270302T100000-bbbb', path: 'model-card.md', ...file('# card\n'), released: false, source: 'run.json' },
    ]);
    expect(readdirSync(onDisk)).toEqual(['run.json']);
    expect(readdirSync(gone)).toEqual(['run.json']);
    expect(result.exited.details).toMatchObject({ runOutputsDeleted: 3 });
    ws.dispose();
  });
});
