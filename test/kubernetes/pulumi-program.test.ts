import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { kubernetesManifests, type KubernetesObject } from '../../stacks/kubernetes/index.ts';
import { CONFIG_KEYS } from '../../stacks/kubernetes/pulumi/config-keys.ts';
import { prepareDeployment } from '../../stacks/kubernetes/pulumi/deployment.ts';
import { pulumiResourceName, registerWorkloadSpace } from '../../stacks/kubernetes/pulumi/register-workload-space.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { manifestsPinnedTo, writeKubernetesBuild } from './pulumi-build.ts';

const PROGRAM_DIR = path.join(PROJECT_ROOT, 'stacks/kubernetes/pulumi');
const PROJECT = 'sandbox-kubernetes';
const tenants = exampleTenants();
/** The digest of an image the operator built; the code still names the unreleased placeholder. */
const BUILT = `sha256:${'c0ffee00'.repeat(8)}`;

interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Fresh mocks per stack: every resource the program registers is recorded with its type, name and inputs. */
function mockStack(stack: string): Registration[] {
  const registered: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    stack,
    false,
  );
  return registered;
}

/** The part of the monitor's registration request the dependency test reads. */
interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
}

const settled = (resources: readonly pulumi.CustomResource[]) =>
  Promise.all(resources.map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));

/** The @pulumi/kubernetes type token of an object: kubernetes:<group or core>/<version>:<kind>. */
function typeToken(object: KubernetesObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['core', object.apiVersion];
  return `kubernetes:${group}/${version}:${object.kind}`;
}

function expectRegistrationsEqual(registered: readonly Registration[], objects: readonly KubernetesObject[]): void {
  expect(registered).toHaveLength(objects.length);
  const byKey = new Map(registered.map((r) => [`${r.type} ${r.name}`, r]));
  expect(byKey.size).toBe(registered.length);
  for (const object of objects) {
    const registration = byKey.get(`${typeToken(object)} ${pulumiResourceName(object)}`);
    expect(registration, `${object.kind} ${pulumiResourceName(object)}`).toBeDefined();
    // The object as Pulumi sends it: same fields, same values, names and namespaces included.
    expect(registration!.inputs).toEqual(JSON.parse(JSON.stringify(object)));
  }
}

describe('Pulumi program (stacks/kubernetes/pulumi) under pulumi.runtime.setMocks', () => {
  for (const tenant of tenants) {
    for (const status of ['active', 'suspended', 'exited'] as const) {
      it(`registers exactly the synthesized manifests of ${tenant.id} (${status}), the sandbox CLI pinned`, async () => {
        const t = withStatus(tenant, status);
        const deployment = prepareDeployment({ tenant: t.id, buildDir: await writeKubernetesBuild(t), sandboxCliDigest: BUILT });
        if (!deployment.ok) throw new Error(deployment.message);
        expect(deployment.lifecycle).toBe(status);
        expect(deployment.namespace).toBe(`sbx-${t.id}`);
        const registered = mockStack(t.id);
        await settled(registerWorkloadSpace(deployment.objects));
        expectRegistrationsEqual(registered, manifestsPinnedTo(t, BUILT));
        if (status === 'exited') expect(registered).toEqual([]);
        // Only the placeholder changed: without Jobs nothing does.
        if (status !== 'active') expectRegistrationsEqual(registered, kubernetesManifests(t));
      });
    }
  }

  it('lets the loaders run side by side after the namespace objects, and each combine Job after its loader', async () => {
    // A plan with two datasets, as a tenant that tests on two cohorts has.
    const first = tenants[0]!;
    const tenant = Object.freeze({ ...first, datasets: [first.datasets[0]!, { ...first.datasets[0]!, profile: 'ed-triage-nl', seed: 11 }] });
    const objects = kubernetesManifests(tenant);
    const loaders = tenant.datasets.map((d) => `sbx-${tenant.id}/load-${d.profile}`);
    mockStack(tenant.id);
    // The mock monitor sees each registration's direct dependencies (URNs); record them by name.
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, callback: unknown) => unknown };
    const dependencies = new Map<string, string[]>();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      dependencies.set(req.getName(), req.getDependenciesList().map((urn) => urn.slice(urn.lastIndexOf('::') + 2)));
      return register(req, callback);
    };
    await settled(registerWorkloadSpace(objects));
    const others = objects.filter((o) => o.kind !== 'Job').map(pulumiResourceName).sort();
    for (const [i, dataset] of tenant.datasets.entries()) {
      expect([...dependencies.get(loaders[i]!)!].sort(), loaders[i]).toEqual(others);
      const combine = `sbx-${tenant.id}/combine-${dataset.profile}`;
      expect([...dependencies.get(combine)!].sort(), combine).toEqual([...others, loaders[i]!].sort());
    }
  });

  it('names namespaced resources <namespace>/<name> and cluster-wide ones <name>', async () => {
    const tenant = tenants[0]!;
    const registered = mockStack(tenant.id);
    await settled(registerWorkloadSpace(kubernetesManifests(tenant)));
    const names = registered.map((r) => r.name);
    expect(names).toContain(`sbx-${tenant.id}`);
    expect(names).toContain(`sbx-${tenant.id}-workload-rules`);
    expect(names).toContain(`sbx-${tenant.id}/default-deny`);
    expect(names).toContain(`sbx-${tenant.id}/load-${tenant.datasets[0]!.profile}`);
  });

  it('runs the entry point: reads tenant, build directory and image digest from stack config and registers the checked manifests', async () => {
    const tenant = tenants.find((t) => t.id === 'triage-assist')!;
    const buildDir = await writeKubernetesBuild(tenant);
    const registered = mockStack(tenant.id);
    pulumi.runtime.setAllConfig({ [`${PROJECT}:tenant`]: tenant.id, [`${PROJECT}:buildDir`]: buildDir, [`${PROJECT}:sandboxCliDigest`]: BUILT });
    vi.resetModules();
    const program = await import('../../stacks/kubernetes/pulumi/index.ts');
    expect(program.namespace).toBe(`sbx-${tenant.id}`);
    expect(program.lifecycle).toBe('active');
    expect(program.sandboxCliDigest).toBe(BUILT);
    expect(program.fingerprint).toBe(JSON.parse(readFileSync(path.join(buildDir, tenant.id, 'fingerprint.json'), 'utf8')).fingerprint);
    expect(program.objects).toBe(kubernetesManifests(tenant).length);
    await vi.waitFor(() => expect(registered).toHaveLength(program.objects), { timeout: 30_000 });
    expectRegistrationsEqual(registered, manifestsPinnedTo(tenant, BUILT));
  });

  it('stops the entry point before registering anything when the unreleased image has no digest in config', async () => {
    const tenant = tenants.find((t) => t.id === 'triage-assist')!;
    const buildDir = await writeKubernetesBuild(tenant);
    const registered = mockStack(tenant.id);
    pulumi.runtime.setAllConfig({ [`${PROJECT}:tenant`]: tenant.id, [`${PROJECT}:buildDir`]: buildDir, [`${PROJECT}:sandboxCliDigest`]: '' });
    vi.resetModules();
    await expect(import('../../stacks/kubernetes/pulumi/index.ts')).rejects.toThrow(/config sandbox-kubernetes:sandboxCliDigest/);
    expect(registered).toEqual([]);
  });
});

describe('Pulumi project files', () => {
  const project = parse(readFileSync(path.join(PROGRAM_DIR, 'Pulumi.yaml'), 'utf8'));

  it('runs TypeScript ESM through tsx with the nodejs runtime and index.ts as entry', () => {
    expect(project.name).toBe(PROJECT);
    expect(project.runtime).toEqual({ name: 'nodejs', options: { typescript: false, nodeargs: '--import tsx' } });
    expect(project.main).toBe('index.ts');
    expect(readFileSync(path.join(PROGRAM_DIR, project.main), 'utf8')).toContain('config.require(CONFIG_KEYS.tenant)');
  });

  it('declares the keys the program reads: the tenant required, the build directory and image digest with defaults', () => {
    expect(Object.keys(project.config).sort()).toEqual(Object.values(CONFIG_KEYS).sort());
    for (const key of Object.values(CONFIG_KEYS)) expect(project.config[key].type).toBe('string');
    expect(project.config.tenant.default).toBeUndefined();
    expect(project.config.buildDir.default).toBe('build');
    expect(project.config.sandboxCliDigest.default).toBe('');
  });

  it.each(tenants.map((t) => t.id))('has a stack config Pulumi.%s.yaml naming its tenant', (id) => {
    const stack = parse(readFileSync(path.join(PROGRAM_DIR, `Pulumi.${id}.yaml`), 'utf8'));
    expect(stack).toEqual({ config: { [`${PROJECT}:tenant`]: id } });
  });
});
