import type { PolicyRule } from '../../stacks/kubernetes/types.ts';

/** RBAC's own semantics for one request: any rule that names the group, resource, verb (and name, if it limits names). */
export interface Request {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly name?: string;
}

export function allows(rules: readonly PolicyRule[] | undefined, request: Request): boolean {
  return (rules ?? []).some(
    (r) =>
      (r.apiGroups ?? []).some((g) => g === request.apiGroup || g === '*') &&
      r.resources?.some((res) => res === request.resource || res === '*') === true &&
      r.verbs.some((v) => v === request.verb || v === '*') &&
      (!r.resourceNames || r.resourceNames.length === 0 || (request.name !== undefined && r.resourceNames.includes(request.name))),
  );
}

export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
export const READ_VERBS = ['get', 'list', 'watch'] as const;
