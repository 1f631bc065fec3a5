import { buckets } from '../aws/buckets.ts';
import { conditionValues, endsWithLiteral, isWildcardPrincipal, literals, type PolicyStatement } from '../aws/policy-statements.ts';
import { literalString } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** A statement that denies every S3 action on the bucket's objects to anyone not using TLS. */
export function deniesInsecureTransport(s: PolicyStatement): boolean {
  const actions = literals(s.actions);
  return (
    s.effect === 'Deny' &&
    isWildcardPrincipal(s) &&
    (actions.includes('s3:*') || actions.includes('*')) &&
    s.resources.some((r) => literalString(r) === '*' || endsWithLiteral(r, '/*')) &&
    conditionValues(s, ['Bool', 'BoolIfExists'], 'aws:SecureTransport').includes('false')
  );
}

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    const unresolved = bucket.policies.find((p) => !p.policy.known);
    const statements = bucket.policies.flatMap((p) => (p.policy.known ? p.policy.statements : []));
    // A statement only the deploy can tell may be the TLS one.
    const undecided = bucket.policies.flatMap((p) => (p.policy.known ? p.policy.unresolved : []))[0];
    const tls = statements.find(deniesInsecureTransport);
    if (tls) yield compliant(tls.resource, tls.path);
    else if (unresolved && !unresolved.policy.known) yield unknown(unresolved.resource, unresolved.path, 'Whether the bucket policy requires TLS', unresolved.policy.value);
    else if (undecided) yield unknown(undecided.resource, undecided.path, 'Whether the bucket policy requires TLS', undecided.value);
    else if (bucket.policies.length === 0) yield nonCompliant(bucket.resource, '', `bucket ${bucket.resource.id} has no bucket policy, so requests without TLS are not denied`);
    else yield nonCompliant(bucket.policies[0]!.resource, bucket.policies[0]!.path, `the policy of bucket ${bucket.resource.id} has no statement denying s3:* on its objects when aws:SecureTransport is false`);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-003',
  title: 'Every bucket denies requests that do not use TLS',
  rationale: 'Encryption in transit is half of GDPR Art. 32’s encryption; a bucket policy that denies aws:SecureTransport=false makes plain-HTTP access impossible, whatever a client is configured to do.',
  remediation: 'Add a bucket policy statement: Effect Deny, Principal *, Action s3:*, Resource the bucket and bucket/*, Condition Bool aws:SecureTransport false.',
  severity: 'error',
  supports: ['gdpr-32', 'ai-act-59-1-g', 'nen-7510-8-24'],
  crossReferences: { cdkNag: ['S3BucketSSLRequestsOnly'], controlTower: ['CT.S3.PR.8'] },
  implementations: { cloudformation: check, terraform: check },
};
