import { namespaceName } from '../stacks/kubernetes/names.ts';
import type { Tenant } from '../tenancy/index.ts';

/**
 * Stopping what already runs in a tenant's Kubernetes namespace (AI Act Art. 57(11), 59(1)(c): the
 * means to stop processing). The suspended rendering makes every Role read-only, sets the quota to
 * 0 pods, jobs and services and isolates the network, so nothing new starts once it is deployed;
 * but a quota never evicts a pod that already runs, and the Jobs innovators started keep going.
 * These steps stop them. They are written here only: `sandbox suspend` prints them, the
 * `tenant.suspended` event (a person's or an expiry's) records them, and `sandbox exit` prints and
 * reports them for the time until the exited rendering's deploy deletes the namespace.
 */

export interface WorkloadStop {
  readonly namespace: string;
  /** Who runs the steps, and when. */
  readonly when: string;
  /** The steps, as shell lines. */
  readonly procedure: readonly string[];
}

const SUSPEND_JOB = `'{"spec":{"suspend":true}}'`;

function procedure(namespace: string): string[] {
  return [
    `ns=${namespace}`,
    // A suspended Job deletes its own running pods and keeps its state for resumption.
    `kubectl -n "$ns" get jobs -o name | xargs -r -I{} kubectl -n "$ns" patch {} --type=merge -p ${SUSPEND_JOB}`,
    'kubectl -n "$ns" delete pods --all',
    'kubectl -n "$ns" get jobs -o custom-columns=JOB:.metadata.name,SUSPENDED:.spec.suspend,ACTIVE:.status.active   # every job true, none active',
    'kubectl -n "$ns" get pods   # No resources found',
  ];
}

/** The steps after a suspension, once the suspended rendering is deployed. */
export function suspensionWorkloadStop(tenant: Pick<Tenant, 'id'>): WorkloadStop {
  const namespace = namespaceName(tenant);
  return {
    namespace,
    when:
      `The suspended quota keeps new pods from starting but stops none that already run in ${namespace}. After deploying the suspended rendering ` +
      `(\`sandbox synth\`, then \`pulumi up\` in stacks/kubernetes/pulumi), stop them as the cluster operator (the tenant's own roles are read-only by then):`,
    procedure: procedure(namespace),
  };
}

/** The steps at an exit, for the time until the deploy of the exited rendering deletes the namespace. */
export function exitWorkloadStop(tenant: Pick<Tenant, 'id'>): WorkloadStop {
  const namespace = namespaceName(tenant);
  return {
    namespace,
    when:
      `The next deploy deletes namespace ${namespace}, and with it every job and pod still running there (\`kubectl get namespace ${namespace}\` then answers NotFound). ` +
      `Until then they go on (and unless a suspension was deployed before, innovators can start new ones); to stop what runs at once, as the cluster operator:`,
    procedure: procedure(namespace),
  };
}

/** How an event records the steps (`details.workloadStop`). */
export function workloadStopDetails(stop: WorkloadStop): { workloadStop: { namespace: string; when: string; procedure: string[] } } {
  return { workloadStop: { namespace: stop.namespace, when: stop.when, procedure: [...stop.procedure] } };
}
