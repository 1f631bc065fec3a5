/**
 * Clinical notes are the profile's Dutch templates filled from the patient's own structured record,
 * so what a letter says (diagnosis, measured values, medication) is exactly what the coded
 * resources say. The syntax is deliberately tiny, `{{ name }}`, and every name is checked when the
 * profile loads, so a typo is a profile error rather than an empty gap in ten thousand letters.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.-]*)\s*\}\}/g;

export const STATIC_PLACEHOLDERS: readonly string[] = [
  'patient.given',
  'patient.family',
  'patient.name',
  'patient.salutation',
  'patient.sexWord',
  'patient.pronoun',
  'patient.possessive',
  'patient.age',
  'patient.birthDate',
  'patient.city',
  'encounter.label',
  'encounter.date',
  'encounter.time',
  'encounter.endDate',
  'encounter.days',
  'episode.date',
  'episode.endDate',
  'episode.days',
  'reason',
  'conditions',
  'medications',
  'medications.inline',
  'case.label',
  'acuity.code',
  'acuity.display',
  'acuity.maxWait',
];

export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Leaves unknown names visible (`{{x}}`) rather than silently empty; load-time checks keep them out. */
export function renderTemplate(template: string, context: ReadonlyMap<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => context.get(name) ?? whole);
}

export function formatDecimalNl(value: number, decimals: number): string {
  return value.toFixed(decimals).replace('.', ',');
}
