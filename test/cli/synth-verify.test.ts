import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../common/sha256.ts';
import { fingerprintListing } from '../../stacks/fingerprint.ts';
import { runCli } from '../support/run-cli.ts';
import { cliWorkspace, type CliWorkspace } from './cli-workspace.ts';

let ws: CliWorkspace;
const synth = (...extra: string[]) => runCli(['synth', '--plans', ws.plansDir, '--out', ws.buildDir, ...extra], { env: ws.env });

beforeAll(() => {
  ws = cliWorkspace();
});
afterAll(() => rmSync(ws.root, { recursive: true, force: true }));

describe('sandbox synth', () => {
  it('writes every engine for every tenant, with a fingerprint a user can recompute', async () => {
    const result = await synth();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/diabetes-risk\s+synthesized\s+\d+\s+\d+\s+\d+\s+0E 0W\s+[0-9a-f]{12}/);
    for (const id of ['diabetes-risk', 'discharge-summary', 'triage-assist']) {
      const root = path.join(ws.buildDir, id);
      expect(existsSync(path.join(root, 'aws', `Sandbox-${id}.template.json`))).toBe(true);
      expect(existsSync(path.join(root, 'terraform', 'cdk.tf.json'))).toBe(true);
      expect(existsSync(path.join(root, 'kubernetes', 'manifests.yaml'))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(root, 'findings.json'), 'utf8')).summary.errors).toBe(0);
      const recorded = JSON.parse(readFileSync(path.join(root, 'fingerprint.json'), 'utf8'));
      // Recompute from the files on disk, as the README tells a supervisor to.
      const files = Object.fromEntries(Object.keys(recorded.files).map((rel: string) => [rel, sha256Hex(readFileSync(path.join(root, rel)))]));
      expect(files).toEqual(recorded.files);
      expect(sha256Hex(fingerprintListing(files))).toBe(recorded.fingerprint);
      expect(recorded.resources).toMatchObject({ aws: expect.any(Number), terraform: expect.any(Number), kubernetes: expect.any(Number) });
    }
    expect(readdirSync(path.join(ws.buildDir, 'platform', 'aws')).sort()).toEqual(['SandboxPlatform.template.json', 'service-control-policy.json']);
    const ledger = await runCli(['ledger', 'show', '--format', 'json', '--tenant', 'diabetes-risk', '--as', 'u-300'], { env: ws.env });
    const types = JSON.parse(ledger.stdout).events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['tenant.synthesized', 'tenant.checked']));
  });

  it('skips unchanged tenants and rebuilds one whose output was edited by hand', async () => {
    const template = path.join(ws.buildDir, 'triage-assist', 'aws', 'Sandbox-triage-assist.template.json');
    const original = readFileSync(template, 'utf8');
    const again = await synth();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/diabetes-risk\s+unchanged/);
    writeFileSync(template, original.replace('"EnableKeyRotation": true', '"EnableKeyRotation": false'));
    const repaired = await synth();
    expect(repaired.stdout).toMatch(/triage-assist\s+synthesized/);
    expect(repaired.stdout).toMatch(/diabetes-risk\s+unchanged/);
    expect(readFileSync(template, 'utf8')).toBe(original);
  });

  it('gives the same bytes on a forced re-synthesis', async () => {
    const before = readFileSync(path.join(ws.buildDir, 'discharge-summary', 'fingerprint.json'), 'utf8');
    expect((await synth('--force')).code).toBe(0);
    expect(readFileSync(path.join(ws.buildDir, 'discharge-summary', 'fingerprint.json'), 'utf8')).toBe(before);
  });

  it('refuses an invalid plan with exit 1 and writes nothing', async () => {
    const broken = cliWorkspace();
    try {
      writeFileSync(broken.plan('diabetes-risk'), readFileSync(broken.plan('diabetes-risk'), 'utf8').replace('region: eu-central-1', 'region: us-east-1'));
      const result = await runCli(['synth', '--plans', broken.plansDir, '--out', broken.buildDir], { env: broken.env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/diabetes-risk\.yaml:\d+: spec\.region: .*\[eu-region\]/);
      expect(existsSync(broken.buildDir)).toBe(false);
      expect(existsSync(broken.ledgerDir)).toBe(false);
    } finally {
      rmSync(broken.root, { recursive: true, force: true });
    }
  });

  it('refuses an invalid waivers file before synthesizing anything', async () => {
    const other = cliWorkspace();
    try {
      const waivers = path.join(other.root, 'waivers.yaml');
      writeFileSync(waivers, 'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n  - { rule: SBX-KMS-001 }\n');
      const result = await runCli(['synth', '--plans', other.plansDir, '--out', other.buildDir, '--tenant', 'diabetes-risk', '--waivers', waivers], { env: other.env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/waivers\.yaml.*\n.*problem\(s\) in the waivers file; nothing was synthesized or written/s);
      expect(existsSync(other.buildDir)).toBe(false);
    } finally {
      rmSync(other.root, { recursive: true, force: true });
    }
  });

  it('keeps findings.json true to the artifacts on disk, and records paths relative to the build directory', async () => {
    const findings = JSON.parse(readFileSync(path.join(ws.buildDir, 'diabetes-risk', 'findings.json'), 'utf8'));
    expect(findings.findings).toEqual([]);
    const files = JSON.parse(readFileSync(path.join(ws.buildDir, 'diabetes-risk', 'findings.json'), 'utf8')).artifacts ?? [];
    for (const artifact of files) expect(artifact.file).toMatch(/^diabetes-risk\/(aws|terraform|kubernetes)\//);
    // Deleting the findings makes the next synth re-check instead of trusting its cache.
    rmSync(path.join(ws.buildDir, 'diabetes-risk', 'findings.json'));
    const again = await synth('--tenant', 'diabetes-risk');
    expect(again.stdout).toMatch(/diabetes-risk\s+synthesized/);
    expect(existsSync(path.join(ws.buildDir, 'diabetes-risk', 'findings.json'))).toBe(true);
  });

  it('brings back the platform stack when it is missing, without rebuilding unchanged tenants', async () => {
    rmSync(path.join(ws.buildDir, 'platform'), { recursive: true, force: true });
    const result = await synth();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/discharge-summary\s+unchanged/);
    expect(readdirSync(path.join(ws.buildDir, 'platform', 'aws')).sort()).toEqual(['SandboxPlatform.template.json', 'service-control-policy.json']);
  });
});

describe('sandbox synth and the files beside its output', () => {
  it('keeps Terraform\'s working files across a re-synthesis, outside the fingerprint, and never mixes two plans', async () => {
    const own = cliWorkspace();
    try {
      const args = ['--plans', own.plansDir, '--out', own.buildDir, '--tenant', 'diabetes-risk'];
      expect((await runCli(['synth', ...args], { env: own.env })).code).toBe(0);
      const tf = path.join(own.buildDir, 'diabetes-risk', 'terraform');
      // What an operator's `terraform init && apply` leaves in the root module's directory.
      const working: Record<string, string> = {
        'backend.tf': 'terraform { backend "s3" {} }\n',
        'terraform.tfstate': '{"version":4,"serial":7}\n',
        '.terraform.lock.hcl': '# lock\n',
        '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws': '\u0000\u00ffbinary',
      };
      for (const [rel, text] of Object.entries(working)) {
        mkdirSync(path.dirname(path.join(tf, rel)), { recursive: true });
        writeFileSync(path.join(tf, rel), text);
      }
      writeFileSync(path.join(tf, 'stale.tf.json'), '{}');
      // A changed plan, synthesized for one engine only.
      writeFileSync(own.plan('diabetes-risk'), readFileSync(own.plan('diabetes-risk'), 'utf8').replace('cpu: 8,', 'cpu: 12,'));
      const partial = await runCli(['synth', ...args, '--engine', 'kubernetes'], { env: own.env });
      expect(partial.code).toBe(0);
      // Every engine on disk was re-run from the new plan, and the table says so.
      expect(partial.stdout).toMatch(/diabetes-risk\s+synthesized\s+\d+\s+\d+\s+\d+\s+0E 0W/);
      for (const [rel, text] of Object.entries(working)) expect(readFileSync(path.join(tf, rel), 'utf8')).toBe(text);
      expect(existsSync(path.join(tf, 'stale.tf.json'))).toBe(false);
      const recorded = JSON.parse(readFileSync(path.join(own.buildDir, 'diabetes-risk', 'fingerprint.json'), 'utf8'));
      expect(Object.keys(recorded.files).sort()).toEqual(expect.arrayContaining(['terraform/cdk.tf.json', 'kubernetes/manifests.yaml']));
      expect(Object.keys(recorded.files).filter((rel) => /tfstate|backend\.tf$|\.terraform/.test(rel))).toEqual([]);
      const verify = await runCli(['verify', 'diabetes-risk', '--plans', own.plansDir, '--out', own.buildDir], { env: own.env });
      expect(verify.stdout).toMatch(/same environment/);
      expect(verify.code).toBe(0);
    } finally {
      rmSync(own.root, { recursive: true, force: true });
    }
  });

  it('names a damaged fingerprint.json instead of taking it for none, and refuses an --out that is a file', async () => {
    const own = cliWorkspace();
    try {
      const file = path.join(own.buildDir, 'triage-assist', 'fingerprint.json');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ tenant: 'triage-assist', fingerprint: 'f'.repeat(64), files: { '../../etc/passwd': '0'.repeat(64) } }));
      const verify = await runCli(['verify', 'triage-assist', '--plans', own.plansDir, '--out', own.buildDir], { env: own.env });
      expect(verify.code).toBe(2);
      expect(verify.stderr).toMatch(/triage-assist\/fingerprint\.json: not a fingerprint this tool wrote.*\n\s+files\.\.\.\/\.\.\/etc\/passwd: must be a path inside an engine folder/s);
      writeFileSync(own.buildDir + '.file', 'x');
      const synth = await runCli(['synth', '--plans', own.plansDir, '--out', own.buildDir + '.file'], { env: own.env });
      expect(synth.code).toBe(1);
      expect(synth.stderr).toMatch(/^--out: .* exists and is not a directory/);
      const under = await runCli(['synth', '--plans', own.plansDir, '--out', path.join(own.buildDir + '.file', 'sub')], { env: own.env });
      expect(under.code).toBe(1);
      expect(under.stderr).toMatch(/^--out: .*sub cannot be made: .*\.file is not a directory/);
      const unknown = await runCli(['verify', 'nope', '--plans', own.plansDir, '--out', own.buildDir], { env: own.env });
      expect(unknown.stderr).toMatch(/^<id>: no plan with id "nope"/);
    } finally {
      rmSync(own.root, { recursive: true, force: true });
    }
  });
});

describe('sandbox check on a tenant\'s build directory', () => {
  it('records a tenant.checked event with that tenant\'s counts', async () => {
    const show = async () => JSON.parse((await runCli(['ledger', 'show', '--format', 'json', '--tenant', 'triage-assist', '--type', 'tenant.checked', '--as', 'u-320'], { env: ws.env })).stdout).events;
    const before = (await show()).length;
    const result = await runCli(['check', path.join(ws.buildDir, 'triage-assist'), '--format', 'json'], { env: ws.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary.errors).toBe(0);
    const after = await show();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ outcome: 'success', details: { errors: 0, warnings: 0 } });
  });

  it('does not take a copy under review for the tenant\'s evidence, and keeps the report when the ledger refuses', async () => {
    const show = async () => JSON.parse((await runCli(['ledger', 'show', '--format', 'json', '--tenant', 'triage-assist', '--type', 'tenant.checked', '--as', 'u-320'], { env: ws.env })).stdout).events;
    const before = (await show()).length;
    const review = path.join(ws.root, 'review', 'manifests.yaml');
    mkdirSync(path.dirname(review), { recursive: true });
    writeFileSync(review, readFileSync(path.join(ws.buildDir, 'triage-assist', 'kubernetes', 'manifests.yaml')));
    const checked = await runCli(['check', review], { env: ws.env });
    expect(checked.code).toBe(0);
    expect(await show()).toHaveLength(before);

    const broken = { ...ws.env, SANDBOX_LEDGER_DIR: path.join(ws.root, 'review', 'manifests.yaml', 'ledger') };
    const refused = await runCli(['check', path.join(ws.buildDir, 'triage-assist'), '--format', 'json'], { env: broken });
    expect(JSON.parse(refused.stdout).summary.errors).toBe(0);
    expect(refused.stderr).toMatch(/^sandbox check: checked, but not recorded in the ledger: ledger directory .* cannot be created/);
    expect(refused.code).toBe(2);
  });
});

describe('sandbox verify', () => {
  it('reports the same environment, then names a hand edit in build/ and a changed plan', async () => {
    const verify = () => runCli(['verify', 'diabetes-risk', '--plans', ws.plansDir, '--out', ws.buildDir], { env: ws.env });
    const same = await verify();
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/diabetes-risk: same environment \([0-9a-f]{64}\)/);

    const template = path.join(ws.buildDir, 'diabetes-risk', 'aws', 'Sandbox-diabetes-risk.template.json');
    const original = readFileSync(template, 'utf8');
    writeFileSync(template, original.replace('"EnableKeyRotation": true', '"EnableKeyRotation": false'));
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/edited on disk\s+aws\/Sandbox-diabetes-risk\.template\.json/);
    writeFileSync(template, original);

    const plan = ws.plan('diabetes-risk');
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('cpu: 8,', 'cpu: 12,'));
    const drifted = await verify();
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/a fresh synthesis gives [0-9a-f]{64}/);
    expect(drifted.stdout).toMatch(/changed\s+kubernetes\/manifests\.yaml/);
    expect(drifted.stdout).not.toMatch(/edited on disk/);
  });

  it('compares only the engines that were synthesized', async () => {
    const only = cliWorkspace();
    try {
      expect((await runCli(['synth', '--plans', only.plansDir, '--out', only.buildDir, '--tenant', 'triage-assist', '--engine', 'kubernetes'], { env: only.env })).code).toBe(0);
      const result = await runCli(['verify', 'triage-assist', '--plans', only.plansDir, '--out', only.buildDir], { env: only.env });
      expect(result.stdout).toMatch(/same environment/);
      expect(result.code).toBe(0);
    } finally {
      rmSync(only.root, { recursive: true, force: true });
    }
  });

  it('says what to do when nothing was recorded yet', async () => {
    const result = await runCli(['verify', 'triage-assist', '--plans', ws.plansDir, '--out', path.join(ws.root, 'empty')], { env: ws.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no recorded fingerprint .* run `sandbox synth --tenant triage-assist` first/);
  });
});
