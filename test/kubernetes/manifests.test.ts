import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateWorkloadRules } from '../../policies/workload-cel/evaluate.ts';
import { workloadAdmissionCel } from '../../policies/workload-cel/index.ts';
import { POD_SECURITY_VERSION } from '../../stacks/kubernetes/namespace.ts';
import { combineJobName } from '../../stacks/kubernetes/dataset-combine-jobs.ts';
import { MAX_SHARDS, PATIENTS_PER_SHARD, loaderJobName, loaderParallelism, shardCount } from '../../stacks/kubernetes/dataset-load-jobs.ts';
import {
  MANIFESTS_PATH,
  SANDBOX_CLI_DIGEST,
  kubernetesManifests,
  synthesizeKubernetes,
  validateManifest,
  type KubernetesObject,
} from '../../stacks/kubernetes/index.ts';
import { labelKey, labelValue } from '../../stacks/kubernetes/labels.ts';
import { peopleWithRole, type Tenant } from '../../tenancy/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { ofKind, type Of } from './objects.ts';
import { allows, WRITE_VERBS } from './rbac-check.ts';

const tenants = exampleTenants();

const one = <K extends KubernetesObject['kind']>(objects: readonly KubernetesObject[], kind: K, name?: string): Of<K> => {
  const found = ofKind(objects, kind).filter((o) => name === undefined || o.metadata?.name === name);
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};

/** What every dataset Job's pod must be: the pinned sandbox CLI on the dataset volume, without a token or privileges. */
function expectSandboxCliPod(job: Of<'Job'>, tenant: Tenant): void {
  const pod = job.spec?.template.spec;
  expect(pod?.automountServiceAccountToken).toBe(false);
  expect(pod?.serviceAccountName).toBe('workload');
  expect(pod?.volumes?.find((v) => v.name === 'datasets')?.persistentVolumeClaim?.claimName).toBe('datasets');
  const [container] = pod?.containers ?? [];
  expect(container?.image).toBe(`${tenant.allowedRegistries[0]}/eu-ai-sandbox/sandbox-cli@${SANDBOX_CLI_DIGEST}`);
  expect(SANDBOX_CLI_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(container?.volumeMounts?.find((m) => m.name === 'datasets')?.mountPath).toBe('/data');
  expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  expect(container?.resources?.limits).toEqual(container?.resources?.requests);
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

describe.each(tenants.map((t) => [t.id, t] as const))('Kubernetes manifests of %s (active)', (id, tenant: Tenant) => {
  const objects = kubernetesManifests(tenant);
  const ns = `sbx-${id}`;

  it('validates every object against the Kubernetes API schema (kubernetes-models)', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(() => validateManifest(object)).not.toThrow();
  });

  it('puts every namespaced object in the tenant namespace and creates nothing cluster-wide but the admission policy', () => {
    const clusterScoped = objects.filter((o) => !o.metadata?.namespace).map((o) => o.kind);
    expect(clusterScoped).toEqual(['Namespace', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    for (const o of objects) if (o.metadata?.namespace) expect(o.metadata.namespace).toBe(ns);
    const kinds: string[] = objects.map((o) => o.kind);
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
  });

  it('creates namespace sbx-<id> under restricted Pod Security, pinned, with the tenant tags as labels', () => {
    const namespace = one(objects, 'Namespace');
    expect(namespace.metadata?.name).toBe(ns);
    const labels = namespace.metadata?.labels ?? {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe(POD_SECURITY_VERSION);
    }
    expect(POD_SECURITY_VERSION).toMatch(/^v1\.\d+$/);
    for (const [key, value] of Object.entries(tenant.tags)) expect(labels[labelKey(key)]).toBe(labelValue(value));
    expect(labels['sandbox/tenant']).toBe(id);
    expect(labels['sandbox/lifecycle']).toBe('active');
  });

  it('labels every object with valid label keys and values', () => {
    for (const o of objects) {
      const labels = o.metadata?.labels ?? {};
      expect(labels['sandbox/tenant']).toBe(id);
      for (const [k, v] of Object.entries(labels)) {
        const name = k.includes('/') ? k.split('/')[1]! : k;
        expect(name).toMatch(LABEL_NAME);
        expect(name.length).toBeGreaterThan(0);
        expect(v).toMatch(LABEL_NAME);
      }
    }
  });

  it('denies all traffic both ways and allows only DNS to kube-dns', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const deny = one(objects, 'NetworkPolicy', 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = one(objects, 'NetworkPolicy', 'allow-dns-egress');
    expect(dns.spec?.policyTypes).toEqual(['Egress']);
    expect(dns.spec?.ingress).toBeUndefined();
    expect(dns.spec?.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
    expect(policies).toHaveLength(2);
    expect(JSON.stringify(policies)).not.toContain('ipBlock');
  });

  it('sets the quota from the plan compute, GPUs only where granted, and object counts with no external services', () => {
    const hard = one(objects, 'ResourceQuota').spec?.hard ?? {};
    const { cpu, memoryGiB, gpu, storageGiB } = tenant.compute;
    expect(hard['requests.cpu']).toBe(String(cpu));
    expect(hard['limits.cpu']).toBe(String(cpu));
    expect(hard['requests.memory']).toBe(`${memoryGiB}Gi`);
    expect(hard['limits.memory']).toBe(`${memoryGiB}Gi`);
    expect(hard['requests.storage']).toBe(`${storageGiB}Gi`);
    // Zero for CPU-only tenants: a missing line would leave GPUs unlimited.
    expect(hard['requests.nvidia.com/gpu']).toBe(String(gpu));
    for (const key of ['pods', 'count/jobs.batch', 'services', 'secrets', 'configmaps', 'persistentvolumeclaims']) {
      expect(Number(hard[key]), key).toBeGreaterThan(0);
    }
    expect(hard['services.loadbalancers']).toBe('0');
    expect(hard['services.nodeports']).toBe('0');
  });

  it('gives containers default limits within the tenant and caps containers and volumes at the tenant size', () => {
    const [container, claim] = one(objects, 'LimitRange').spec?.limits ?? [];
    const { cpu, memoryGiB, gpu, storageGiB } = tenant.compute;
    // GPUs appear only where the plan grants them: a CPU-only tenant's quota already holds them at 0.
    const gpuMax = gpu > 0 ? { 'nvidia.com/gpu': String(gpu) } : {};
    const noGpu = gpu > 0 ? { 'nvidia.com/gpu': '0' } : {};
    expect(container?.type).toBe('Container');
    expect(container?.max).toEqual({ cpu: String(cpu), memory: `${memoryGiB}Gi`, ...gpuMax });
    expect(container?.default).toEqual({ cpu: '1', memory: '2Gi', ...noGpu });
    expect(container?.defaultRequest).toEqual({ cpu: '250m', memory: '512Mi', ...noGpu });
    expect(claim).toEqual({ type: 'PersistentVolumeClaim', max: { storage: `${storageGiB}Gi` } });
  });

  it('runs workloads as service account "workload" without a token', () => {
    const sa = one(objects, 'ServiceAccount', 'workload');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(ofKind(objects, 'RoleBinding').flatMap((b) => b.subjects ?? []).filter((s) => s.kind === 'ServiceAccount')).toEqual([]);
  });

  it('binds one Role per person role to the people of the plan, by e-mail', () => {
    const roles = ofKind(objects, 'Role');
    const bindings = ofKind(objects, 'RoleBinding');
    const presentRoles = [...new Set(tenant.people.map((p) => p.role))];
    expect(roles.map((r) => r.metadata?.name).sort()).toEqual(presentRoles.map((r) => `sandbox-${r}`).sort());
    for (const role of presentRoles) {
      const binding = one(objects, 'RoleBinding', `sandbox-${role}`);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `sandbox-${role}` });
      const people = peopleWithRole(tenant, role);
      expect(binding.subjects?.map((s) => [s.kind, s.name]).sort()).toEqual(people.map((p) => ['User', p.email]).sort());
      for (const p of people) expect(binding.metadata?.annotations?.['sandbox/people']).toContain(`${p.id}=${p.email}`);
    }
    expect(bindings).toHaveLength(roles.length);
  });

  it('lets each role do what the issue says and nothing that moves data past the airlock', () => {
    const rules = (role: string) => one(objects, 'Role', `sandbox-${role}`).rules;
    // innovators: run jobs, read pod logs
    expect(allows(rules('innovator'), { verb: 'create', apiGroup: 'batch', resource: 'jobs' })).toBe(true);
    expect(allows(rules('innovator'), { verb: 'delete', apiGroup: 'batch', resource: 'jobs' })).toBe(true);
    expect(allows(rules('innovator'), { verb: 'get', apiGroup: '', resource: 'pods/log' })).toBe(true);
    expect(allows(rules('innovator'), { verb: 'create', apiGroup: '', resource: 'pods' })).toBe(false);
    expect(allows(rules('innovator'), { verb: 'create', apiGroup: 'batch', resource: 'cronjobs' })).toBe(false);
    // data stewards: read, and manage the dataset volume only
    expect(allows(rules('data-steward'), { verb: 'list', apiGroup: '', resource: 'pods' })).toBe(true);
    expect(allows(rules('data-steward'), { verb: 'patch', apiGroup: '', resource: 'persistentvolumeclaims', name: 'datasets' })).toBe(true);
    expect(allows(rules('data-steward'), { verb: 'delete', apiGroup: '', resource: 'persistentvolumeclaims', name: 'other' })).toBe(false);
    expect(allows(rules('data-steward'), { verb: 'create', apiGroup: 'batch', resource: 'jobs' })).toBe(false);
    // supervisors: read-only, including who has access
    expect(allows(rules('supervisor'), { verb: 'list', apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' })).toBe(true);
    expect(allows(rules('supervisor'), { verb: 'get', apiGroup: '', resource: 'pods/log' })).toBe(true);
    expect(rules('supervisor')?.flatMap((r) => r.verbs).filter((v) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
    // platform engineers: the quota-bound objects, never RBAC, quota or network policy
    for (const resource of ['pods', 'services', 'secrets', 'configmaps', 'persistentvolumeclaims']) {
      expect(allows(rules('platform-engineer'), { verb: 'create', apiGroup: '', resource }), resource).toBe(true);
    }
    expect(allows(rules('platform-engineer'), { verb: 'create', apiGroup: 'batch', resource: 'jobs' })).toBe(true);
    for (const verb of WRITE_VERBS) {
      expect(allows(rules('platform-engineer'), { verb, apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' })).toBe(false);
      expect(allows(rules('platform-engineer'), { verb, apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' })).toBe(false);
      expect(allows(rules('platform-engineer'), { verb, apiGroup: '', resource: 'resourcequotas' })).toBe(false);
      expect(allows(rules('platform-engineer'), { verb, apiGroup: 'networking.k8s.io', resource: 'networkpolicies' })).toBe(false);
    }
    for (const role of tenant.people.map((p) => p.role)) {
      for (const sub of ['pods/exec', 'pods/attach', 'pods/portforward']) {
        expect(allows(rules(role), { verb: 'create', apiGroup: '', resource: sub }), `${role} ${sub}`).toBe(false);
        expect(allows(rules(role), { verb: 'get', apiGroup: '', resource: sub }), `${role} ${sub}`).toBe(false);
      }
      if (role !== 'platform-engineer') expect(allows(rules(role), { verb: 'get', apiGroup: '', resource: 'secrets' }), role).toBe(false);
      expect(JSON.stringify(rules(role))).not.toContain('*');
    }
  });

  it('enforces the workload rules of policies/workload-cel in this namespace, Deny and Audit', () => {
    const policy = one(objects, 'ValidatingAdmissionPolicy');
    const binding = one(objects, 'ValidatingAdmissionPolicyBinding');
    expect(policy.spec?.failurePolicy).toBe('Fail');
    expect(binding.spec?.policyName).toBe(policy.metadata?.name);
    expect(binding.spec?.validationActions).toEqual(['Deny', 'Audit']);
    expect(binding.spec?.matchResources).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });
    const resources = policy.spec?.matchConstraints?.resourceRules?.flatMap((r) => r.resources ?? []);
    expect(resources?.sort()).toEqual(['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'pods/ephemeralcontainers', 'replicasets', 'replicationcontrollers', 'statefulsets']);
    for (const r of policy.spec?.matchConstraints?.resourceRules ?? []) expect(r.operations).toEqual(['CREATE', 'UPDATE']);
  });

  it('claims a volume for the datasets within the storage quota', () => {
    const pvc = one(objects, 'PersistentVolumeClaim', 'datasets');
    const size = Number(/^(\d+)Gi$/.exec(String(pvc.spec?.resources?.requests?.storage))?.[1]);
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(tenant.compute.storageGiB);
    expect(pvc.spec?.accessModes).toEqual(['ReadWriteMany']);
  });

  it('loads each dataset of the plan with an Indexed Job, one shard per completion, pinned by digest', () => {
    expect(ofKind(objects, 'Job').filter((j) => j.spec?.completionMode === 'Indexed')).toHaveLength(tenant.datasets.length);
    for (const dataset of tenant.datasets) {
      const job = one(objects, 'Job', `load-${dataset.profile}`);
      const shards = Math.ceil(dataset.patients / PATIENTS_PER_SHARD);
      expect(job.spec?.completionMode).toBe('Indexed');
      expect(job.spec?.completions).toBe(shards);
      expect(job.spec?.parallelism).toBeGreaterThanOrEqual(1);
      expect(job.spec?.parallelism).toBeLessThanOrEqual(shards);
      expect(job.spec?.parallelism).toBeLessThanOrEqual(tenant.compute.cpu);
      expectSandboxCliPod(job, tenant);
      const [container] = job.spec?.template.spec?.containers ?? [];
      expect([...(container?.command ?? []), ...(container?.args ?? [])].join(' ')).toBe(
        `sandbox data generate --profile ${dataset.profile} --patients ${dataset.patients} --seed ${dataset.seed}` +
          ` --out /data/.shards/${dataset.profile}/patients-${dataset.patients}-seed-${dataset.seed}/shard-$(JOB_COMPLETION_INDEX) --shard $(JOB_COMPLETION_INDEX)/${shards}`,
      );
      expect(container?.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe(
        "metadata.annotations['batch.kubernetes.io/job-completion-index']",
      );
    }
  });

  it('joins each dataset’s shards into /data/<profile> with a combine Job that runs after its loader', () => {
    for (const dataset of tenant.datasets) {
      const job = one(objects, 'Job', `combine-${dataset.profile}`);
      const shards = Math.ceil(dataset.patients / PATIENTS_PER_SHARD);
      expect(job.spec?.completionMode).toBeUndefined();
      expect(job.spec?.completions).toBe(1);
      expect(job.metadata?.annotations?.['sandbox/runs-after']).toBe(`load-${dataset.profile}`);
      // After the loader in apply order, so kubectl creates it second; Pulumi waits for the loader.
      expect(objects.indexOf(job)).toBe(objects.indexOf(one(objects, 'Job', `load-${dataset.profile}`)) + 1);
      expectSandboxCliPod(job, tenant);
      const [container] = job.spec?.template.spec?.containers ?? [];
      const dir = `/data/.shards/${dataset.profile}/patients-${dataset.patients}-seed-${dataset.seed}`;
      expect([...(container?.command ?? []), ...(container?.args ?? [])]).toEqual([
        'sandbox', 'data', 'combine', '--out', `/data/${dataset.profile}`,
        ...Array.from({ length: shards }, (_, i) => `${dir}/shard-${i}`),
      ]);
    }
  });
  it('keeps the loader pod template (immutable in Kubernetes) unchanged when only the tags change', () => {
    const extended = { ...tenant, tags: { ...tenant.tags, 'sandbox:period-end': '2099-12-31' } };
    const templates = (t: Tenant) => ofKind(kubernetesManifests(t), 'Job').map((j) => j.spec?.template);
    expect(templates(extended)).toEqual(templates(tenant));
    expect(ofKind(kubernetesManifests(extended), 'Job').map((j) => j.metadata?.labels?.['sandbox/period-end'])).toEqual(tenant.datasets.flatMap(() => ['2099-12-31', '2099-12-31']));
  });

  it('changes both dataset Jobs’ pod templates when the plan’s dataset changes, so both run again', () => {
    const dataset = tenant.datasets[0]!;
    const reseeded = { ...tenant, datasets: [{ ...dataset, seed: dataset.seed + 1 }, ...tenant.datasets.slice(1)] };
    const template = (t: Tenant, name: string) => one(kubernetesManifests(t), 'Job', name).spec?.template;
    for (const name of [`load-${dataset.profile}`, `combine-${dataset.profile}`]) expect(template(reseeded, name)).not.toEqual(template(tenant, name));
  });

  it('writes dataset Jobs that pass every workload rule the tenant policy enforces', () => {
    for (const job of ofKind(objects, 'Job')) {
      const results = evaluateWorkloadRules(job, tenant.allowedRegistries);
      expect(results.filter((r) => !r.allowed).map((r) => `${r.rule.id} ${r.error ?? ''}`)).toEqual([]);
    }
  });

  it('writes manifests.yaml whose admission policy carries exactly the CEL of policies/workload-cel', async () => {
    const output = await synthesizeKubernetes(tenant);
    expect(output.engine).toBe('kubernetes');
    expect(output.artifacts.map((a) => a.path)).toEqual([MANIFESTS_PATH]);
    expect(output.resources).toBe(objects.length);
    const docs = parseAllDocuments(output.artifacts[0]!.content).map((d) => d.toJS() as KubernetesObject);
    expect(docs).toEqual(JSON.parse(JSON.stringify(objects)));
    const policy = docs.find((d) => d.kind === 'ValidatingAdmissionPolicy') as Of<'ValidatingAdmissionPolicy'>;
    const cel = workloadAdmissionCel(tenant);
    expect(policy.spec?.variables).toEqual(cel.variables.map((v) => ({ name: v.name, expression: v.expression })));
    expect(policy.spec?.validations).toEqual(cel.validations.map((v) => ({ expression: v.expression, message: v.message, reason: v.reason })));
    expect(policy.spec?.variables?.find((v) => v.name === 'allowedRegistries')?.expression).toBe(`[${tenant.allowedRegistries.map((r) => `'${r}'`).join(', ')}]`);
  });
});

describe('LimitRange and GPUs', () => {
  const base = tenants[0]!;
  const limits = (gpu: number) => {
    const objects = kubernetesManifests({ ...base, compute: { ...base.compute, gpu } });
    for (const object of objects) validateManifest(object);
    return one(objects, 'LimitRange').spec?.limits[0];
  };

  it('caps one container at the tenant’s GPUs and defaults containers that name none to 0, not to the cap', () => {
    // The API server fills a missing default limit from max; without the 0 every pod would ask for all GPUs.
    const gpuTenant = tenants.find((t) => t.compute.gpu > 0);
    expect(gpuTenant, 'an example tenant with GPUs (discharge-summary)').toBeDefined();
    const container = limits(2);
    expect(container?.max?.['nvidia.com/gpu']).toBe('2');
    expect(container?.default?.['nvidia.com/gpu']).toBe('0');
    expect(container?.defaultRequest?.['nvidia.com/gpu']).toBe('0');
  });

  it('names no GPU for a tenant without GPUs', () => {
    expect(JSON.stringify(limits(0))).not.toContain('gpu');
  });
});

describe('dataset loader sizing', () => {
  const base = tenants[0]!;
  const dataset = (patients: number) => ({ ...base.datasets[0]!, patients });

  it('cuts a dataset into shards of at most PATIENTS_PER_SHARD patients, and at most MAX_SHARDS shards', () => {
    expect(shardCount({ patients: 1 })).toBe(1);
    expect(shardCount({ patients: PATIENTS_PER_SHARD })).toBe(1);
    expect(shardCount({ patients: PATIENTS_PER_SHARD + 1 })).toBe(2);
    expect(shardCount({ patients: 10_000_000 })).toBe(MAX_SHARDS);
  });

  it('runs as many shards at once as the tenant has vCPUs for, shared between its datasets, at least one', () => {
    const big = dataset(1_000_000);
    expect(loaderParallelism({ ...base, compute: { ...base.compute, cpu: 8 }, datasets: [big] }, big)).toBe(8);
    expect(loaderParallelism({ ...base, compute: { ...base.compute, cpu: 8 }, datasets: [big, { ...big, profile: 'other' }] }, big)).toBe(4);
    expect(loaderParallelism({ ...base, compute: { ...base.compute, cpu: 0.5, memoryGiB: 0.25 }, datasets: [big] }, big)).toBe(1);
    expect(loaderParallelism({ ...base, compute: { ...base.compute, cpu: 64 }, datasets: [dataset(5)] }, dataset(5))).toBe(1);
  });

  it('keeps a tiny tenant’s loader within its LimitRange and valid', () => {
    const tiny = { ...base, compute: { cpu: 0.5, memoryGiB: 0.25, gpu: 0, storageGiB: 1 } };
    const objects = kubernetesManifests(tiny);
    for (const object of objects) expect(() => validateManifest(object)).not.toThrow();
    const [job] = ofKind(objects, 'Job');
    expect(job?.spec?.template.spec?.containers[0]?.resources?.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(one(objects, 'LimitRange').spec?.limits[0]?.default).toEqual({ cpu: '500m', memory: '256Mi' });
  });

  it('names dataset Jobs as DNS labels short enough for indexed pod hostnames', () => {
    expect(loaderJobName('diabetes-cohort-nl')).toBe('load-diabetes-cohort-nl');
    expect(combineJobName('diabetes-cohort-nl')).toBe('combine-diabetes-cohort-nl');
    const profile = 'Very_Long Dataset Profile Name With Spaces And More Words';
    for (const [step, name] of [['load', loaderJobName(profile)], ['combine', combineJobName(profile)]] as const) {
      expect(name).toMatch(new RegExp(`^${step}-[a-z0-9-]+-[0-9a-f]{8}$`));
      expect(name.length).toBeLessThanOrEqual(52);
    }
  });
});
