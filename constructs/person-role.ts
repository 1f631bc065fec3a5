import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PERSON_TRUST_ACTIONS, personTrustConditions } from '../stacks/blueprint/index.ts';
import { invalidProp } from './invalid-prop.ts';

export interface PersonRoleProps {
  /** IAM role name; CloudTrail shows it beside the session's source identity, so both name the person. */
  readonly roleName: string;
  /**
   * The person's id as the organisation's identity provider sets it as `sts:SourceIdentity` at
   * sign-in: the only source identity the role can be assumed with.
   */
  readonly sourceIdentity: string;
  /** The ceiling of what the role may ever do, whatever is attached to it later. */
  readonly permissionsBoundary: iam.IManagedPolicy;
  readonly description?: string;
  /** Default one hour. */
  readonly maxSessionDuration?: Duration;
}

const CONSTRUCT = 'PersonRole';

/**
 * The IAM role of one named person (AI Act Art. 59(1)(d), EHDS Art. 73(1): only named, authorised
 * persons with personal accounts). Assumable from this account only, only with MFA and only by a
 * session whose source identity, set by the identity provider and unchangeable by the caller, is
 * the person's (stacks/blueprint/person-trust.ts says why not the session name), so CloudTrail
 * names the person behind every action; bounded by a permission boundary. Access is given by the
 * resources' `grant*` methods, and lands in a customer-managed policy rather than an inline one,
 * so it can be reviewed and versioned on its own.
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
    if (!/^[\w+=,.@-]{2,64}$/.test(props.sourceIdentity)) {
      throw invalidProp(CONSTRUCT, 'sourceIdentity', 'must be usable as an STS source identity (2 to 64 of letters, digits and +=,.@_-)', props.sourceIdentity);
    }
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      ...(props.description ? { description: props.description } : {}),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      permissionsBoundary: props.permissionsBoundary,
      assumedBy: new PersonTrustPrincipal(props.sourceIdentity),
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

/**
 * This account's principals, on the person's conditions, with sts:SetSourceIdentity beside
 * sts:AssumeRole in the one trust statement (aws-cdk-lib has a principal adding sts:TagSession,
 * none adding this).
 */
class PersonTrustPrincipal extends iam.AccountRootPrincipal {
  private readonly sourceIdentity: string;

  constructor(sourceIdentity: string) {
    super();
    this.sourceIdentity = sourceIdentity;
  }

  override addToAssumeRolePolicy(document: iam.PolicyDocument): void {
    document.addStatements(
      new iam.PolicyStatement({
        actions: [...PERSON_TRUST_ACTIONS],
        principals: [new iam.AccountRootPrincipal()],
        conditions: personTrustConditions(this.sourceIdentity),
      }),
    );
  }
}
