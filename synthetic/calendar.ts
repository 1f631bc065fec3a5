/**
 * Dates as whole days since 1970-01-01 (proleptic Gregorian), so the generator never consults a
 * clock or a time zone database: every date is the profile's reference date minus a drawn offset.
 */

export function parseIsoDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return daysFromCivil(y, m, d);
}

// Howard Hinnant's days_from_civil / civil_from_days.
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const isoCache = new Map<number, string>();

/** YYYY-MM-DD; memoised because a dataset reuses a few thousand distinct days millions of times. */
export function isoDay(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    const [y, m, d] = civilFromDays(day);
    s = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
    isoCache.set(day, s);
  }
  return s;
}

/** DD-MM-YYYY, as Dutch letters write dates. */
export function dutchDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad2(d)}-${pad2(m)}-${y}`;
}

function lastSunday(year: number, month: number): number {
  const firstOfNext = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  const last = firstOfNext - 1;
  const weekday = (((last + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return last - weekday;
}

/** Europe/Amsterdam offset by the EU rule (summer time from the last Sunday of March to that of October). */
export function amsterdamOffset(day: number): '+01:00' | '+02:00' {
  const [y] = civilFromDays(day);
  return day >= lastSunday(y, 3) && day < lastSunday(y, 10) ? '+02:00' : '+01:00';
}

/** A local date-time with its offset, e.g. 2025-06-01T14:32:00+02:00. */
export function isoDateTime(day: number, minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${isoDay(day)}T${pad2(h)}:${pad2(m)}:00${amsterdamOffset(day)}`;
}

export function clockTime(minuteOfDay: number): string {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

/** Whole years between a birth day and a later day. */
export function ageOn(birthDay: number, day: number): number {
  const [by, bm, bd] = civilFromDays(birthDay);
  const [y, m, d] = civilFromDays(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function addYears(day: number, years: number): number {
  const [y, m, d] = civilFromDays(day);
  // 29 February in a non-leap target year becomes 28 February.
  const target = daysFromCivil(y + years, m, d);
  return civilFromDays(target)[2] === d ? target : target - 1;
}
