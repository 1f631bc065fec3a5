import type { DatasetRequest, Tenant } from '../../tenancy/index.ts';
import { datasetJobMetadata, datasetJobName, loaderJobName, shardCount } from './dataset-load-jobs.ts';
import { datasetPath, shardPath } from './dataset-paths.ts';
import { sandboxCliPodTemplate } from './sandbox-cli-pod.ts';
import type { IJob } from './types.ts';

/**
 * Names the Job a Job must wait for. The Pulumi program makes it a dependency, so the combine Job
 * is created only once its loader has completed (Pulumi waits for a Job to complete).
 */
export const RUNS_AFTER_ANNOTATION = 'sandbox/runs-after';

/**
 * Attempts before the combine Job gives up. Under Pulumi the first attempt finds every shard. With
 * `kubectl apply` both Jobs start together; an attempt that finds a shard missing fails in seconds
 * and frees its quota, and the Job controller's backoff (10 s doubling to 6 min) keeps trying for
 * about 35 minutes, well past the time even a 100-shard dataset takes to load.
 */
const COMBINE_BACKOFF_LIMIT = 10;

export const combineJobName = (profile: string): string => datasetJobName('combine', profile);

/** `sandbox data combine` over every shard of the dataset, into /data/<profile>. */
function combineArgs(dataset: Pick<DatasetRequest, 'profile' | 'patients' | 'seed'>): string[] {
  const shards = Array.from({ length: shardCount(dataset) }, (_, i) => shardPath(dataset, i));
  return ['data', 'combine', '--out', datasetPath(dataset.profile), ...shards];
}

/**
 * Joins the loader's shards into the dataset a single run writes (same bytes, same manifest
 * hash), so a model reads one dataset, as it does outside the cluster. The combiner refuses
 * shards that are missing, from another generator version or of another profile; the shard path
 * names patients and seed, so stale shards of an earlier plan are never picked up. The combined
 * directory is replaced whole, so a reader never sees a mix of an old and a new dataset.
 */
export function datasetCombineJob(tenant: Tenant, dataset: DatasetRequest): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: datasetJobMetadata(tenant, dataset, combineJobName(dataset.profile), { [RUNS_AFTER_ANNOTATION]: loaderJobName(dataset.profile) }),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: COMBINE_BACKOFF_LIMIT,
      template: sandboxCliPodTemplate(tenant, dataset, { name: 'combine', args: combineArgs(dataset) }),
    },
  };
}
