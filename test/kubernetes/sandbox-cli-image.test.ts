import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesManifests } from '../../stacks/kubernetes/index.ts';
import { SANDBOX_CLI_UID } from '../../stacks/kubernetes/sandbox-cli-pod.ts';
import { SANDBOX_CLI_DIGEST, UNRELEASED_SANDBOX_CLI_DIGEST, parseSandboxCliImage, sandboxCliImage } from '../../stacks/kubernetes/sandbox-cli-image.ts';
import { sha256Hex } from '../../common/sha256.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { ofKind } from './objects.ts';

/**
 * The image the dataset Jobs run cannot be built here (no Docker), so its recipe is checked
 * against what the Jobs expect, and the build context is tried for real: the CLI must run from
 * exactly the files .dockerignore lets into the image.
 */
const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
const ignored = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** A .dockerignore pattern as a test on a context-relative POSIX path (the forms this file uses). */
function matcher(pattern: string): (rel: string) => boolean {
  const anyDepth = pattern.startsWith('**/');
  const glob = anyDepth ? pattern.slice(3) : pattern;
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return (rel) => {
    const parts = rel.split('/');
    if (anyDepth) return parts.some((p) => re.test(p));
    return parts.some((_, i) => re.test(parts.slice(0, i + 1).join('/')));
  };
}
const excluded = ignored.map(matcher);
const inContext = (rel: string) => !excluded.some((m) => m(rel));

describe('the sandbox CLI image (Dockerfile at the repository root)', () => {
  it('is Node 20, installs the lock file’s production dependencies, runs as the UID the Jobs use, with sandbox as entrypoint', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\}/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --ignore-scripts/m);
    expect(dockerfile).toMatch(new RegExp(`^USER ${SANDBOX_CLI_UID}:${SANDBOX_CLI_UID}$`, 'm'));
    expect(dockerfile).toMatch(/^ENTRYPOINT \["sandbox"\]$/m);
    const job = ofKind(kubernetesManifests(exampleTenants()[0]!), 'Job')[0]!;
    const pod = job.spec?.template.spec;
    expect(pod?.securityContext?.runAsUser).toBe(SANDBOX_CLI_UID);
    expect(pod?.containers[0]?.command).toEqual(['sandbox']);
    // HOME and TMPDIR point at the emptyDir the Jobs mount: the root filesystem is read-only.
    expect(pod?.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toContain('/tmp');
    expect(dockerfile).toMatch(/HOME=\/tmp/);
    expect(dockerfile).toMatch(/TMPDIR=\/tmp/);
  });

  it('needs tsx at run time, so tsx must stay a production dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.devDependencies?.tsx).toBeUndefined();
    expect(readFileSync(path.join(PROJECT_ROOT, 'bin/sandbox.js'), 'utf8')).toContain("from 'tsx/esm/api'");
  });

  it('leaves plans, tests and local state out of the build context and keeps the dataset profiles in', () => {
    for (const rel of ['sandbox-templates/tenants/diabetes-risk.yaml', 'test/kubernetes/manifests.test.ts', 'node_modules/tsx/package.json', '.git/HEAD', 'build/x/fingerprint.json', '.sandbox/ledger/x']) {
      expect(inContext(rel), rel).toBe(false);
    }
    for (const rel of ['bin/sandbox.js', 'synthetic/index.ts', 'sandbox-templates/datasets/diabetes-cohort-nl.yaml', 'package-lock.json']) {
      expect(inContext(rel), rel).toBe(true);
    }
  });

  it('runs the dataset Jobs’ commands from exactly the files the build context holds', () => {
    const context = mkdtempSync(path.join(tmpdir(), 'sbx-image-'));
    cpSync(PROJECT_ROOT, context, { recursive: true, filter: (src) => src === PROJECT_ROOT || inContext(path.relative(PROJECT_ROOT, src).split(path.sep).join('/')) });
    expect(existsSync(path.join(context, 'sandbox-templates/tenants'))).toBe(false);
    // Stands in for the image's `npm ci --omit=dev`.
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(context, 'node_modules'));
    const volume = mkdtempSync(path.join(tmpdir(), 'sbx-data-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(context, 'bin/sandbox.js'), ...args], { cwd: volume, env: { PATH: process.env.PATH ?? '', HOME: volume, TMPDIR: volume }, encoding: 'utf8' });
    const shard = path.join(volume, '.shards/diabetes-cohort-nl/patients-20-seed-7/shard-0');
    const generated = run('data', 'generate', '--profile', 'diabetes-cohort-nl', '--patients', '20', '--seed', '7', '--out', shard, '--shard', '0/1');
    expect(generated.stderr).toBe('');
    expect(generated.status).toBe(0);
    const combined = run('data', 'combine', '--out', path.join(volume, 'diabetes-cohort-nl'), shard);
    expect(combined.stderr).toBe('');
    expect(combined.status).toBe(0);
    expect(existsSync(path.join(volume, 'diabetes-cohort-nl/manifest.json'))).toBe(true);
  });
});

describe('the sandbox CLI image reference', () => {
  it('is pinned by digest, and the unreleased placeholder is recognisable as such', () => {
    expect(SANDBOX_CLI_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    // A hash of a text, so no build can ever produce it by chance.
    expect(UNRELEASED_SANDBOX_CLI_DIGEST).toBe(`sha256:${sha256Hex('eu-ai-sandbox/sandbox-cli unreleased')}`);
  });

  it('parses back into registry and digest, and recognises no other image', () => {
    const image = sandboxCliImage('mirror.example.eu:5000/approved');
    expect(parseSandboxCliImage(image)).toEqual({ registry: 'mirror.example.eu:5000/approved', digest: SANDBOX_CLI_DIGEST });
    expect(parseSandboxCliImage(`registry.example.eu/team/model@${SANDBOX_CLI_DIGEST}`)).toBeUndefined();
    expect(parseSandboxCliImage('registry.example.eu/eu-ai-sandbox/sandbox-cli:latest')).toBeUndefined();
  });

  it('says in the manifests header when the Jobs name the unreleased placeholder', async () => {
    const { synthesizeKubernetes } = await import('../../stacks/kubernetes/index.ts');
    const [artifact] = (await synthesizeKubernetes(exampleTenants()[0]!)).artifacts;
    const header = artifact!.content.split('---')[0]!;
    if (SANDBOX_CLI_DIGEST === UNRELEASED_SANDBOX_CLI_DIGEST) {
      expect(header).toContain(`unreleased sandbox CLI placeholder digest ${UNRELEASED_SANDBOX_CLI_DIGEST}`);
      expect(header).toContain('sandbox-kubernetes:sandboxCliDigest');
    } else {
      expect(header).not.toContain('placeholder');
    }
    // Nothing to say for a tenant without dataset Jobs.
    const [suspended] = (await synthesizeKubernetes({ ...exampleTenants()[0]!, status: 'suspended' })).artifacts;
    expect(suspended!.content.split('---')[0]).not.toContain('placeholder');
  });
});
