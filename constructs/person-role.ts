import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { invalidProp } from './invalid-prop.ts';

export interface PersonRoleProps {
  /** IAM role name; CloudTrail shows it beside the session name, so both name the person. */
  readonly roleName: string;
  /** The person's id in the plan: the only session name the role can be assumed with. */
  readonly personId: string;
  /** The ceiling of what the role may ever do, whatever is attached to it later. */
  readonly permissionsBoundary: iam.IManagedPolicy;
  readonly description?: string;
  /** Default one hour. */
  readonly maxSessionDuration?: Duration;
}

const CONSTRUCT = 'PersonRole';

/**
 * The IAM role of one named person (AI Act Art. 59(1)(d), EHDS Art. 73(1): only named, authorised
 * persons with personal accounts). Assumable from this account only, only with MFA and only with
 * the person's id as session name, so CloudTrail names the person behind every action; bounded by
 * a permission boundary. Access is given by the resources' `grant*` methods, and lands in a
 * customer-managed policy rather than an inline one, so it can be reviewed and versioned on its own.
 */
export class PersonRole extends Construct implements iam.IPrincipal {
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal = this;
  readonly assumeRoleAction = 'sts:AssumeRole';
  private policy: iam.ManagedPolicy | undefined;
  private readonly policyName: string;

  constructor(scope: Construct, id: string, props: PersonRoleProps) {
    super(scope, id);
    this.policyName = `${props.roleName}-grants`;
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) throw invalidProp(CONSTRUCT, 'roleName', 'must be 1 to 64 characters of letters, digits and +=,.@_-', props.roleName);
    if (!/^[\w+=,.@-]{2,64}$/.test(props.personId)) throw invalidProp(CONSTRUCT, 'personId', 'must be usable as an STS session name (2 to 64 of letters, digits and +=,.@_-)', props.personId);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      ...(props.description ? { description: props.description } : {}),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      permissionsBoundary: props.permissionsBoundary,
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        StringEquals: { 'sts:RoleSessionName': props.personId },
      }),
    });
  }

  get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  get principalAccount(): string | undefined {
    return this.role.principalAccount;
  }

  addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy ??= new iam.ManagedPolicy(this, 'Grants', {
      managedPolicyName: this.policyName,
      roles: [this.role],
    });
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
