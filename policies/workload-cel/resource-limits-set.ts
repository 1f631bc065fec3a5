import type { WorkloadCelRule } from './rule.ts';

/**
 * Limits keep one tenant's model from starving the others on a shared cluster. Ephemeral
 * containers are left out because the API forbids resources on them.
 */
export const resourceLimitsSet: WorkloadCelRule = {
  id: 'SBX-K8S-015',
  title: 'Every container has CPU and memory limits',
  expression: [
    'variables.containersWithResources.all(c, has(c.resources) && has(c.resources.limits)',
    "  && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)",
  ].join('\n'),
  message: 'resources.limits.cpu and resources.limits.memory must be set on every container and init container',
};
