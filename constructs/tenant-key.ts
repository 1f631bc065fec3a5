import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMINISTRATION_ACTIONS, KMS_DECRYPT, KMS_ENCRYPT, LOGS_SERVICE_KEY_ACTIONS } from '../stacks/blueprint/index.ts';
import { invalidProp, requireWholeNumber } from './invalid-prop.ts';

export interface TenantKeyProps {
  /** `alias/…`, unique in the account and region. */
  readonly alias: string;
  readonly description: string;
  /** Days between removal and deletion (7 to 30); default 30. */
  readonly pendingWindowDays?: number;
  /** RETAIN (default) keeps the key when it leaves the template; DESTROY schedules its deletion. */
  readonly removalPolicy?: RemovalPolicy;
}

/** AWS services that use a tenant key on a person's behalf. */
export type KeyViaService = 's3' | 'logs';

export interface KeyGrantOptions {
  /** Only through these services (`kms:ViaService`), so ciphertext taken elsewhere stays sealed. */
  readonly viaServices?: readonly KeyViaService[];
}

const CONSTRUCT = 'TenantKey';
const ALIAS_PATTERN = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;

/**
 * A customer-managed KMS key for one tenant, rotated yearly, whose policy lets the account
 * administer it but never use it: only the principals granted here (the tenant's person roles and
 * the AWS services writing its logs) can encrypt or decrypt (AI Act Art. 59(1)(d), GDPR Art. 32).
 * No wildcard principal appears, and person grants hold only through the named services.
 */
export class TenantKey extends Construct {
  readonly key: kms.Key;
  readonly keyArn: string;
  private readonly personStatements = new Map<string, { statement: iam.PolicyStatement; principals: Set<iam.IPrincipal> }>();
  private readonly logGroupNames: string[] = [];
  private readonly trailArns: string[] = [];

  constructor(scope: Construct, id: string, props: TenantKeyProps) {
    super(scope, id);
    if (!ALIAS_PATTERN.test(props.alias)) throw invalidProp(CONSTRUCT, 'alias', 'must match alias/<name> and not use the reserved alias/aws/ prefix', props.alias);
    if (props.description.trim() === '') throw invalidProp(CONSTRUCT, 'description', 'must say what the key protects', props.description);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    requireWholeNumber(CONSTRUCT, 'pendingWindowDays', pendingWindowDays, 7, 30);
    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: props.description,
      enableKeyRotation: true,
      pendingWindow: Duration.days(pendingWindowDays),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // aws-cdk-lib v2 keeps a given key policy as it is: no account-wide `kms:*` statement is added.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersKey',
            principals: [new iam.AccountRootPrincipal()],
            actions: [...KEY_ADMINISTRATION_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
    });
    this.keyArn = this.key.keyArn;
  }

  /** kms:Decrypt and kms:DescribeKey, for the grantee and in the key policy. */
  grantDecrypt(grantee: iam.IGrantable, options: KeyGrantOptions = {}): iam.Grant {
    return this.grant(grantee, KMS_DECRYPT, options);
  }

  /** Decrypt plus kms:Encrypt and kms:GenerateDataKey, for writers. */
  grantEncryptDecrypt(grantee: iam.IGrantable, options: KeyGrantOptions = {}): iam.Grant {
    return this.grant(grantee, [...KMS_DECRYPT, ...KMS_ENCRYPT], options);
  }

  /**
   * Both halves of a KMS grant: the key policy names the grantee (the account root may not use the
   * key, so an IAM policy alone would not do) and the grantee's policy names the key. Grants with
   * the same actions share one key-policy statement, so the policy stays readable.
   */
  grant(grantee: iam.IGrantable, actions: readonly string[], options: KeyGrantOptions = {}): iam.Grant {
    const sortedActions = [...new Set(actions)].sort();
    const via = [...new Set(options.viaServices ?? [])].sort();
    const id = `${sortedActions.join(',')}|${via.join(',')}`;
    let entry = this.personStatements.get(id);
    if (!entry) {
      const region = Stack.of(this).region;
      entry = {
        statement: new iam.PolicyStatement({
          sid: `PersonRolesUseKey${this.personStatements.size + 1}`,
          actions: sortedActions,
          resources: ['*'],
          ...(via.length > 0 ? { conditions: { StringEquals: { 'kms:ViaService': via.map((s) => `${s}.${region}.amazonaws.com`) } } } : {}),
        }),
        principals: new Set(),
      };
      this.key.addToResourcePolicy(entry.statement);
      this.personStatements.set(id, entry);
    }
    if (!entry.principals.has(grantee.grantPrincipal)) {
      entry.principals.add(grantee.grantPrincipal);
      entry.statement.addPrincipals(grantee.grantPrincipal);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: sortedActions, resourceArns: [this.keyArn] });
  }

  /**
   * Lets CloudWatch Logs in this region encrypt the named log group with the key; the encryption
   * context pins the grant to that group, so no other group in the account can use the key. A name
   * ending in `*` admits every group with that prefix (a tenant's `/sandbox/<id>/*`, so groups
   * retained after exit stay readable); groups it covers add nothing more to the policy.
   */
  grantEncryptionToLogGroup(logGroupName: string): void {
    const stack = Stack.of(this);
    if (this.logGroupNames.length === 0) {
      const arnOf = (name: string) => stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsEncryptsLogGroups',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: [...LOGS_SERVICE_KEY_ACTIONS],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Lazy.list({ produce: () => uncoveredNames(this.logGroupNames).map(arnOf) }) } },
        }),
      );
    }
    this.logGroupNames.push(logGroupName);
  }

  /** Lets CloudTrail encrypt the log files of the named trail (and only that trail) with the key. */
  grantEncryptionToTrail(trailArn: string): void {
    if (this.trailArns.length === 0) {
      const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
      const sourceArn = { StringEquals: { 'aws:SourceArn': Lazy.list({ produce: () => this.trailArns }) } };
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudTrailEncryptsTrail',
          principals: [cloudTrail],
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            ...sourceArn,
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Stack.of(this).formatArn({ service: 'cloudtrail', region: '*', resource: 'trail', resourceName: '*' }) },
          },
        }),
      );
      this.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'CloudTrailDescribesKey', principals: [cloudTrail], actions: ['kms:DescribeKey'], resources: ['*'], conditions: sourceArn }));
    }
    this.trailArns.push(trailArn);
  }
}

/** The names and `prefix*` patterns that no other pattern in the list already covers, in order. */
function uncoveredNames(names: readonly string[]): string[] {
  const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
  const unique = [...new Set(names)];
  return unique.filter((name) => !prefixes.some((p) => name !== `${p}*` && name.startsWith(p)));
}
