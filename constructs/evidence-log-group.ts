import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLOUDWATCH_RETENTION_DAYS, LOGS_READ } from '../stacks/blueprint/index.ts';
import { invalidProp } from './invalid-prop.ts';
import type { TenantKey } from './tenant-key.ts';

export interface EvidenceLogGroupProps {
  readonly logGroupName: string;
  /** A CloudWatch Logs retention period of at least 183 days (AI Act Arts. 19(1), 26(6)). */
  readonly retentionDays: number;
  /** The tenant's evidence key. */
  readonly encryptionKey: TenantKey;
}

const CONSTRUCT = 'EvidenceLogGroup';
const MINIMUM_DAYS = 183;

/**
 * A CloudWatch log group for evidence: encrypted with the evidence key, kept at least six months,
 * and retained when it leaves the template, so flow logs outlive the network they describe
 * (EHDS Art. 73(1)(e)).
 */
export class EvidenceLogGroup extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly encryptionKey: TenantKey;

  constructor(scope: Construct, id: string, props: EvidenceLogGroupProps) {
    super(scope, id);
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(props.logGroupName)) throw invalidProp(CONSTRUCT, 'logGroupName', 'must be a valid CloudWatch log group name', props.logGroupName);
    if (!(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(props.retentionDays) || props.retentionDays < MINIMUM_DAYS) {
      throw invalidProp(CONSTRUCT, 'retentionDays', `must be a CloudWatch Logs retention period of at least ${MINIMUM_DAYS} days`, props.retentionDays);
    }
    this.encryptionKey = props.encryptionKey;
    props.encryptionKey.grantEncryptionToLogGroup(props.logGroupName);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      retention: props.retentionDays as logs.RetentionDays,
      encryptionKey: props.encryptionKey.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Read the events of this group, decrypting through CloudWatch Logs only. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return EvidenceLogGroup.grantReadByName(this, grantee, this.logGroup.logGroupName, this.encryptionKey);
  }

  /**
   * Read the groups matching a name or name pattern (`/sandbox/t/*`), including groups retained
   * from an earlier rendering of the tenant that are no longer in the template.
   */
  static grantReadByName(scope: Construct, grantee: iam.IGrantable, logGroupNamePattern: string, encryptionKey: TenantKey): iam.Grant {
    const groupArn = Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupNamePattern, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    // The group itself (DescribeLogStreams) and its streams (GetLogEvents).
    return iam.Grant.addToPrincipal({ grantee, actions: [...LOGS_READ], resourceArns: [groupArn, `${groupArn}:*`] }).combine(
      encryptionKey.grantDecrypt(grantee, { viaServices: ['logs'] }),
    );
  }
}
