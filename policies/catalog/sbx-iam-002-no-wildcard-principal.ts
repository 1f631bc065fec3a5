import { policyDocuments } from '../aws/policy-documents.ts';
import { allowsEveryone } from '../aws/policy-statements.ts';
import { at, isList, isObject, literalString } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, unknown, unknownPart, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

function* aws(context: CheckContext): Iterable<Evaluation> {
  for (const doc of policyDocuments(context.artifact)) {
    // Identity policies name no principal; service control policies only forbid.
    if (doc.kind === 'identity' || doc.kind === 'service-control') continue;
    if (!doc.policy.known) {
      yield unknown(doc.policy.resource, doc.policy.path, `Whether the ${doc.kind} policy allows everyone`, doc.policy.value);
      continue;
    }
    let clean = true;
    for (const u of doc.policy.unresolved) {
      clean = false;
      yield unknown(u.resource, u.path, `Whether the ${doc.kind} policy statement allows everyone`, u.value);
    }
    for (const s of doc.policy.statements) {
      // A Deny for everyone (TLS-only, endpoint-only) narrows access; only an Allow can widen it.
      const everyone = allowsEveryone(s);
      if (everyone.verdict === 'yes') {
        clean = false;
        yield nonCompliant(s.resource, s.path, `${doc.kind} policy allows ${everyone.how}: anyone with an AWS account${doc.kind === 'trust' ? ' may assume this role' : ''}`);
      } else if (everyone.verdict === 'unknown') {
        clean = false;
        yield unknownPart(s.resource, s.path, `Whether the ${doc.kind} policy statement allows everyone`, everyone.part, everyone.value);
      }
    }
    if (clean) yield compliant(doc.resource, doc.path);
  }
}

/** Subjects that stand for everyone (or every service account) in the cluster. */
const EVERYONE = new Set(['system:authenticated', 'system:unauthenticated', 'system:anonymous', 'system:serviceaccounts']);

const kubernetes = eachResource(['RoleBinding', 'ClusterRoleBinding'], (binding) => {
  const subjects = binding.properties.subjects;
  const out: Evaluation[] = [];
  (isList(subjects) ? subjects : []).forEach((s, i) => {
    const name = literalString(at(s, 'name'));
    if (isObject(s) && name !== undefined && (EVERYONE.has(name) || name === '*')) out.push(nonCompliant(binding, `subjects[${i}].name`, `${binding.id} binds ${name}, which is everyone, not a named person`));
  });
  return out.length > 0 ? out : [compliant(binding, 'subjects')];
});

export const rule: RuleDefinition = {
  id: 'SBX-IAM-002',
  title: 'No policy or binding grants access to everyone',
  rationale: 'The sandbox is open only to named, authorised persons with personal accounts. An Allow for Principal "*" in a resource or trust policy, an Allow with NotPrincipal (everyone but the principals it names), or a Kubernetes binding to system:authenticated or system:anonymous, grants access to people nobody named.',
  remediation: 'Name the principals (the tenant’s person roles, or an AWS service with an aws:SourceArn condition) instead of "*" or NotPrincipal; bind Kubernetes roles to the tenant’s users and groups only.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ehds-73-1', 'nen-7510-5-15'],
  crossReferences: { checkov: ['CKV_AWS_60', 'CKV_AWS_33', 'CKV_AWS_70'] },
  implementations: { cloudformation: aws, terraform: aws, kubernetes },
};
