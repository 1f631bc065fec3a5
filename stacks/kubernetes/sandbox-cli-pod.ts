import type { DatasetRequest, Tenant } from '../../tenancy/index.ts';
import { loaderContainerSize } from './container-sizes.ts';
import { labelKey, labelValue } from './labels.ts';
import { DATASET_MOUNT_PATH, DATASET_VOLUME_CLAIM, WORKLOAD_SERVICE_ACCOUNT } from './names.ts';
import { cpuQuantity, gibQuantity } from './quantities.ts';
import { sandboxCliImage } from './sandbox-cli-image.ts';
import type { IJob } from './types.ts';

type PodTemplate = NonNullable<IJob['spec']>['template'];
type Container = NonNullable<PodTemplate['spec']>['containers'][number];

/** The image's own nonroot user; any non-zero id would do, the image's is used so files are its own. */
export const SANDBOX_CLI_UID = 65532;

export interface SandboxCliStep {
  readonly name: string;
  /** Arguments of `sandbox`. */
  readonly args: readonly string[];
  readonly env?: Container['env'];
}

/**
 * The pod of a dataset Job (load or combine): the sandbox CLI image on the dataset volume, within
 * every workload rule of policies/workload-cel (image from the tenant's first allowed registry
 * pinned by digest, non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp,
 * limits, no service account token). The template is immutable once the Job exists, so it carries
 * only labels that never change for the dataset: extending the period (a tag) updates the Job in
 * place instead of replacing it and re-running it.
 */
export function sandboxCliPodTemplate(tenant: Tenant, dataset: Pick<DatasetRequest, 'profile'>, step: SandboxCliStep): PodTemplate {
  const registry = tenant.allowedRegistries[0];
  if (registry === undefined) throw new Error(`tenant ${tenant.id}: allowedRegistries is empty; the dataset Jobs have no registry to pull from`);
  const size = loaderContainerSize(tenant.compute);
  const resources = { cpu: cpuQuantity(size.cpu), memory: gibQuantity(size.memoryGiB) };
  return {
    metadata: { labels: { [labelKey('sandbox:tenant')]: tenant.id, 'sandbox/dataset-profile': labelValue(dataset.profile) } },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: WORKLOAD_SERVICE_ACCOUNT,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: SANDBOX_CLI_UID,
        runAsGroup: SANDBOX_CLI_UID,
        fsGroup: SANDBOX_CLI_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: step.name,
          image: sandboxCliImage(registry),
          command: ['sandbox'],
          args: [...step.args],
          ...(step.env ? { env: step.env } : {}),
          resources: { requests: { ...resources }, limits: { ...resources } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          // tsx keeps its transform cache in /tmp: the only writable place besides the data.
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
  };
}
