import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { kubernetesManifests, type KubernetesObject } from '../../stacks/kubernetes/index.ts';
import { loadTenantById } from '../../stacks/kubernetes/pulumi/load-tenant.ts';
import { pulumiResourceName, registerWorkloadSpace } from '../../stacks/kubernetes/pulumi/register-workload-space.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

const PROGRAM_DIR = path.join(PROJECT_ROOT, 'stacks/kubernetes/pulumi');
const PROJECT = 'sandbox-kubernetes';
const tenants = exampleTenants();

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

function expectRegistrationsEqualManifests(registered: readonly Registration[], tenant: Tenant): void {
  const objects = kubernetesManifests(tenant);
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
      it(`registers exactly the manifests of ${tenant.id} (${status})`, async () => {
        const t = withStatus(tenant, status);
        const registered = mockStack(t.id);
        await settled(registerWorkloadSpace(t));
        expectRegistrationsEqualManifests(registered, t);
        if (status === 'exited') expect(registered).toEqual([]);
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
    await settled(registerWorkloadSpace(tenant));
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
    await settled(registerWorkloadSpace(tenant));
    const names = registered.map((r) => r.name);
    expect(names).toContain(`sbx-${tenant.id}`);
    expect(names).toContain(`sbx-${tenant.id}-workload-rules`);
    expect(names).toContain(`sbx-${tenant.id}/default-deny`);
    expect(names).toContain(`sbx-${tenant.id}/load-${tenant.datasets[0]!.profile}`);
  });

  it('runs the entry point: reads the tenant id from stack config, loads the plan and registers its manifests', async () => {
    const tenant = tenants.find((t) => t.id === 'triage-assist')!;
    const registered = mockStack(tenant.id);
    pulumi.runtime.setAllConfig({ [`${PROJECT}:tenant`]: tenant.id });
    vi.resetModules();
    const program = await import('../../stacks/kubernetes/pulumi/index.ts');
    expect(program.namespace).toBe(`sbx-${tenant.id}`);
    expect(program.objects).toBe(kubernetesManifests(tenant).length);
    await vi.waitFor(() => expect(registered).toHaveLength(program.objects), { timeout: 30_000 });
    expectRegistrationsEqualManifests(registered, tenant);
  });
});

describe('Pulumi project files', () => {
  it('runs TypeScript ESM through tsx with the nodejs runtime and index.ts as entry', () => {
    const project = parse(readFileSync(path.join(PROGRAM_DIR, 'Pulumi.yaml'), 'utf8'));
    expect(project.name).toBe(PROJECT);
    expect(project.runtime).toEqual({ name: 'nodejs', options: { typescript: false, nodeargs: '--import tsx' } });
    expect(project.main).toBe('index.ts');
    expect(readFileSync(path.join(PROGRAM_DIR, project.main), 'utf8')).toContain("require('tenant')");
    expect(project.config.tenant.type).toBe('string');
  });

  it.each(tenants.map((t) => t.id))('has a stack config Pulumi.%s.yaml naming its tenant', (id) => {
    const stack = parse(readFileSync(path.join(PROGRAM_DIR, `Pulumi.${id}.yaml`), 'utf8'));
    expect(stack).toEqual({ config: { [`${PROJECT}:tenant`]: id } });
    const loaded = loadTenantById(id);
    expect(loaded.ok && loaded.tenant.id).toBe(id);
  });

  it('refuses an unknown tenant, a malformed id and an invalid plan with a message, registering nothing', () => {
    expect(loadTenantById('no-such-tenant')).toEqual({ ok: false, message: expect.stringContaining('no plan no-such-tenant.yaml') });
    expect(loadTenantById('../etc')).toEqual({ ok: false, message: expect.stringContaining('is not a tenant id') });
    const dir = mkdtempSync(path.join(tmpdir(), 'sbx-plans-'));
    writeFileSync(path.join(dir, 'broken-plan.yaml'), 'apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nmetadata: { id: broken-plan }\n');
    const result = loadTenantById('broken-plan', dir);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('the plan of tenant broken-plan is invalid; nothing was deployed');
      expect(result.message).toContain('broken-plan.yaml');
    }
  });
});
