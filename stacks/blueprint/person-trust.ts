/**
 * Who may assume a person's role, written once for both engines (AI Act Art. 59(1)(d), EHDS
 * Art. 73(1): only named, authorised persons with personal accounts; NEN 7513: log who acted).
 *
 * The role is bound to the person by `sts:SourceIdentity`, not by the session name: the caller
 * picks any session name it likes, so "session name = person id" let anyone in the account with
 * MFA become that person, and CloudTrail then named the wrong one. The source identity is set by
 * the organisation's identity provider when the person signs in (SAML attribute or OIDC claim),
 * cannot be changed afterwards, travels with every chained role session and is written into every
 * CloudTrail event of the session, so the trail names the person behind each action. The trust
 * allows `sts:SetSourceIdentity` because AWS requires it whenever a session that already carries a
 * source identity assumes a role. MFA and the permission boundary stay as before.
 *
 * What this relies on (stated in README "Deploying for real"): only the IdP sets source
 * identities, i.e. no principal in the account holds `sts:SetSourceIdentity` of its own; otherwise
 * it could claim any person's id, just as it could pick a session name.
 */

/** Both in one trust statement, so the MFA and source-identity conditions hold for each. */
export const PERSON_TRUST_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity'] as const;

export type TrustConditions = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The conditions of a person role's trust statement; the principal is the tenant's own account. */
export function personTrustConditions(sourceIdentity: string): TrustConditions {
  return {
    Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    StringEquals: { 'sts:SourceIdentity': sourceIdentity },
  };
}
