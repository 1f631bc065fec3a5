import { daysBetween } from './iso-date.ts';
import type { SandboxProfile } from './profile-schema.ts';
import type { CareSetting, RetentionClass, RetentionClassName } from './tenant.ts';

/**
 * The legal floors of shared/reference/regulation.md, "Retention classes". A profile may raise a
 * floor; nothing may lower one. Processing logs are kept for the participation itself, so their
 * floor is the plan's period, plus the NEN 7513 floor where hospital records are involved.
 */
export const LEGAL_RETENTION: Readonly<Record<Exclude<RetentionClassName, 'processing-logs'>, { days: number; source: string }>> = {
  'ai-system-logs': { days: 183, source: 'AI Act Art. 19(1), 26(6)' },
  'access-logs': { days: 365, source: 'EHDS Art. 73(1)(e)' },
  'patient-record-logs': { days: 1827, source: 'Dutch decree on electronic data processing by care providers Art. 5; NEN 7513' },
  documentation: { days: 3653, source: 'AI Act Art. 18' },
};

/** Care settings whose records fall under NEN 7513 logging in this product ("hospital data"). */
const NEN7513_SETTINGS: ReadonlySet<CareSetting> = new Set(['hospital', 'emergency']);

export function resolveRetention(
  period: { start: string; end: string },
  careSettings: readonly CareSetting[],
  profile: SandboxProfile,
): RetentionClass[] {
  const nen7513 = careSettings.some((s) => NEN7513_SETTINGS.has(s));
  const floor = (name: keyof typeof LEGAL_RETENTION): RetentionClass => ({
    name,
    days: Math.max(LEGAL_RETENTION[name].days, profile.spec.retentionDays[name] ?? 0),
    source: LEGAL_RETENTION[name].source,
  });
  const participation = Math.max(1, daysBetween(period.start, period.end));
  const classes: RetentionClass[] = [
    floor('ai-system-logs'),
    floor('access-logs'),
    {
      name: 'processing-logs',
      days: participation + (nen7513 ? LEGAL_RETENTION['patient-record-logs'].days : 0),
      source: nen7513 ? 'AI Act Art. 59(1)(h); NEN 7513' : 'AI Act Art. 59(1)(h)',
    },
  ];
  if (nen7513) classes.push(floor('patient-record-logs'));
  classes.push(floor('documentation'));
  return classes;
}
