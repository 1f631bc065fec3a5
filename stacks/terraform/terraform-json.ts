/**
 * cdktf's JSON made reproducible and hand-off ready: its `//` metadata (construct paths, version) is
 * dropped, the local backend it adds by default is removed so an operator's backend file is the
 * only one, object keys are sorted at every level, and a `//` comment (Terraform JSON's comment
 * property) says where the file comes from.
 */
export function terraformJsonText(config: Record<string, unknown>, header: string): string {
  const cleaned = strip(config) as Record<string, unknown>;
  const terraform = cleaned.terraform as Record<string, unknown> | undefined;
  if (terraform) delete terraform.backend;
  return `${JSON.stringify(sortKeys({ '//': header, ...cleaned }), null, 2)}\n`;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '//' || child === undefined) continue;
    out[key] = strip(child);
  }
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** Managed resources (not data sources) in a Terraform JSON configuration. */
export function countResources(config: Record<string, unknown>): number {
  const resources = (config.resource ?? {}) as Record<string, Record<string, unknown>>;
  return Object.values(resources).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
