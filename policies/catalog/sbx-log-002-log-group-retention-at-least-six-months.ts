import { MINIMUM_LOG_RETENTION_DAYS, retentionClassOf, retentionFloor } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { numberOf } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

function judge(group: Resource, property: string, context: CheckContext, neverExpires: (days: number) => boolean): Evaluation {
  const value = numberOf(group.properties[property]);
  if (typeof value === 'object') return unknown(group, property, 'The log group retention', value);
  // Unset (or 0 in Terraform) means CloudWatch keeps the events forever, which meets any floor.
  if (value === undefined || neverExpires(value)) return compliant(group, property, 'never expires');
  const retentionClass = retentionClassOf(group);
  const floor = retentionFloor(group, retentionClass, context) ?? { days: MINIMUM_LOG_RETENTION_DAYS, source: 'AI Act Art. 19(1), 26(6)' };
  const days = Math.max(floor.days, MINIMUM_LOG_RETENTION_DAYS);
  if (value < days) return nonCompliant(group, property, `log group ${group.id} keeps events ${value} days, below the ${days}-day floor (${floor.source})`);
  return compliant(group, property);
}

const cloudformation = eachResource(['AWS::Logs::LogGroup'], (g, c) => judge(g, 'RetentionInDays', c, () => false));
const terraform = eachResource(['aws_cloudwatch_log_group'], (g, c) => judge(g, 'retention_in_days', c, (days) => days === 0));

export const rule: RuleDefinition = {
  id: 'SBX-LOG-002',
  title: 'CloudWatch log groups keep events for at least 183 days (more where their class requires)',
  rationale: 'Automatically generated logs of an AI system must be kept for at least six months (AI Act Art. 19(1), 26(6)); a log group tagged with a retention class is held to that class’s floor.',
  remediation: 'Set RetentionInDays (Terraform retention_in_days) to an accepted CloudWatch value of at least 183 days (e.g. 365), or to the class floor.',
  severity: 'error',
  supports: ['ai-act-12', 'ai-act-19-1', 'ai-act-26-6', 'ehds-73-1-e', 'nen-7510-8-15'],
  crossReferences: { cdkNag: ['CloudWatchLogGroupRetentionPeriod'], controlTower: ['CT.CLOUDWATCH.PR.2'], checkov: ['CKV_AWS_338'] },
  implementations: { cloudformation, terraform },
};
