import { policyDocuments } from '../aws/policy-documents.ts';
import { literals, mayBeWildcard, type PolicyStatement } from '../aws/policy-statements.ts';
import { isList, isObject, isUnresolved, listOf, literalString, type Value } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, unknown, unknownPart, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

const ALL_ACTIONS = new Set(['*', '*:*']);

/**
 * Whether a statement allows every action on every resource: decided, or undecided because an
 * effect, action or resource only the deploy can tell (a parameter, `${var.actions}`) may be the
 * wildcard; undefined when it cannot be.
 */
function judge(s: PolicyStatement): { decided: true } | { decided: false; part: string; value: Value } | undefined {
  const effect = s.effect === 'Allow' ? 'yes' : isUnresolved(s.effect) ? 'maybe' : 'no';
  if (effect === 'no') return undefined;
  const resources = literals(s.resources).includes('*') || (s.resources.length === 0 && s.notResources.length > 0) ? 'yes' : s.resources.some(mayBeWildcard) ? 'maybe' : 'no';
  const actions = literals(s.actions).some((a) => ALL_ACTIONS.has(a)) || (s.actions.length === 0 && s.notActions.length > 0) ? 'yes' : s.actions.some(mayBeWildcard) ? 'maybe' : 'no';
  if (resources === 'no' || actions === 'no') return undefined;
  if (effect === 'yes' && resources === 'yes' && actions === 'yes') return { decided: true };
  if (effect === 'maybe') return { decided: false, part: 'effect', value: s.effect };
  if (actions === 'maybe') return { decided: false, part: 'action', value: s.actions.find(mayBeWildcard)! };
  return { decided: false, part: 'resource', value: s.resources.find(mayBeWildcard)! };
}

function* aws(context: CheckContext): Iterable<Evaluation> {
  for (const doc of policyDocuments(context.artifact)) {
    // Trust policies name who may assume; SCPs name what is forbidden. Neither grants permissions.
    if (doc.kind === 'trust' || doc.kind === 'service-control') continue;
    if (!doc.policy.known) {
      yield unknown(doc.policy.resource, doc.policy.path, 'Whether the policy grants * on *', doc.policy.value);
      continue;
    }
    let clean = true;
    for (const u of doc.policy.unresolved) {
      clean = false;
      yield unknown(u.resource, u.path, 'Whether the statement grants * on *', u.value);
    }
    for (const s of doc.policy.statements) {
      const verdict = judge(s);
      if (verdict === undefined) continue;
      clean = false;
      if (verdict.decided) yield nonCompliant(s.resource, s.path, s.notActions.length > 0 ? 'Allow with NotAction on Resource "*" grants almost every action on everything' : 'Allow "*" on Resource "*" grants every action on everything');
      else yield unknownPart(s.resource, s.path, 'Whether the statement grants * on *', verdict.part, verdict.value);
    }
    if (clean) yield compliant(doc.resource, doc.path);
  }
}

const kubernetes = eachResource(['Role', 'ClusterRole'], (role) => {
  const rules = role.properties.rules;
  const out: Evaluation[] = [];
  (isList(rules) ? rules : []).forEach((rule, i) => {
    if (!isObject(rule)) return;
    const has = (key: string) => listOf(rule[key]).some((v) => literalString(v) === '*');
    if (has('verbs') && (has('resources') || rule.nonResourceURLs !== undefined) && (has('apiGroups') || rule.nonResourceURLs !== undefined)) {
      out.push(nonCompliant(role, `rules[${i}]`, `${role.type} ${role.id} grants every verb on every resource`));
    }
  });
  return out.length > 0 ? out : [compliant(role, 'rules')];
});

export const rule: RuleDefinition = {
  id: 'SBX-IAM-001',
  title: 'No policy or role grants every action on every resource',
  rationale: 'Only named persons get exactly what their role needs. A statement allowing "*" on "*" (or NotAction on "*", or a Kubernetes role with every verb on every resource) is administrator access, which no tenant principal ever needs.',
  remediation: 'List the actions and resources the principal needs (see stacks/blueprint/role-statements.ts for the product’s own grants).',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ehds-73-1', 'nen-7510-8-2', 'nen-7510-5-15'],
  crossReferences: {
    cdkNag: ['IAMPolicyNoStatementsWithAdminAccess'],
    controlTower: ['CT.IAM.PR.1', 'CT.IAM.PR.2'],
    checkov: ['CKV_AWS_62', 'CKV_AWS_63'],
  },
  implementations: { cloudformation: aws, terraform: aws, kubernetes },
};
