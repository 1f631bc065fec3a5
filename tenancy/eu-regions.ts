/**
 * The AWS regions inside the European Union: the one list every engine and guardrail uses.
 * EHDS Art. 87 and GDPR Chapter V keep health data in the EU, so regions that are in Europe but
 * not in the EU (eu-west-2 London, eu-central-2 Zurich) are deliberately absent.
 */
export const EU_REGIONS = [
  'eu-central-1', // Frankfurt, DE
  'eu-west-1', // Dublin, IE
  'eu-west-3', // Paris, FR
  'eu-north-1', // Stockholm, SE
  'eu-south-1', // Milan, IT
  'eu-south-2', // Aragón, ES
] as const;

export type EuRegion = (typeof EU_REGIONS)[number];

export function isEuRegion(value: string): value is EuRegion {
  return (EU_REGIONS as readonly string[]).includes(value);
}
