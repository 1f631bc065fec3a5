import type { Compute } from '../../tenancy/index.ts';

export interface ContainerSize {
  readonly cpu: number;
  readonly memoryGiB: number;
}

/** What a container gets when its author names no limit: a quarter of a small node, never more than the tenant has. */
const DEFAULT_LIMIT: ContainerSize = { cpu: 1, memoryGiB: 2 };
const DEFAULT_REQUEST: ContainerSize = { cpu: 0.25, memoryGiB: 0.5 };
/** A dataset Job's pod (a loader shard or the combiner): one vCPU (both are single-threaded and stream), memory well over the ~140 MB the generator was measured to use. */
const LOADER: ContainerSize = { cpu: 1, memoryGiB: 0.5 };

const within = (size: ContainerSize, compute: Compute): ContainerSize => ({
  cpu: Math.min(size.cpu, compute.cpu),
  memoryGiB: Math.min(size.memoryGiB, compute.memoryGiB),
});

export const defaultContainerLimit = (compute: Compute): ContainerSize => within(DEFAULT_LIMIT, compute);
export const defaultContainerRequest = (compute: Compute): ContainerSize => within(DEFAULT_REQUEST, compute);
export const loaderContainerSize = (compute: Compute): ContainerSize => within(LOADER, compute);
