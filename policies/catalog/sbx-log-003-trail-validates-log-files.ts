import { booleanOf } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, unknown, type RuleDefinition } from '../rule.ts';
import type { Resource } from '../model/resource.ts';

function judge(trail: Resource, validation: string, logging: string, loggingDefault: boolean) {
  const out = [];
  const valid = booleanOf(trail.properties[validation]);
  if (typeof valid === 'object') out.push(unknown(trail, validation, 'Log-file validation', valid));
  else if (valid !== true) out.push(nonCompliant(trail, validation, `trail ${trail.id} does not validate its log files: a changed or deleted log file would go unnoticed`));
  const on = booleanOf(trail.properties[logging]) ?? loggingDefault;
  if (typeof on === 'object') out.push(unknown(trail, logging, 'Whether the trail is logging', on));
  else if (on !== true) out.push(nonCompliant(trail, logging, `trail ${trail.id} is not logging`));
  return out.length > 0 ? out : [compliant(trail, validation)];
}

// CloudFormation requires IsLogging; Terraform's enable_logging defaults to true.
const cloudformation = eachResource(['AWS::CloudTrail::Trail'], (t) => judge(t, 'EnableLogFileValidation', 'IsLogging', false));
const terraform = eachResource(['aws_cloudtrail'], (t) => judge(t, 'enable_log_file_validation', 'enable_logging', true));

export const rule: RuleDefinition = {
  id: 'SBX-LOG-003',
  title: 'CloudTrail trails are logging and validate their log files',
  rationale: 'The trail is the automatic record of who did what in the tenant. Log-file validation signs each delivery with a hash chain, so a supervisor can prove the record is complete and unaltered; a trail that is not logging records nothing.',
  remediation: 'Set EnableLogFileValidation and IsLogging to true (Terraform: enable_log_file_validation = true, enable_logging not false).',
  severity: 'error',
  supports: ['ai-act-12', 'ai-act-19-1', 'ehds-73-1-e', 'nen-7513', 'nen-7510-8-15'],
  crossReferences: { cdkNag: ['CloudTrailLogFileValidationEnabled'], controlTower: ['CT.CLOUDTRAIL.PR.2'], checkov: ['CKV_AWS_36'] },
  enforcedAtRunTime: {
    mechanism: 'service-control-policy',
    source: 'policies/adapters/service-control-policy.ts',
    description: 'the platform stack’s service control policy denies stopping, deleting or reconfiguring the sandbox trails',
  },
  implementations: { cloudformation, terraform },
};
