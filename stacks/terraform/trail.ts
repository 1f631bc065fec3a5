import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail/index.js';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import type { TrailSpec } from '../blueprint/index.ts';
import type { TenantKeys } from './keys.ts';
import { storeByKey, type TenantStores } from './stores.ts';
import type { TenantContext } from './tenant-context.ts';

/**
 * The tenant's trail (AI Act Arts. 12, 19(1), 26(6); EHDS Art. 73(1)(e)): management events in every
 * region, including attempts the region guardrail denies, and every object read and write on the
 * data stores and on the log stores but its own destination (the blueprint says why), signed
 * (log-file validation) and encrypted, into the Object Lock access-log store.
 */
export function addTrail(ctx: TenantContext, spec: TrailSpec, stores: TenantStores, keys: TenantKeys, delivery: S3BucketPolicy | null): Cloudtrail {
  const target = stores.logs.get(spec.deliverTo);
  if (!target || !delivery) throw new Error(`blueprint of ${ctx.blueprint.tenantId} delivers its trail to a missing log store (${spec.deliverTo})`);
  return new Cloudtrail(ctx.stack, 'trail', {
    name: ctx.blueprint.trailName,
    s3BucketName: target.bucket.id,
    kmsKeyId: keys.evidence.arn,
    enableLogFileValidation: spec.logFileValidation,
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: true,
    eventSelector: [
      {
        readWriteType: 'All',
        includeManagementEvents: true,
        dataResource: [
          {
            type: 'AWS::S3::Object',
            values: spec.dataEventStores.map((key) => `${storeByKey(key, stores).bucket.arn}/`),
          },
        ],
      },
    ],
    // CloudTrail checks at creation that it may write to the bucket.
    dependsOn: [delivery],
  });
}
