/**
 * CloudWatch Logs accepts only these retention periods (days). A legal floor such as 183 days
 * (AI Act Art. 19) is kept by rounding up to the next accepted value, never down.
 */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function cloudWatchRetentionAtLeast(days: number): number {
  const found = CLOUDWATCH_RETENTION_DAYS.find((allowed) => allowed >= days);
  if (found === undefined) throw new RangeError(`no CloudWatch retention period reaches ${days} days (maximum 3653)`);
  return found;
}
