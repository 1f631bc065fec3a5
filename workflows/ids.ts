import { randomBytes } from 'node:crypto';

/**
 * Run and export-request ids: sortable by time (a UTC stamp to the second) and unique (four random
 * hex digits, and the caller creates the directory exclusively and draws again on a clash).
 */
export const RUN_ID_PATTERN = /^r-\d{8}T\d{6}-[0-9a-f]{4}$/;
export const REQUEST_ID_PATTERN = /^x-\d{8}T\d{6}-[0-9a-f]{4}$/;

function utcStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').slice(0, 15);
}

export function newRunId(now: Date = new Date()): string {
  return `r-${utcStamp(now)}-${randomBytes(2).toString('hex')}`;
}

export function newRequestId(now: Date = new Date()): string {
  return `x-${utcStamp(now)}-${randomBytes(2).toString('hex')}`;
}
