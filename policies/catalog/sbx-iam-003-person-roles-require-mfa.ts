import { policyDocuments } from '../aws/policy-documents.ts';
import { conditionValues, literals } from '../aws/policy-statements.ts';
import { isUnresolved } from '../model/value.ts';
import { compliant, nonCompliant, notApplicable, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** Trust statements that let people (IAM principals, not AWS services) assume a role must demand MFA. */
function* check(context: CheckContext): Iterable<Evaluation> {
  for (const doc of policyDocuments(context.artifact)) {
    if (doc.kind !== 'trust') continue;
    if (!doc.policy.known) {
      yield unknown(doc.policy.resource, doc.policy.path, 'Whether people must use MFA to assume the role', doc.policy.value);
      continue;
    }
    for (const u of doc.policy.unresolved) yield unknown(u.resource, u.path, 'Whether people may assume the role without MFA', u.value);
    for (const s of doc.policy.statements) {
      if (s.effect !== 'Allow') continue;
      const principal = s.principal;
      const people = principal === '*' || (principal !== undefined && 'AWS' in principal);
      // A principal chosen at deploy time (Fn::If) may be people.
      const undecided = principal !== undefined && principal !== '*' ? principal.unknown?.find(isUnresolved) : undefined;
      if (undecided !== undefined) {
        yield unknown(s.resource, s.path, 'Whether people assume the role (and so need MFA)', undecided);
        continue;
      }
      if (!people) {
        yield notApplicable(s.resource, s.path, 'assumed by an AWS service');
        continue;
      }
      const assumes = literals(s.actions).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*');
      if (!assumes) continue;
      const mfa = conditionValues(s, ['Bool'], 'aws:MultiFactorAuthPresent').includes('true') || conditionValues(s, ['NumericLessThan', 'NumericLessThanEquals'], 'aws:MultiFactorAuthAge').length > 0;
      yield mfa ? compliant(s.resource, s.path) : nonCompliant(s.resource, s.path, 'a person can assume this role without MFA (no Bool aws:MultiFactorAuthPresent true condition)');
    }
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-IAM-003',
  title: 'Roles that people assume require multi-factor authentication',
  rationale: 'A sandbox opens only to named, authorised persons; a stolen password alone must not be enough to act as one of them. Demanding aws:MultiFactorAuthPresent on every human trust statement ties each session to the person’s second factor.',
  remediation: 'Add Condition Bool aws:MultiFactorAuthPresent "true" to every trust statement whose principal is an AWS account or IAM principal.',
  severity: 'error',
  supports: ['ehds-73-1', 'ai-act-59-1-d', 'nen-7510-8-5'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
