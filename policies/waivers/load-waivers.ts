import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { isIsoDate, TENANT_ID_PATTERN, type Tenant } from '../../tenancy/index.ts';
import type { TenantLookup } from '../evaluate/evaluate.ts';
import type { Waiver } from './waiver.ts';

export interface WaiverIssue {
  readonly file: string;
  /** `waivers[1].approver` */
  readonly path: string;
  readonly message: string;
}

export interface WaiverLoadResult {
  readonly waivers: readonly Waiver[];
  /** Every problem at once; any issue makes the whole file unusable. */
  readonly issues: readonly WaiverIssue[];
}


const waiverSchema = z
  .object({
    rule: z.string({ error: 'is required: the guardrail id, e.g. SBX-NET-003' }).regex(/^SBX-[A-Z0-9]+-\d{3}$/, { error: 'must be a guardrail id such as SBX-NET-003' }),
    tenant: z.string({ error: 'is required' }).regex(TENANT_ID_PATTERN, { error: 'must be a tenant id' }),
    resource: z.string({ error: 'is required: the resource the finding names' }).trim().min(1, { error: 'must name the resource' }),
    reason: z.string({ error: 'is required: why the exception is acceptable' }).trim().min(20, { error: 'must explain in at least 20 characters why the exception is acceptable' }),
    approver: z.string({ error: 'is required: the id of a person in the tenant’s plan' }).trim().min(1),
    expires: z
      .preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.string({ error: 'is required: the last day the waiver applies (YYYY-MM-DD)' }))
      .refine(isIsoDate, { error: 'must be a date written YYYY-MM-DD' }),
  })
  .strict();

const fileSchema = z
  .object({
    apiVersion: z.literal('regulatory-sandbox/v1'),
    kind: z.literal('GuardrailWaivers'),
    waivers: z.array(z.unknown()).nullable().default([]),
  })
  .strict();

/** Approving an exception to a guardrail of one's own sandbox is not for the innovator. */
const APPROVER_ROLES: ReadonlySet<string> = new Set(['supervisor', 'data-steward', 'platform-engineer']);

export interface LoadWaiverOptions {
  readonly tenants: TenantLookup;
  /** Guardrail ids that exist; a waiver for anything else is a typo. */
  readonly ruleIds: readonly string[];
}

/** Reads and validates a waivers file: shape (zod), then that rule, tenant and approver exist. */
export function parseWaivers(file: string, text: string, options: LoadWaiverOptions): WaiverLoadResult {
  const issues: WaiverIssue[] = [];
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return { waivers: [], issues: [{ file, path: '', message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` }] };
  const top = fileSchema.safeParse(doc.toJS() ?? {});
  if (!top.success) {
    return { waivers: [], issues: top.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })) };
  }
  const waivers: Waiver[] = [];
  const seen = new Map<string, number>();
  (top.data.waivers ?? []).forEach((raw, index) => {
    const at = (field: string) => `waivers[${index}]${field ? `.${field}` : ''}`;
    const parsed = waiverSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push({ file, path: at(i.path.join('.')), message: i.message });
      return;
    }
    const w = parsed.data;
    if (!options.ruleIds.includes(w.rule)) issues.push({ file, path: at('rule'), message: `${w.rule} is not a guardrail of the catalog` });
    const tenant: Tenant | undefined = options.tenants(w.tenant);
    if (!tenant) {
      issues.push({ file, path: at('tenant'), message: `no valid plan for tenant ${w.tenant} in sandbox-templates/tenants/` });
      return;
    }
    // An exception is granted within the participation: a waiver cannot outlive the plan it belongs to.
    if (w.expires > tenant.period.end) {
      issues.push({ file, path: at('expires'), message: `${w.expires} is after the end of the sandbox period of ${w.tenant} (${tenant.period.end}); a waiver expires on or before the last day of the plan` });
    }
    const person = tenant.people.find((p) => p.id === w.approver);
    if (!person) {
      issues.push({ file, path: at('approver'), message: `${w.approver} is not a person in the plan of ${w.tenant} (${tenant.people.map((p) => p.id).join(', ')})` });
      return;
    }
    if (!APPROVER_ROLES.has(person.role)) {
      issues.push({ file, path: at('approver'), message: `${w.approver} (${person.name}) is an ${person.role}; a waiver needs a supervisor, data steward or platform engineer of the plan` });
      return;
    }
    const key = `${w.rule} ${w.tenant} ${w.resource}`;
    if (seen.has(key)) issues.push({ file, path: at(''), message: `waives the same finding as waivers[${seen.get(key)}]` });
    seen.set(key, index);
    waivers.push({ ...w, approverName: person.name, source: `${file} ${at('')}` });
  });
  return { waivers: issues.length > 0 ? [] : waivers, issues };
}

export function loadWaivers(file: string, options: LoadWaiverOptions): WaiverLoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { waivers: [], issues: [{ file, path: '', message: code === 'ENOENT' ? 'the waivers file does not exist' : `cannot be read (${(error as Error).message})` }] };
  }
  return parseWaivers(file, text, options);
}

export function formatWaiverIssue(issue: WaiverIssue): string {
  return `${issue.file}: ${issue.path || '(file)'}: ${issue.message}`;
}
