import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** A real calendar date written YYYY-MM-DD: the one check for every date a user types. */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && isRealDate(value);
}

/** Today in UTC as YYYY-MM-DD: plan periods and waivers are judged in whole UTC days. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A calendar date written `2027-01-04`, quoted or not. Our YAML parser keeps unquoted dates as
 * strings; a Date (from YAML 1.1 tooling or a programmatic caller) is accepted and normalised.
 */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .regex(ISO_DATE, { error: 'must be a date written YYYY-MM-DD' })
    .refine(isRealDate, { error: 'is not a real calendar date' }),
);

export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
}

/** The same day `months` later (clamped to the month's end), for period-length rules. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
