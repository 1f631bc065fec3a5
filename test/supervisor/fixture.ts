import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLedger, peopleDirectory, type NewEvent } from '../../audit/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { generateDataset, manifestSha256 } from '../../synthetic/index.ts';
import { findPlan, type LoadedPlan } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';

/**
 * A tenant as `sandbox up` and the workflows leave it, built in a temporary directory: the example
 * plan diabetes-risk, a build directory with a fingerprint, findings (one error, one waived
 * warning, one note) and a small generated dataset, and a ledger holding the events of
 * audit/EVENT-DETAILS.md: admission, synth, check, dataset, two model runs, two export requests
 * (one approved and released, one rejected after the requester's own approval was refused), a
 * refused model run and a supervisor's read.
 */

export const TENANT = 'diabetes-risk';
/** Plan text a participant controls, made hostile to prove every page escapes it. */
export const HOSTILE_PURPOSE = `<script>alert("purpose")</script> & <img src=x onerror=alert(1)>`;
export const HOSTILE_MESSAGE = '<b onmouseover="alert(2)">bucket</b> is public';

export interface SupervisorFixture {
  readonly root: string;
  readonly plansDir: string;
  readonly buildDir: string;
  readonly ledgerDir: string;
  readonly plan: LoadedPlan;
  readonly datasetSha256: string;
  cleanup(): void;
}

const t = (minute: number): string => new Date(Date.UTC(2027, 0, 4, 9, minute)).toISOString();

export async function makeFixture(options: { readonly synth?: boolean; readonly hostile?: boolean } = {}): Promise<SupervisorFixture> {
  const root = mkdtempSync(path.join(tmpdir(), 'supervisor-test-'));
  const plansDir = path.join(root, 'plans');
  const buildDir = path.join(root, 'build');
  const ledgerDir = path.join(root, 'ledger');
  mkdirSync(plansDir);
  let text = readFileSync(path.join(TENANTS_DIR, `${TENANT}.yaml`), 'utf8');
  if (options.hostile) text = text.replace(/^ {2}purpose: .*$/m, `  purpose: ${JSON.stringify(HOSTILE_PURPOSE)}`);
  writeFileSync(path.join(plansDir, `${TENANT}.yaml`), text);
  const plan = findPlan(TENANT, plansDir);
  if (!plan) throw new Error('fixture plan is invalid');
  const layout = tenantLayout(buildDir, TENANT);

  let fingerprint: string;
  if (options.synth) {
    const { synthesizeAll } = await import('../../bin/pipeline/synth-run.ts');
    await synthesizeAll([plan], { buildDir, engineOption: 'all', force: true });
    fingerprint = (JSON.parse(readFileSync(layout.fingerprintFile, 'utf8')) as { fingerprint: string }).fingerprint;
  } else {
    const files = { 'aws/Sandbox-diabetes-risk.template.json': sha256Hex('aws'), 'kubernetes/manifests.yaml': sha256Hex('k8s'), 'terraform/cdk.tf.json': sha256Hex('tf') };
    fingerprint = sha256Hex(JSON.stringify(files));
    mkdirSync(layout.root, { recursive: true });
    writeFileSync(layout.fingerprintFile, JSON.stringify({ tenant: TENANT, fingerprint, files, resources: { aws: 49, terraform: 95, kubernetes: 18 } }, null, 2));
  }
  writeFileSync(layout.findingsFile, JSON.stringify(findings(), null, 2));

  const datasetDir = layout.datasetDir('diabetes-cohort-nl');
  await generateDataset({ profile: 'diabetes-cohort-nl', patients: 60, seed: 7, outDir: datasetDir });
  const datasetSha256 = await manifestSha256(datasetDir);

  const ledger = openLedger(ledgerDir, {
    actors: peopleDirectory(new Map([[TENANT, plan.tenant.people]])),
    source: { system: 'supervisor-test', version: '1' },
  });
  await ledger.appendBatch(events(plan, fingerprint, datasetSha256));
  return { root, plansDir, buildDir, ledgerDir, plan, datasetSha256, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function findings(): unknown {
  return {
    findings: [
      {
        ruleId: 'SBX-NET-001',
        severity: 'error',
        file: 'build/diabetes-risk/aws/Sandbox-diabetes-risk.template.json',
        resource: 'TenantVpcIgw',
        message: 'an internet gateway is attached to the tenant network',
        references: ['AI Act Art. 59(1)(d)', 'NEN 7510 8.22'],
        outcome: 'NON_COMPLIANT',
      },
      {
        ruleId: 'SBX-DATA-006',
        severity: 'warning',
        file: 'build/diabetes-risk/aws/Sandbox-diabetes-risk.template.json',
        resource: 'ScratchBucket',
        message: HOSTILE_MESSAGE,
        references: ['GDPR Art. 32'],
        outcome: 'NON_COMPLIANT',
        waived: true,
        waiver: { reason: 'scratch space, emptied daily', approver: 'u-200', approverName: 'Fatima El Amrani', expires: '2027-03-01' },
      },
      {
        ruleId: 'SBX-K8S-010',
        severity: 'note',
        file: 'build/diabetes-risk/kubernetes/manifests.yaml',
        resource: 'Deployment/diabetes-risk/model',
        message: 'image digest cannot be decided before deploy',
        references: ['NEN 7510 8.9'],
        outcome: 'UNKNOWN',
      },
    ],
    summary: { errors: 1, warnings: 0, notes: 1, unknown: 1, waived: 1 },
  };
}

function events(plan: LoadedPlan, fingerprint: string, datasetSha256: string): NewEvent[] {
  const cli = { id: 'svc:sandbox-cli', accessPoint: 'cli@host-7' };
  const base = { tenant: TENANT, outcome: 'success' as const, authorisation: { plan: TENANT } };
  const dataset = { kind: 'dataset', id: 'diabetes-cohort-nl@7', sha256: datasetSha256, classification: 'synthetic' };
  const outputs = [
    { kind: 'output', id: 'metrics.json', sha256: sha256Hex('metrics') },
    { kind: 'output', id: 'model.onnx', sha256: sha256Hex('model') },
  ];
  return [
    { ...base, type: 'tenant.admitted', time: t(0), actor: cli, objects: [{ kind: 'plan', id: TENANT, sha256: plan.sha256 }], details: { profile: 'tabular-ml', riskClass: 'high', periodStart: '2027-01-04', periodEnd: '2027-06-30', planFile: 'plans/diabetes-risk.yaml' } },
    { ...base, type: 'tenant.synthesized', time: t(1), actor: cli, objects: [{ kind: 'artifact', id: 'aws/Sandbox-diabetes-risk.template.json', sha256: sha256Hex('aws') }], details: { fingerprint, engines: 'aws,terraform,kubernetes', resources: 'aws=49,terraform=95,kubernetes=18' } },
    { ...base, type: 'tenant.checked', time: t(2), outcome: 'failure', actor: cli, objects: [{ kind: 'environment', id: TENANT, sha256: fingerprint }], details: { errors: 1, warnings: 0, notes: 1, unknown: 1, waived: 1, waivers: 'w-1' } },
    { ...base, type: 'dataset.generated', time: t(3), actor: cli, objects: [dataset], ai: { datasetSha256 }, details: { profile: 'diabetes-cohort-nl', patients: 60, seed: 7, resources: 600, generatorVersion: '1.0.0' } },
    { ...base, type: 'model.run.started', time: t(10), actor: { id: 'u-100', accessPoint: 'cli@host-7' }, objects: [{ kind: 'run', id: 'run-0001' }, dataset], ai: { datasetSha256, modelDigest: `sha256:${sha256Hex('weights')}` }, details: { runId: 'run-0001', command: 'python train.py --epochs 3', network: 'none' } },
    { ...base, type: 'model.run.finished', time: t(12), actor: { id: 'u-100', accessPoint: 'cli@host-7' }, objects: [{ kind: 'run', id: 'run-0001' }, ...outputs], ai: { datasetSha256, modelDigest: `sha256:${sha256Hex('weights')}`, outputsSha256: sha256Hex('listing') }, details: { runId: 'run-0001', exitCode: 0, durationMs: 120_000, outputs: 2 } },
    { ...base, type: 'model.run.started', time: t(20), actor: { id: 'u-101' }, objects: [{ kind: 'run', id: 'run-0002' }, dataset], ai: { datasetSha256 }, details: { runId: 'run-0002', command: 'python eval.py', network: 'none' } },
    { ...base, type: 'model.run.finished', time: t(21), outcome: 'failure', actor: { id: 'u-101' }, objects: [{ kind: 'run', id: 'run-0002' }], ai: { datasetSha256, outputsSha256: sha256Hex('') }, details: { runId: 'run-0002', exitCode: 2, durationMs: 3_000, outputs: 0 } },
    { ...base, type: 'export.requested', time: t(30), actor: { id: 'u-100' }, authorisation: { plan: TENANT, exportRequest: 'exp-0001' }, objects: [{ kind: 'file', id: 'runs/run-0001/metrics.json', sha256: sha256Hex('metrics') }], details: { requestId: 'exp-0001', runId: 'run-0001', files: 1 } },
    { ...base, type: 'export.approved', time: t(31), actor: { id: 'u-200' }, authorisation: { plan: TENANT, exportRequest: 'exp-0001' }, objects: [{ kind: 'file', id: 'runs/run-0001/metrics.json', sha256: sha256Hex('metrics') }], details: { requestId: 'exp-0001', reason: 'aggregate metrics only', requestedBy: 'u-100' } },
    { ...base, type: 'export.released', time: t(32), actor: { id: 'u-200' }, authorisation: { plan: TENANT, exportRequest: 'exp-0001' }, objects: [{ kind: 'file', id: 'runs/run-0001/metrics.json', sha256: sha256Hex('metrics') }], details: { requestId: 'exp-0001', destination: 'exports/exp-0001/' } },
    { ...base, type: 'export.requested', time: t(40), actor: { id: 'u-100' }, authorisation: { plan: TENANT, exportRequest: 'exp-0002' }, objects: [{ kind: 'file', id: 'runs/run-0001/model.onnx', sha256: sha256Hex('model') }], details: { requestId: 'exp-0002', runId: 'run-0001', files: 1 } },
    // The requester tries to decide their own request: refused, and logged as such.
    { ...base, type: 'export.approved', time: t(40), outcome: 'denied', actor: { id: 'u-100' }, authorisation: { plan: TENANT, exportRequest: 'exp-0002' }, details: { requestId: 'exp-0002', requestedBy: 'u-100', reason: 'u-100 requested exp-0002 and cannot approve it' } },
    { ...base, type: 'export.rejected', time: t(41), actor: { id: 'u-200' }, authorisation: { plan: TENANT, exportRequest: 'exp-0002' }, objects: [{ kind: 'file', id: 'runs/run-0001/model.onnx', sha256: sha256Hex('model') }], details: { requestId: 'exp-0002', reason: 'weights may memorise records', requestedBy: 'u-100' } },
    { ...base, type: 'model.run.started', time: t(45), outcome: 'denied', actor: { id: 'u-300' }, details: { command: 'python peek.py', reason: 'u-300 is a supervisor; model runs need the innovator role' } },
    { ...base, type: 'ledger.accessed', time: t(50), actor: { id: 'u-300', accessPoint: 'cli@laptop' }, objects: [{ kind: 'ledger-view', id: 'show' }], details: { filter: 'tenant=diabetes-risk', returned: 13 } },
  ];
}
