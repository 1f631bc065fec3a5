import { buckets } from '../aws/buckets.ts';
import { referenced } from '../aws/located.ts';
import { conditionValues, isWildcardPrincipal, literals, type PolicyStatement } from '../aws/policy-statements.ts';
import { storeKind } from '../aws/stores.ts';
import type { NormalisedArtifact } from '../model/resource.ts';
import { compliant, nonCompliant, notApplicable, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

const NOT_EQUALS = ['StringNotEquals', 'StringNotEqualsIfExists', 'ForAnyValue:StringNotEquals'];
const ENDPOINT_TYPES = new Set(['AWS::EC2::VPCEndpoint', 'aws_vpc_endpoint', 'AWS::EC2::VPC', 'aws_vpc']);

/** Denies object reads to everyone whose request does not come through a VPC endpoint (or VPC) of this artifact. */
function deniesOutsideEndpoint(s: PolicyStatement, artifact: NormalisedArtifact): boolean {
  if (s.effect !== 'Deny' || !isWildcardPrincipal(s)) return false;
  const actions = literals(s.actions);
  if (!actions.some((a) => a === '*' || a === 's3:*' || a === 's3:GetObject' || a === 's3:GetObject*')) return false;
  for (const op of NOT_EQUALS) {
    for (const key of ['aws:SourceVpce', 'aws:SourceVpc']) {
      const entry = Object.entries(s.conditions[op] ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
      if (!entry) continue;
      if (entry[1].some((v) => ENDPOINT_TYPES.has(referenced(artifact, v)?.type ?? ''))) return true;
      if (conditionValues(s, [op], key).some((v) => /^vpce?-[0-9a-f]+$/.test(v))) return true;
    }
  }
  return false;
}

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    if (storeKind(bucket, context) !== 'data-store') {
      // Log stores and access-log buckets are written by AWS services, which do not come through the endpoint.
      yield notApplicable(bucket.resource);
      continue;
    }
    const statements = bucket.policies.flatMap((p) => (p.policy.known ? p.policy.statements : []));
    const found = statements.find((s) => deniesOutsideEndpoint(s, context.artifact));
    const unresolved = bucket.policies.find((p) => !p.policy.known);
    const undecided = bucket.policies.flatMap((p) => (p.policy.known ? p.policy.unresolved : []))[0];
    if (found) yield compliant(found.resource, found.path);
    else if (unresolved && !unresolved.policy.known) yield unknown(unresolved.resource, unresolved.path, 'Whether the data store is endpoint-only', unresolved.policy.value);
    else if (undecided) yield unknown(undecided.resource, undecided.path, 'Whether the data store is endpoint-only', undecided.value);
    else yield nonCompliant(bucket.policies[0]?.resource ?? bucket.resource, bucket.policies[0]?.path ?? '', `data store ${bucket.resource.id} does not deny object access from outside the tenant's VPC endpoint (Deny, Principal *, s3:GetObject…, StringNotEquals aws:SourceVpce)`);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-007',
  title: 'Data stores can be read and written only through the tenant’s VPC endpoint',
  rationale: 'Nothing created in the sandbox may leave it except through the export airlock. A bucket policy that denies object access not coming through the tenant’s own VPC endpoint means even a valid credential used from outside the tenant network gets nothing.',
  remediation: 'Add a Deny statement for Principal * on the object actions with Condition StringNotEquals aws:SourceVpce set to the tenant’s S3 gateway endpoint.',
  severity: 'error',
  supports: ['ai-act-59-1-e', 'ehds-73-2', 'ai-act-59-1-d', 'nen-7510-8-22'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
