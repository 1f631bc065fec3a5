import type { Tenant } from '../../tenancy/index.ts';

/**
 * The tenant's tags as Kubernetes labels, so the workload space carries the same tags as the cloud
 * resources. Tag keys such as `sandbox:tenant` become `sandbox/tenant` and values are reduced to
 * the label alphabet (63 characters, alphanumeric at both ends), e.g. `Example Health AI B.V.`
 * becomes `Example-Health-AI-B.V`.
 */
const NAME_MAX = 63;

function labelName(value: string): string {
  return value
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, NAME_MAX)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

function labelPrefix(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .slice(0, 253)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

export function labelKey(tagKey: string): string {
  const colon = tagKey.indexOf(':');
  if (colon < 0) return labelName(tagKey);
  const prefix = labelPrefix(tagKey.slice(0, colon));
  const name = labelName(tagKey.slice(colon + 1).replace(/:/g, '.'));
  return prefix ? `${prefix}/${name}` : name;
}

export const labelValue = labelName;

/** Every object of the tenant carries these; the lifecycle shows a supervisor a suspended namespace at a glance. */
export function tenantLabels(tenant: Pick<Tenant, 'tags' | 'status'>): Record<string, string> {
  const tags: Record<string, string> = { ...tenant.tags, 'sandbox:lifecycle': tenant.status };
  const labels: Record<string, string> = {};
  for (const key of Object.keys(tags).sort()) {
    const k = labelKey(key);
    if (k) labels[k] = labelValue(tags[key]!);
  }
  return labels;
}
