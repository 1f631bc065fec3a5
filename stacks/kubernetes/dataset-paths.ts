import type { DatasetRequest } from '../../tenancy/index.ts';
import { DATASET_MOUNT_PATH } from './names.ts';

/**
 * Where a tenant's datasets live on its dataset volume. Innovators read the combined dataset,
 * `/data/<profile>/`, laid out as `sandbox up` writes `build/<id>/data/<profile>/` (FHIR NDJSON per
 * resource type, manifest.json, datasheet). The loader's shards are its working files, kept apart
 * under `/data/.shards/` so that the combined directory holds nothing but the dataset.
 */
export function datasetPath(profile: string): string {
  return `${DATASET_MOUNT_PATH}/${profile}`;
}

/**
 * The shards of one dataset as the plan names it. Patients and seed are part of the path, so
 * shards of an earlier version of the plan's dataset can never be combined into this one.
 */
function shardsPath(dataset: Pick<DatasetRequest, 'profile' | 'patients' | 'seed'>): string {
  return `${DATASET_MOUNT_PATH}/.shards/${dataset.profile}/patients-${dataset.patients}-seed-${dataset.seed}`;
}

/** Shard `index` (a number, or `$(JOB_COMPLETION_INDEX)` for the pod to fill in). */
export function shardPath(dataset: Pick<DatasetRequest, 'profile' | 'patients' | 'seed'>, index: number | string): string {
  return `${shardsPath(dataset)}/shard-${index}`;
}
