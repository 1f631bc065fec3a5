/**
 * Pod specs for the workload rule tests: one that passes every rule, and the workload kinds that
 * carry it. Each test mutates a fresh copy, so a fixture can never leak from one case to the next.
 */
export const REGISTRY = 'registry.sandbox.example.eu';
export const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
export const PINNED_IMAGE = `${REGISTRY}/team/model@${DIGEST}`;

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function compliantContainer(name: string): Json {
  return {
    name,
    image: PINNED_IMAGE,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: { limits: { cpu: '1', memory: '1Gi' } },
  };
}

export function compliantPodSpec(): Json {
  return {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [compliantContainer('prepare')],
    containers: [compliantContainer('model'), compliantContainer('sidecar')],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'datasets', readOnly: true } }],
  };
}

/** An ephemeral (debug) container: the API forbids resources on these, so it carries none. */
export function compliantEphemeralContainer(): Json {
  const { resources: _resources, ...rest } = compliantContainer('debugger');
  return { ...rest, targetContainerName: 'model' };
}

const template = (spec: Json) => ({ metadata: { labels: { app: 'model' } }, spec });

export const WORKLOAD_KINDS: Readonly<Record<string, (spec: Json) => Json>> = {
  Pod: (spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }),
  Job: (spec) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: template({ restartPolicy: 'Never', ...spec }) } }),
  CronJob: (spec) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: template({ restartPolicy: 'Never', ...spec }) } } },
  }),
  Deployment: (spec) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'model' } }, template: template(spec) } }),
  StatefulSet: (spec) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector: { matchLabels: { app: 'model' } }, template: template(spec) } }),
  DaemonSet: (spec) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'model' } }, template: template(spec) } }),
  ReplicaSet: (spec) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'model' } }, template: template(spec) } }),
  ReplicationController: (spec) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { selector: { app: 'model' }, template: template(spec) } }),
};
