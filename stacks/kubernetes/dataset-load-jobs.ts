import { sha256Hex } from '../../common/sha256.ts';
import type { DatasetRequest, Tenant } from '../../tenancy/index.ts';
import { loaderContainerSize } from './container-sizes.ts';
import { shardPath } from './dataset-paths.ts';
import { labelValue, tenantLabels } from './labels.ts';
import { namespacedMeta } from './object-meta.ts';
import { sandboxCliPodTemplate } from './sandbox-cli-pod.ts';
import type { IJob, ObjectMeta } from './types.ts';

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

/**
 * `<step>-<profile>` as a DNS label. Job names become pod hostnames with the index appended, so
 * they stay well under 63 characters; an odd profile name is cut and made unique by its hash.
 */
export function datasetJobName(step: 'load' | 'combine', profile: string): string {
  const plain = `${step}-${profile}`;
  if (DNS_LABEL.test(plain) && plain.length <= 52) return plain;
  const safe = profile.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 41 - step.length).replace(/^-+|-+$/g, '');
  return `${step}-${safe}-${sha256Hex(profile).slice(0, 8)}`;
}

export const loaderJobName = (profile: string): string => datasetJobName('load', profile);

/**
 * The generator arguments: shard i of N into its own directory, i from the completion index the
 * Job controller gives each pod. Kubernetes expands `$(JOB_COMPLETION_INDEX)` from the container's
 * environment, where the env entry below puts it.
 */
function loaderArgs(dataset: Pick<DatasetRequest, 'profile' | 'patients' | 'seed'>): string[] {
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
    shardPath(dataset, '$(JOB_COMPLETION_INDEX)'),
    '--shard',
    `$(JOB_COMPLETION_INDEX)/${shards}`,
  ];
}

/** The metadata of every Job of one dataset: what it says about the dataset, for people reading the cluster. */
export function datasetJobMetadata(tenant: Tenant, dataset: DatasetRequest, name: string, annotations: Record<string, string> = {}): ObjectMeta {
  return {
    ...namespacedMeta(tenant, name, {
      annotations: {
        'sandbox/dataset-profile': dataset.profile,
        'sandbox/dataset-patients': String(dataset.patients),
        'sandbox/dataset-seed': String(dataset.seed),
        ...annotations,
      },
    }),
    labels: { ...tenantLabels(tenant), 'sandbox/dataset-profile': labelValue(dataset.profile) },
  };
}

/**
 * Generates the shards of one dataset of the plan into the tenant's volume as an Indexed Job;
 * the dataset's combine Job (dataset-combine-jobs.ts) joins them into the dataset itself.
 */
export function datasetLoadJob(tenant: Tenant, dataset: DatasetRequest): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: datasetJobMetadata(tenant, dataset, loaderJobName(dataset.profile)),
    spec: {
      completionMode: 'Indexed',
      completions: shardCount(dataset),
      parallelism: loaderParallelism(tenant, dataset),
      backoffLimitPerIndex: BACKOFF_LIMIT_PER_INDEX,
      template: sandboxCliPodTemplate(tenant, dataset, {
        name: 'generate',
        args: loaderArgs(dataset),
        env: [
          {
            name: 'JOB_COMPLETION_INDEX',
            valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
          },
        ],
      }),
    },
  };
}
