import { buckets } from '../aws/buckets.ts';
import { allowsEveryone } from '../aws/policy-statements.ts';
import { literalString } from '../model/value.ts';
import { compliant, nonCompliant, unknown, unknownPart, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** Canned ACLs and grantee groups that open a bucket to everyone or to every AWS account. */
const PUBLIC_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead', 'public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    let open = false;
    for (const acl of bucket.acls) {
      const text = literalString(acl.value);
      if (text === undefined) {
        open = true;
        yield unknown(acl.resource, acl.path, 'Whether the ACL is public', acl.value);
      } else if (PUBLIC_ACLS.has(text) || PUBLIC_GRANTEES.test(text)) {
        open = true;
        yield nonCompliant(acl.resource, acl.path, `ACL ${text} grants bucket ${bucket.resource.id} to everyone`);
      }
    }
    for (const doc of bucket.policies) {
      // Judged here, whatever the other rules say of the bucket: a readable policy that requires
      // TLS beside an unreadable one must not make the unreadable one pass.
      if (!doc.policy.known) {
        open = true;
        yield unknown(doc.policy.resource, doc.policy.path, `Whether the policy of bucket ${bucket.resource.id} grants everyone`, doc.policy.value);
        continue;
      }
      for (const u of doc.policy.unresolved) {
        open = true;
        yield unknown(u.resource, u.path, `Whether the policy of bucket ${bucket.resource.id} grants everyone`, u.value);
      }
      for (const s of doc.policy.statements) {
        const everyone = allowsEveryone(s);
        if (everyone.verdict === 'yes') {
          open = true;
          yield nonCompliant(s.resource, s.path, `the policy of bucket ${bucket.resource.id} allows ${everyone.how}; conditions do not make an Allow to everyone acceptable here`);
        } else if (everyone.verdict === 'unknown') {
          open = true;
          yield unknownPart(s.resource, s.path, `Whether the policy of bucket ${bucket.resource.id} grants everyone`, everyone.part, everyone.value);
        }
      }
    }
    if (!open) yield compliant(bucket.resource, '');
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-005',
  title: 'No bucket policy or ACL grants access to everyone',
  rationale: 'Only named, authorised persons may reach a tenant’s data. A public ACL, or an Allow to Principal "*" or with NotPrincipal (everyone but the principals it names) in a bucket policy, opens the bucket to every AWS account or to the internet, whatever Block Public Access says at the time it is later switched off.',
  remediation: 'Remove public canned ACLs (prefer BucketOwnerEnforced object ownership) and grant bucket access to named roles in their identity policies instead of Allow statements for Principal "*".',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ehds-73-1', 'gdpr-32', 'nen-7510-5-15'],
  crossReferences: {
    cdkNag: ['S3BucketPublicReadProhibited', 'S3BucketPublicWriteProhibited'],
    controlTower: ['CT.S3.PR.5'],
    checkov: ['CKV_AWS_20', 'CKV_AWS_57'],
  },
  implementations: { cloudformation: check, terraform: check },
};
