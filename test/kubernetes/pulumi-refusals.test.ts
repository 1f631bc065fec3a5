import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../common/sha256.ts';
import { fingerprintArtifacts } from '../../stacks/fingerprint.ts';
import { UNRELEASED_SANDBOX_CLI_DIGEST, kubernetesManifests, manifestsYaml } from '../../stacks/kubernetes/index.ts';
import { prepareDeployment, type DeploymentConfig } from '../../stacks/kubernetes/pulumi/deployment.ts';
import { PROJECT_ROOT, TENANTS_DIR } from '../../tenancy/paths.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { runCli } from '../support/run-cli.ts';
import { manifestsPinnedTo, writeKubernetesBuild } from './pulumi-build.ts';

/**
 * What the Pulumi program refuses to deploy, each with a message that names the file or config key
 * and what to run: manifests that synth did not check and fingerprint as they are, a synth the
 * guardrails refused, and the unreleased sandbox CLI image without a digest of a real one.
 */
const tenant = exampleTenants().find((t) => t.id === 'diabetes-risk')!;
const other = exampleTenants().find((t) => t.id === 'triage-assist')!;
const BUILT = `sha256:${'c0ffee00'.repeat(8)}`;

let pristine: string;
beforeAll(async () => {
  pristine = await writeKubernetesBuild(tenant);
  await writeKubernetesBuild(other, pristine);
});

/** A fresh copy of a synthesized build, changed by `change` (paths relative to the tenant's directory). */
function build(change: (file: (rel: string) => string) => void = () => {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbx-build-'));
  cpSync(pristine, dir, { recursive: true });
  change((rel) => path.join(dir, tenant.id, rel));
  return dir;
}

function refusal(config: DeploymentConfig): string {
  const result = prepareDeployment(config);
  expect(result.ok, 'the program must refuse').toBe(false);
  return result.ok ? '' : result.message;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) => writeFileSync(file, JSON.stringify(value, null, 2));

describe('the Pulumi program deploys only what synth checked and fingerprinted', () => {
  it('deploys the pristine build', () => {
    const result = prepareDeployment({ tenant: tenant.id, buildDir: build(), sandboxCliDigest: BUILT });
    expect(result.ok && result.objects).toEqual(manifestsPinnedTo(tenant, BUILT));
  });

  it('refuses a tenant that was never synthesized into the build directory, naming the config key', () => {
    const message = refusal({ tenant: 'no-such-tenant', buildDir: build(), sandboxCliDigest: BUILT });
    expect(message).toContain('no-such-tenant/fingerprint.json cannot be read');
    expect(message).toContain('config sandbox-kubernetes:buildDir');
    expect(message).toContain('npx sandbox synth --tenant no-such-tenant');
  });

  it('refuses a malformed tenant id before touching the disk', () => {
    expect(refusal({ tenant: '../etc', buildDir: build() })).toContain('config sandbox-kubernetes:tenant: "../etc" is not a tenant id');
  });

  it('refuses manifests edited after synth, with both hashes and the verify command', () => {
    let edited = '';
    const dir = build((file) => {
      const yaml = readFileSync(file('kubernetes/manifests.yaml'), 'utf8');
      // A one-word edit that would let a workload past the admission policy unrecorded.
      edited = yaml.replace("- Deny\n", '');
      expect(edited).not.toBe(yaml);
      writeFileSync(file('kubernetes/manifests.yaml'), edited);
    });
    const message = refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT });
    expect(message).toContain('kubernetes/manifests.yaml is not the file synth checked and fingerprinted');
    expect(message).toContain(sha256Hex(edited));
    expect(message).toContain(`npx sandbox verify ${tenant.id}`);
  });

  it('refuses an edit covered up in fingerprint.json, whose files then no longer hash to its fingerprint', () => {
    const dir = build((file) => {
      const yaml = readFileSync(file('kubernetes/manifests.yaml'), 'utf8').replace("- Deny\n", '');
      writeFileSync(file('kubernetes/manifests.yaml'), yaml);
      const recorded = readJson(file('fingerprint.json'));
      recorded.files['kubernetes/manifests.yaml'] = sha256Hex(yaml);
      writeJson(file('fingerprint.json'), recorded);
    });
    expect(refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT })).toContain('its files do not hash to its fingerprint');
  });

  it('refuses when manifests.yaml is gone although the fingerprint records it', () => {
    const dir = build((file) => rmSync(file('kubernetes/manifests.yaml')));
    expect(refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT })).toMatch(/manifests\.yaml cannot be read although .*fingerprint\.json records it/);
  });

  it('refuses another tenant’s fingerprint', () => {
    const dir = build((file) => cpSync(path.join(file(''), '..', other.id, 'fingerprint.json'), file('fingerprint.json')));
    expect(refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT })).toContain(`is the fingerprint of tenant ${other.id}, not ${tenant.id}`);
  });

  it('refuses a fingerprint without Kubernetes manifests (a synth of other engines only)', () => {
    const dir = build((file) => {
      const aws = fingerprintArtifacts(tenant.id, [{ path: `aws/Sandbox-${tenant.id}.template.json`, content: '{}' }]);
      writeJson(file('fingerprint.json'), aws);
    });
    const message = refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT });
    expect(message).toContain('records no kubernetes/manifests.yaml');
    expect(message).toContain('--engine kubernetes');
  });

  it('refuses a fingerprint.json that is not JSON, or not one synth wrote, naming the field', () => {
    expect(refusal({ tenant: tenant.id, buildDir: build((file) => writeFileSync(file('fingerprint.json'), '{ nope')), sandboxCliDigest: BUILT })).toContain('fingerprint.json: not JSON');
    const noFiles = build((file) => writeJson(file('fingerprint.json'), { tenant: tenant.id, fingerprint: 'x' }));
    const message = refusal({ tenant: tenant.id, buildDir: noFiles, sandboxCliDigest: BUILT });
    expect(message).toContain('not a fingerprint sandbox synth wrote');
    expect(message).toContain('fingerprint: a SHA-256 in hex');
    expect(message).toContain('files:');
  });

  it('refuses while the last synth was refused by the guardrails, and says how to deploy the earlier manifests on purpose', () => {
    const dir = build((file) => writeFileSync(file('findings.rejected.json'), '{"findings":[],"summary":{"errors":1}}'));
    const message = refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT });
    expect(message).toContain('was refused by the guardrails');
    expect(message).toContain('findings.rejected.json');
    expect(message).toContain('delete that file');
  });

  it('refuses a manifests file holding a kind the engine never writes, even when fingerprinted', () => {
    const yaml = `${readFileSync(path.join(pristine, tenant.id, 'kubernetes/manifests.yaml'), 'utf8')}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: x }\n`;
    const dir = build((file) => {
      writeFileSync(file('kubernetes/manifests.yaml'), yaml);
      writeJson(file('fingerprint.json'), fingerprintArtifacts(tenant.id, [{ path: 'kubernetes/manifests.yaml', content: yaml }]));
    });
    expect(refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT })).toContain('holds a ClusterRoleBinding, which the Kubernetes engine never writes');
  });

  it('takes a relative build directory from the repository root, not from the Pulumi project', () => {
    const dir = build();
    const result = prepareDeployment({ tenant: tenant.id, buildDir: path.relative(PROJECT_ROOT, dir), sandboxCliDigest: BUILT });
    expect(result.ok).toBe(true);
  });
});

describe('the Pulumi program never deploys the unreleased sandbox CLI placeholder', () => {
  it('refuses loader Jobs naming the placeholder without a digest in config, naming the key and the registry', () => {
    for (const sandboxCliDigest of [undefined, '']) {
      const message = refusal({ tenant: tenant.id, buildDir: build(), sandboxCliDigest });
      expect(message).toContain('unreleased sandbox CLI placeholder');
      expect(message).toContain('config sandbox-kubernetes:sandboxCliDigest');
      expect(message).toContain('pulumi config set sandboxCliDigest sha256:<digest>');
      expect(message).toContain(`${tenant.allowedRegistries[0]}/eu-ai-sandbox/sandbox-cli`);
      expect(message).toContain('stacks/kubernetes/IMAGE.md');
    }
  });

  it('refuses a config value that is not a digest, or is the placeholder itself', () => {
    expect(refusal({ tenant: tenant.id, buildDir: build(), sandboxCliDigest: 'latest' })).toContain('"latest" is not an image digest');
    expect(refusal({ tenant: tenant.id, buildDir: build(), sandboxCliDigest: UNRELEASED_SANDBOX_CLI_DIGEST })).toContain('that is the unreleased placeholder');
  });

  it('needs no digest while no dataset Job runs (suspended)', async () => {
    const suspended = withStatus(tenant, 'suspended');
    const result = prepareDeployment({ tenant: tenant.id, buildDir: await writeKubernetesBuild(suspended) });
    expect(result.ok && result.sandboxCliDigest).toBe(undefined);
    expect(result.ok && result.objects).toEqual(JSON.parse(JSON.stringify(kubernetesManifests(suspended))));
  });

  it('deploys a released digest as synth wrote it, and refuses a config digest that contradicts it', () => {
    const released = `sha256:${'fe'.repeat(32)}`;
    const yaml = manifestsYaml(manifestsPinnedTo(tenant, released), ['released']);
    expect(yaml).not.toContain(UNRELEASED_SANDBOX_CLI_DIGEST);
    const dir = build((file) => {
      writeFileSync(file('kubernetes/manifests.yaml'), yaml);
      writeJson(file('fingerprint.json'), fingerprintArtifacts(tenant.id, [{ path: 'kubernetes/manifests.yaml', content: yaml }]));
    });
    for (const sandboxCliDigest of [undefined, released]) {
      const result = prepareDeployment({ tenant: tenant.id, buildDir: dir, sandboxCliDigest });
      expect(result.ok && result.objects).toEqual(manifestsPinnedTo(tenant, released));
      expect(result.ok && result.sandboxCliDigest).toBe(released);
    }
    const message = refusal({ tenant: tenant.id, buildDir: dir, sandboxCliDigest: BUILT });
    expect(message).toContain(`runs the released sandbox CLI ${released}`);
    expect(message).toContain('change SANDBOX_CLI_DIGEST and synth again');
  });
});

describe('the Pulumi program and the real sandbox synth', () => {
  it('deploys what `sandbox synth` wrote, and refuses it once the file is edited', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sbx-synth-'));
    const buildDir = path.join(root, 'build');
    const result = await runCli(
      ['synth', '--tenant', other.id, '--engine', 'kubernetes', '--plans', path.join(TENANTS_DIR, `${other.id}.yaml`), '--out', buildDir],
      { env: { SANDBOX_LEDGER_DIR: path.join(root, 'ledger') } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const deployment = prepareDeployment({ tenant: other.id, buildDir, sandboxCliDigest: BUILT });
    if (!deployment.ok) throw new Error(deployment.message);
    expect(deployment.objects).toEqual(manifestsPinnedTo(other, BUILT));
    expect(result.stdout).toContain(deployment.fingerprint);
    writeFileSync(path.join(buildDir, other.id, 'kubernetes/manifests.yaml'), '# edited\n', { flag: 'a' });
    expect(refusal({ tenant: other.id, buildDir, sandboxCliDigest: BUILT })).toContain('is not the file synth checked and fingerprinted');
  });
});
