import type { WorkloadCelRule } from './rule.ts';

/** Restricted Pod Security: drop ALL; the only capability that may be added back is NET_BIND_SERVICE. */
export const capabilitiesDropped: WorkloadCelRule = {
  id: 'SBX-K8S-013',
  title: 'All Linux capabilities are dropped',
  expression: [
    'variables.allContainers.all(c, has(c.securityContext)',
    '  && has(c.securityContext.capabilities)',
    '  && has(c.securityContext.capabilities.drop)',
    "  && 'ALL' in c.securityContext.capabilities.drop",
    "  && (!has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE')))",
  ].join('\n'),
  message: 'securityContext.capabilities.drop must contain ALL on every container, and add may name NET_BIND_SERVICE only',
};
