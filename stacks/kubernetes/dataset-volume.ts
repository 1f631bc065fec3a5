import type { Tenant } from '../../tenancy/index.ts';
import { DATASET_VOLUME_CLAIM } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import { gibQuantity } from './quantities.ts';
import type { IPersistentVolumeClaim } from './types.ts';

/**
 * Half of the tenant's storage holds its synthetic datasets, each twice: the loader's shards under
 * /data/.shards and the combined dataset under /data/<profile>. The rest stays free for the
 * innovators' working volumes under the same quota.
 */
export function datasetVolumeSizeGiB(tenant: Tenant): number {
  return Math.max(1, Math.floor(tenant.compute.storageGiB / 2));
}

/**
 * The tenant's datasets, written by the dataset Jobs and read by the innovators' jobs. ReadWriteMany
 * because the loader's shards and the model jobs run in parallel on different nodes; the cluster's
 * default StorageClass must offer it (EFS, CephFS, NFS). It is deleted with the namespace at exit
 * (AI Act Art. 59(1)(g)), so the StorageClass's reclaimPolicy must be Delete.
 */
export function datasetVolumeClaim(tenant: Tenant): IPersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: namespacedMeta(tenant, DATASET_VOLUME_CLAIM),
    spec: {
      accessModes: ['ReadWriteMany'],
      volumeMode: 'Filesystem',
      resources: { requests: { storage: gibQuantity(datasetVolumeSizeGiB(tenant)) } },
    },
  };
}
