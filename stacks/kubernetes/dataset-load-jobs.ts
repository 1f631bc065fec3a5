import { sha256Hex } from '../../common/sha256.ts';
import type { DatasetRequest, Tenant } from '../../tenancy/index.ts';
import { loaderContainerSize } from './container-sizes.ts';
import { labelKey, labelValue, tenantLabels } from './labels.ts';
import { DATASET_MOUNT_PATH, DATASET_VOLUME_CLAIM, WORKLOAD_SERVICE_ACCOUNT } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import { cpuQuantity, gibQuantity } from './quantities.ts';
import { sandboxCliImage } from './sandbox-cli-image.ts';
import type { IJob } from './types.ts';

/**
 * One shard per this many patients. Measured on the build machine (diabetes-cohort-nl, one vCPU):
 * 10 000 patients take about 2.5 s and 270 MB of NDJSON, and the generator streams, so its memory
 * stays near 140 MB whatever the shard size. Shards therefore bound the time a retried index costs
 * and spread the disk writes; the generator's shards concatenate to the single-run bytes, so the
 * shard count never changes the data.
 */
export const PATIENTS_PER_SHARD = 10_000;
export const MAX_SHARDS = 100;
/** A shard that fails twice fails for a reason a third try will not fix (the generator is deterministic). */
const BACKOFF_LIMIT_PER_INDEX = 2;
/** The generator's own nonroot user; any non-zero id would do, the image's is used so files are its own. */
const LOADER_UID = 65532;
export function shardCount(dataset: Pick<DatasetRequest, 'patients'>): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(dataset.patients / PATIENTS_PER_SHARD)));
}

/**
 * How many shards of one dataset run at once: as many loader pods as the tenant's CPU and memory
 * hold, shared between its datasets (their Jobs start together), at least one.
 */
export function loaderParallelism(tenant: Tenant, dataset: Pick<DatasetRequest, 'patients'>): number {
  const pod = loaderContainerSize(tenant.compute);
  const fits = Math.floor(Math.min(tenant.compute.cpu / pod.cpu, tenant.compute.memoryGiB / pod.memoryGiB));
  const perDataset = Math.max(1, Math.floor(fits / Math.max(1, tenant.datasets.length)));
  return Math.min(shardCount(dataset), perDataset);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Job names become pod hostnames with the index appended, so they stay well under 63 characters. */
export function loaderJobName(profile: string): string {
  const plain = `load-${profile}`;
  if (DNS_LABEL.test(plain) && plain.length <= 52) return plain;
  const safe = profile.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 37).replace(/^-+|-+$/g, '');
  return `load-${safe}-${sha256Hex(profile).slice(0, 8)}`;
}

/**
 * The generator arguments: shard i of N into its own directory, i from the completion index the
 * Job controller gives each pod. Kubernetes expands `$(JOB_COMPLETION_INDEX)` from the container's
 * environment, where the env entry below puts it.
 */
export function loaderArgs(dataset: Pick<DatasetRequest, 'profile' | 'patients' | 'seed'>): string[] {
  const shards = shardCount(dataset);
  return [
    'data',
    'generate',
    '--profile',
    dataset.profile,
    '--patients',
    String(dataset.patients),
    '--seed',
    String(dataset.seed),
    '--out',
    `${DATASET_MOUNT_PATH}/${dataset.profile}/shard-$(JOB_COMPLETION_INDEX)`,
    '--shard',
    `$(JOB_COMPLETION_INDEX)/${shards}`,
  ];
}

/**
 * Generates one dataset of the plan into the tenant's volume as an Indexed Job. It passes every
 * workload rule of policies/workload-cel itself: image from an allowed registry pinned by digest,
 * non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, limits, no token.
 */
export function datasetLoadJob(tenant: Tenant, dataset: DatasetRequest): IJob {
  const registry = tenant.allowedRegistries[0];
  if (registry === undefined) throw new Error(`tenant ${tenant.id}: allowedRegistries is empty; the dataset loader has no registry to pull from`);
  const shards = shardCount(dataset);
  const size = loaderContainerSize(tenant.compute);
  const resources = { cpu: cpuQuantity(size.cpu), memory: gibQuantity(size.memoryGiB) };
  // The pod template is immutable: it carries only labels that never change for this dataset, so
  // extending the period (a tag) updates the Job in place instead of replacing it and re-running it.
  const podLabels = { [labelKey('sandbox:tenant')]: tenant.id, 'sandbox/dataset-profile': labelValue(dataset.profile) };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      ...namespacedMeta(tenant, loaderJobName(dataset.profile), {
        annotations: {
          'sandbox/dataset-profile': dataset.profile,
          'sandbox/dataset-patients': String(dataset.patients),
          'sandbox/dataset-seed': String(dataset.seed),
        },
      }),
      labels: { ...tenantLabels(tenant), 'sandbox/dataset-profile': labelValue(dataset.profile) },
    },
    spec: {
      completionMode: 'Indexed',
      completions: shards,
      parallelism: loaderParallelism(tenant, dataset),
      backoffLimitPerIndex: BACKOFF_LIMIT_PER_INDEX,
      template: {
        metadata: { labels: podLabels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: WORKLOAD_SERVICE_ACCOUNT,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: LOADER_UID,
            runAsGroup: LOADER_UID,
            fsGroup: LOADER_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'generate',
              image: sandboxCliImage(registry),
              command: ['sandbox'],
              args: loaderArgs(dataset),
              env: [
                {
                  name: 'JOB_COMPLETION_INDEX',
                  valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
                },
              ],
              resources: { requests: { ...resources }, limits: { ...resources } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [
                { name: 'datasets', mountPath: DATASET_MOUNT_PATH },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'datasets', persistentVolumeClaim: { claimName: DATASET_VOLUME_CLAIM } },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
          ],
        },
      },
    },
  };
}
