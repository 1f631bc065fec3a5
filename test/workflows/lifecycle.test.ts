import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger, verifySignedJson, type SignedJson } from '../../audit/index.ts';
import { manifestSha256 } from '../../synthetic/index.ts';
import { exitWorkloadStop, suspensionWorkloadStop, type ExitReport, type RunRecord } from '../../workflows/index.ts';
import { createWorkspace, runIdOf, type Workspace } from './workspace.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const TENANT = 'diabetes-risk';

let ws: Workspace;

/** The plan as written, with only the status value blanked: what must survive every edit byte for byte. */
function withoutStatus(text: string): string {
  return text.replace(/^(\s*status: )\S+$/m, '$1…');
}

beforeAll(async () => {
  ws = await createWorkspace([TENANT]);
});

afterAll(() => ws.dispose());

describe('sandbox suspend / resume', () => {
  it('refuses anyone but a platform engineer or data steward, naming person, role and who may', async () => {
    const [innovator, supervisor, stranger, resume] = await Promise.all([
      ws.cli(['suspend', TENANT, '--as', 'u-100', '--reason', 'x']),
      ws.cli(['suspend', TENANT, '--as', 'u-300', '--reason', 'x']),
      ws.cli(['exit', TENANT, '--as', 'u-999']),
      ws.cli(['resume', TENANT, '--as', 'u-101']),
    ]);
    for (const result of [innovator, supervisor, stranger, resume]) expect(result.code).toBe(1);
    expect(innovator.stderr).toMatch(/u-100 has role innovator in tenant diabetes-risk's plan; suspend is allowed for platform-engineer or data-steward only \(u-400, u-200\)/);
    expect(supervisor.stderr).toMatch(/u-300 has role supervisor in tenant diabetes-risk's plan; suspend is allowed for platform-engineer or data-steward only/);
    expect(stranger.stderr).toMatch(/u-999 is not a person of tenant diabetes-risk's plan; exit is allowed for platform-engineer or data-steward only/);
    expect(resume.stderr).toMatch(/u-101 has role innovator .* resume is allowed for platform-engineer or data-steward only/);
    expect(ws.plan(TENANT).tenant.status).toBe('active');
    const denied = [...(await ws.events(TENANT, 'tenant.suspended')), ...(await ws.events(TENANT, 'tenant.exited')), ...(await ws.events(TENANT, 'tenant.resumed'))];
    expect(denied.map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied', 'denied']);
  });

  it('suspends and resumes by editing only spec.status, each step in the ledger', async () => {
    const file = ws.planFile(TENANT);
    const before = readFileSync(file, 'utf8');
    const suspended = await ws.cli(['suspend', TENANT, '--as', 'u-400', '--reason', 'incident 2027-014']);
    expect(suspended.stderr).toBe('');
    expect(suspended.code).toBe(0);
    const afterSuspend = readFileSync(file, 'utf8');
    expect(afterSuspend).toMatch(/^ {2}status: suspended$/m);
    expect(withoutStatus(afterSuspend)).toBe(withoutStatus(before));
    expect(afterSuspend).toContain('# Admitted 2026-11: a primary-care risk model');
    expect(afterSuspend).toContain('medicalDeviceClass: IIa          # informs GP management decisions: MDR rule 11');
    const [event] = (await ws.events(TENANT, 'tenant.suspended')).filter((e) => e.outcome === 'success');
    // a quota stops no pod that already runs: the command prints the steps that do, and the event records them
    const stop = suspensionWorkloadStop({ id: TENANT });
    expect(event).toMatchObject({
      actor: { id: 'u-400', role: 'platform-engineer' },
      objects: [{ kind: 'plan', id: TENANT, sha256: sha256(afterSuspend) }],
      details: { reason: 'incident 2027-014', previousStatus: 'active', workloadStop: { namespace: 'sbx-diabetes-risk', when: stop.when, procedure: stop.procedure } },
    });
    expect(suspended.stdout).toContain(stop.when);
    for (const line of stop.procedure) expect(suspended.stdout).toContain(`      ${line}\n`);
    expect(suspended.stdout).toContain('kubectl -n "$ns" delete pods --all');

    const again = await ws.cli(['suspend', TENANT, '--as', 'u-200', '--reason', 'twice']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already suspended/);

    const late = await ws.cli(['resume', TENANT, '--as', 'u-200', '--today', '2027-07-01']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/period ended on 2027-06-30; extend spec.period.end in .* before resuming/);

    const resumed = await ws.cli(['resume', TENANT, '--as', 'u-200', '--reason', 'incident closed', '--today', '2027-02-01']);
    expect(resumed.code).toBe(0);
    const afterResume = readFileSync(file, 'utf8');
    expect(afterResume).toBe(before);
    const [resumeEvent] = (await ws.events(TENANT, 'tenant.resumed')).filter((e) => e.outcome === 'success');
    expect(resumeEvent).toMatchObject({
      actor: { id: 'u-200', role: 'data-steward' },
      objects: [{ kind: 'plan', id: TENANT, sha256: sha256(before) }],
      details: { reason: 'incident closed', previousStatus: 'suspended' },
    });
  });
});

describe('sandbox exit', () => {
  it('deletes the datasets, writes a signed exit report with runs, exports and removed resources, and seals it in the ledger', async () => {
    const run = await ws.cli(['run', TENANT, '--as', 'u-100', '--', 'sh', '-c', 'echo 0.82 > "$SANDBOX_OUTPUT_DIR/auc.txt"; mkdir "$SANDBOX_OUTPUT_DIR/per-patient"; echo 1,0.4 > "$SANDBOX_OUTPUT_DIR/per-patient/scores.csv"']);
    expect(run.code).toBe(0);
    const runId = runIdOf(run);
    const requested = await ws.cli(['export', 'request', TENANT, '--as', 'u-100', '--run', runId, '--file', 'auc.txt']);
    const requestId = requested.stdout.trim().split('\n').at(-1)!;
    expect((await ws.cli(['export', 'approve', TENANT, requestId, '--as', 'u-200', '--reason', 'one number'])).code).toBe(0);
    const dataDir = path.join(ws.buildDir, TENANT, 'data', 'diabetes-cohort-nl');
    const datasetHash = await manifestSha256(dataDir);
    const planBefore = readFileSync(ws.planFile(TENANT), 'utf8');

    const exited = await ws.cli(['exit', TENANT, '--as', 'u-400', '--reason', 'participation complete']);
    expect(exited.stderr).toBe('');
    expect(exited.code).toBe(0);

    // the plan says exited, everything else byte for byte; the personal data is gone
    const planAfter = readFileSync(ws.planFile(TENANT), 'utf8');
    expect(planAfter).toMatch(/^ {2}status: exited$/m);
    expect(withoutStatus(planAfter)).toBe(withoutStatus(planBefore));
    expect(existsSync(path.join(ws.buildDir, TENANT, 'data'))).toBe(false);
    // so are the run's outputs; its record stays, and so does the copy the airlock released
    const runDir = path.join(ws.buildDir, TENANT, 'runs', runId);
    expect(existsSync(path.join(runDir, 'output'))).toBe(false);
    expect(existsSync(path.join(runDir, 'run.json'))).toBe(true);
    expect(readFileSync(path.join(ws.buildDir, TENANT, 'exports', requestId, 'files', 'auc.txt'), 'utf8')).toBe('0.82\n');
    expect(exited.stdout).toContain(`run outputs deleted: 2 file(s) of 1 run(s)`);
    expect(exited.stdout).toContain(`${sha256('0.82\n')}  ${runId}/auc.txt  (released)`);
    expect(exited.stdout).toContain(`${sha256('1,0.4\n')}  ${runId}/per-patient/scores.csv\n`);
    const [deleted] = await ws.events(TENANT, 'dataset.deleted');
    expect(deleted).toMatchObject({
      outcome: 'success',
      actor: { id: 'u-400', role: 'platform-engineer' },
      objects: [{ kind: 'dataset', id: 'diabetes-cohort-nl@7', sha256: datasetHash, classification: 'synthetic' }],
      details: { reason: 'tenant-exit' },
    });

    const reportFile = path.join(ws.buildDir, TENANT, 'exit-report.json');
    const reportText = readFileSync(reportFile, 'utf8');
    const signed = JSON.parse(reportText) as SignedJson<ExitReport>;
    expect(await verifySignedJson(signed, { dir: ws.ledgerDir })).toEqual({ ok: true });
    const forged = { ...signed, payload: { ...signed.payload, datasetsDeleted: [] } };
    expect((await verifySignedJson(forged, { dir: ws.ledgerDir })).ok).toBe(false);
    // what a supervisor runs, with the published key
    const checked = await ws.cli(['report', '--verify', reportFile, '--pub', path.join(ws.ledgerDir, 'ledger.pub')]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/--expect-head \d+:[0-9a-f]{64}/);

    const report = signed.payload;
    expect(report).toMatchObject({
      kind: 'sandbox-exit-report',
      tenant: { id: TENANT, purpose: 'Predict 5-year type 2 diabetes risk from primary-care records', period: { start: '2027-01-04', end: '2027-06-30' } },
      plan: { sha256: sha256(planAfter) },
      exit: { by: { id: 'u-400', role: 'platform-engineer' }, reason: 'participation complete', previousStatus: 'active' },
      datasetsDeleted: [{ id: 'diabetes-cohort-nl@7', manifestSha256: datasetHash, seq: deleted!.seq }],
      runOutputsDeleted: [
        { runId, path: 'auc.txt', sha256: sha256('0.82\n'), size: 5, released: true, source: 'disk' },
        { runId, path: 'per-patient/scores.csv', sha256: sha256('1,0.4\n'), size: 6, released: false, source: 'disk' },
      ],
      workloads: exitWorkloadStop({ id: TENANT }),
    });
    expect(report.summary).toMatch(/At exit 1 dataset\(s\) and 2 run output file\(s\) were deleted \(the approved copies of the 1 released through the airlock stay with the exports\)/);
    // until the deploy deletes the namespace, its jobs and pods run on: how to stop them sooner
    expect(exited.stdout).toContain(report.workloads.when);
    expect(exited.stdout).toContain('kubectl -n "$ns" delete pods --all');
    const runRecord = JSON.parse(readFileSync(path.join(ws.buildDir, TENANT, 'runs', runId, 'run.json'), 'utf8')) as RunRecord;
    const testedRun = report.tested.runs.find((r) => r.runId === runId)!;
    expect(testedRun).toMatchObject({ actor: 'u-100', datasetSha256: datasetHash, finished: { exitCode: 0, outputsSha256: runRecord.outputsSha256 } });
    expect(report.exports).toEqual([expect.objectContaining({ requestId, state: 'released', requestedBy: 'u-100', decision: expect.objectContaining({ by: 'u-200' }) })]);

    // removed: the workload space, data stores, network and the innovators' roles; kept: the log stores and the supervisor's access
    const removed = report.resourcesRemoved;
    expect(removed.kubernetes.map((r) => r.id)).toContain('Namespace/sbx-diabetes-risk');
    expect(removed.aws.some((r) => r.type === 'AWS::S3::Bucket' && /DataStore/.test(r.id))).toBe(true);
    expect(removed.aws.some((r) => r.type === 'AWS::EC2::VPC')).toBe(true);
    expect(removed.terraform.some((r) => r.type === 'aws_vpc')).toBe(true);
    expect(removed.total).toBe(removed.aws.length + removed.terraform.length + removed.kubernetes.length);
    expect(removed.aws.some((r) => r.type === 'AWS::IAM::Role' && r.id.startsWith('Personu100'))).toBe(true);
    expect(removed.aws.some((r) => r.id.startsWith('Personu300') || r.id.startsWith('LogStore'))).toBe(false);
    expect(report.resourcesRetained.aws).toBeGreaterThan(0);

    // CloudFormation cannot delete a versioned bucket that holds versions: the report and the
    // command say to empty the data stores first; Terraform deletes them with their contents
    const stores = ['data', 'results', 'work'];
    expect(report.dataStores.emptyBeforeCdkDeploy.map((s) => s.bucket)).toEqual(stores.map((s) => `sbx-\${ACCOUNT_ID}-${TENANT}-${s}`));
    expect(report.dataStores.emptyBeforeCdkDeploy.every((s) => removed.aws.some((r) => r.id === s.id && r.type === 'AWS::S3::Bucket'))).toBe(true);
    expect(report.dataStores.deletedByTerraformApply.map((s) => s.id).sort()).toEqual(['aws_s3_bucket.datasets', 'aws_s3_bucket.results', 'aws_s3_bucket.workspace']);
    const procedure = report.dataStores.procedure.join('\n');
    expect(procedure).toMatch(/aws s3api delete-bucket-policy --bucket "\$b"/);
    expect(procedure).toMatch(/aws s3api list-object-versions .*\[Versions, DeleteMarkers\]/);
    expect(procedure).toMatch(/aws s3api delete-objects --bucket "\$b"/);
    expect(exited.stdout).toMatch(/Before the next `cdk deploy`: empty 3 data store\(s\) of every object version/);
    expect(exited.stdout).toContain(`"sbx-\${ACCOUNT_ID}-${TENANT}-data"`);
    expect(exited.stdout).toMatch(/`terraform apply` \(or `tofu apply`\) deletes 3 data store\(s\) with every object version itself/);
    expect(report.summary).toMatch(/with CDK once its 3 data store\(s\) are emptied/);
    // what the stack keeps by its DeletionPolicy is not counted as removed
    const detached = report.resourcesDetached.aws.map((r) => r.id);
    expect(detached.some((id) => id.startsWith('LogGroupflowlogs'))).toBe(true);
    expect(removed.aws.some((r) => detached.includes(r.id))).toBe(false);

    // the report's checkpoint is a real, signed checkpoint of this ledger
    const checkpoints = await ws.events(TENANT, 'ledger.checkpoint');
    const final = report.ledger.finalCheckpoint!;
    const anchor = checkpoints.find((c) => c.seq === final.seq)!;
    expect(anchor.hash).toBe(final.hash);
    expect(anchor.details).toMatchObject({ reason: 'tenant-exit', signature: final.signature, sealedSeq: deleted!.seq });
    expect(report.ledger.head).toMatchObject({ seq: anchor.seq, hash: anchor.hash });

    // tenant.exited carries the report's hash and is itself sealed by the next checkpoint
    const [exitEvent] = (await ws.events(TENANT, 'tenant.exited')).filter((e) => e.outcome === 'success');
    expect(exitEvent).toMatchObject({
      actor: { id: 'u-400', role: 'platform-engineer' },
      objects: [{ kind: 'plan', id: TENANT, sha256: sha256(planAfter) }],
      details: {
        reason: 'participation complete',
        exitReportSha256: sha256(reportText),
        removedResources: removed.total,
        runOutputsDeleted: 2,
        workloadStop: { namespace: 'sbx-diabetes-risk', procedure: report.workloads.procedure },
      },
    });
    const closing = checkpoints.find((c) => c.seq === exitEvent!.seq + 1);
    expect(closing?.details).toMatchObject({ reason: 'tenant-exit', sealedSeq: exitEvent!.seq, sealedHash: exitEvent!.hash });
    expect((await verifyLedger(ws.ledgerDir)).ok).toBe(true);

    // and afterwards: no second exit, no runs, no exports
    const [twice, runAfter, exportAfter] = await Promise.all([
      ws.cli(['exit', TENANT, '--as', 'u-200']),
      ws.cli(['run', TENANT, '--as', 'u-100', '--', 'true']),
      ws.cli(['export', 'request', TENANT, '--as', 'u-100', '--run', runId, '--file', 'auc.txt']),
    ]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/has already exited \(seq \d+/);
    expect(runAfter.code).toBe(1);
    expect(runAfter.stderr).toMatch(/refuses model runs: it has exited/);
    expect(exportAfter.code).toBe(1);
    expect(exportAfter.stderr).toMatch(/refuses export requests: it has exited/);
  });
});
