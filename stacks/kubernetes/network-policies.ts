import type { Tenant } from '../../tenancy/index.ts';
import { DEFAULT_DENY_POLICY, DNS_EGRESS_POLICY } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import type { INetworkPolicy } from './types.ts';

/**
 * AI Act Art. 59(1)(d)-(f): nothing reaches the tenant's pods and they reach nothing, neither the
 * internet nor clinical systems. An empty podSelector with both policy types and no rules denies
 * every flow; allowances are separate policies, so taking one away is removing one object.
 */
export function defaultDenyPolicy(tenant: Tenant): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespacedMeta(tenant, DEFAULT_DENY_POLICY),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/**
 * Name resolution only, and only from the cluster's own DNS pods (kube-system, k8s-app: kube-dns).
 * Both selectors sit in one peer, so they must both match: a namespaceSelector alone would open
 * every pod in kube-system.
 */
export function dnsEgressPolicy(tenant: Tenant): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespacedMeta(tenant, DNS_EGRESS_POLICY),
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}
