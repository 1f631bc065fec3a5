import { stores } from '../aws/stores.ts';
import { isUnresolved, literalString } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/**
 * Cross-resource: a bucket's `sandbox:store-kind` and `sandbox:retention-class` tags agree with
 * what its name and role make it (policies/aws/stores.ts). The rules no longer trust these tags,
 * but people, inventories and the supervisor's reports read them: a data store tagged as a
 * server-access-log bucket is a hand edit that tried to make the rules go easier, and says so here.
 */
function* check(context: CheckContext): Iterable<Evaluation> {
  for (const store of stores(context.artifact).values()) {
    const r = store.bucket.resource;
    const path = r.format === 'terraform' ? 'tags' : 'Tags';
    const out: Evaluation[] = [];
    const kindTag = r.tags['sandbox:store-kind'];
    const kind = literalString(kindTag);
    if (kind === undefined && isUnresolved(kindTag)) out.push(unknown(r, path, 'Whether the sandbox:store-kind tag agrees with the store', kindTag));
    else if (kind !== undefined && kind !== store.kind) {
      out.push(nonCompliant(r, path, `sandbox:store-kind says ${kind}, but ${r.id} is a ${store.kind} (${store.basis}), and the guardrails judge it as one`));
    }
    const retentionClass = literalString(r.tags['sandbox:retention-class']);
    if (store.kind === 'log-store' && retentionClass !== undefined && retentionClass !== store.retentionClass) {
      out.push(nonCompliant(r, path, `sandbox:retention-class says ${retentionClass}, but ${r.id} is the ${store.retentionClass} log store (${store.basis}), kept for that class’s floor`));
    }
    yield* out.length > 0 ? out : [compliant(r, path)];
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-TAG-002',
  title: 'A bucket’s store tags agree with what its name and role make it',
  rationale:
    'What a store is for decides how it is protected: data stores need the data key, the endpoint-only policy and data events; log stores Object Lock for their class; only the server-access-log store may use SSE-S3. The guardrails tell the kind from the bucket name the blueprint gives (and, for the access-log store, from the buckets that log to it), which a hand edit cannot change without making it another bucket. A tag that says otherwise misleads people and reports, and is the trace of an edit meant to make a data store pass as evidence.',
  remediation: 'Regenerate the artifacts, or set sandbox:store-kind (and, on log stores, sandbox:retention-class) to what the bucket name says: -data/-work/-results data-store, -ailogs/-access/-processing/-nen7513/-docs log-store, -s3logs server-access-logs.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-g', 'nen-7510-8-9'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
