import type { WorkloadCelRule } from './rule.ts';

/**
 * Drop ALL and add nothing back, stricter than restricted Pod Security (which lets
 * NET_BIND_SERVICE back in): a tenant's pods serve no ports below 1024, nor any port the
 * default-deny NetworkPolicy would let anyone reach.
 */
export const capabilitiesDropped: WorkloadCelRule = {
  id: 'SBX-K8S-013',
  title: 'All Linux capabilities are dropped',
  expression: [
    'variables.allContainers.all(c, has(c.securityContext)',
    '  && has(c.securityContext.capabilities)',
    '  && has(c.securityContext.capabilities.drop)',
    "  && 'ALL' in c.securityContext.capabilities.drop",
    '  && (!has(c.securityContext.capabilities.add) || size(c.securityContext.capabilities.add) == 0))',
  ].join('\n'),
  message: 'securityContext.capabilities.drop must contain ALL on every container, and capabilities.add must be empty',
};
