import type { Person, PersonRole, Tenant, TenantStatus } from '../tenancy/index.ts';

/**
 * Who may do what, read from the plan alone: AI Act Art. 59(1)(d) and EHDS Art. 73(1) ask for
 * named, authorised persons, so every workflow names the person with `--as` and checks their role
 * in this tenant's plan, never a global list.
 */

export type Authorisation =
  | { readonly ok: true; readonly person: Person }
  | { readonly ok: false; readonly person: Person | undefined; readonly message: string };

/** The roles that may perform each workflow action. */
export const ALLOWED_ROLES = {
  run: ['innovator'],
  'export request': ['innovator'],
  'export approve': ['data-steward'],
  'export reject': ['data-steward'],
  suspend: ['platform-engineer', 'data-steward'],
  resume: ['platform-engineer', 'data-steward'],
  exit: ['platform-engineer', 'data-steward'],
} as const satisfies Record<string, readonly PersonRole[]>;

export type WorkflowAction = keyof typeof ALLOWED_ROLES;

export function authorise(tenant: Tenant, personId: string, action: WorkflowAction): Authorisation {
  const allowed: readonly PersonRole[] = ALLOWED_ROLES[action];
  const person = tenant.people.find((p) => p.id === personId);
  const who = (role: PersonRole) => tenant.people.filter((p) => p.role === role).map((p) => p.id);
  const holders = allowed.flatMap(who);
  const allowedText = `${action} is allowed for ${allowed.join(' or ')} only${holders.length > 0 ? ` (${holders.join(', ')})` : ''}`;
  if (!person) {
    return { ok: false, person, message: `${personId} is not a person of tenant ${tenant.id}'s plan; ${allowedText}` };
  }
  if (!allowed.includes(person.role)) {
    return { ok: false, person, message: `${person.id} has role ${person.role} in tenant ${tenant.id}'s plan; ${allowedText}` };
  }
  return { ok: true, person };
}

/** Why a tenant in this status cannot take this action, or undefined when it can. */
export function statusBlocks(tenant: Tenant, action: string, allowed: readonly TenantStatus[]): string | undefined {
  if (allowed.includes(tenant.status)) return undefined;
  const why =
    tenant.status === 'suspended'
      ? 'it is suspended (AI Act Art. 57(11): processing stops until it is resumed)'
      : tenant.status === 'exited'
        ? 'it has exited (its datasets are deleted; only the evidence remains)'
        : `it is ${tenant.status}`;
  return `tenant ${tenant.id} refuses ${action}: ${why}`;
}
