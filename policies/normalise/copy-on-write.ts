import type { Value } from '../model/value.ts';

/**
 * Maps a list or a record, copying it only if some element changes. Normalised artifacts share
 * every subtree that needs no resolving with the parsed input: most of a template is plain data,
 * and copying it all was most of the garbage a check produced.
 */
/** `map` returning undefined drops the item. */
export function mapList(items: readonly unknown[], map: (item: unknown) => Value | undefined): Value[] {
  let out: Value[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = map(items[i]);
    if (item !== items[i] && !out) out = items.slice(0, i) as Value[];
    if (item !== undefined) out?.push(item);
  }
  return out ?? (items as Value[]);
}

/** `map` returning undefined drops the key. */
export function mapRecord(record: Record<string, unknown>, map: (value: unknown, key: string) => Value | undefined): Record<string, Value> {
  let out: Record<string, Value> | undefined;
  for (const key of Object.keys(record)) {
    const value = map(record[key], key);
    if (value !== record[key] && !out) out = { ...(record as Record<string, Value>) };
    if (out) {
      if (value === undefined) delete out[key];
      else out[key] = value;
    }
  }
  return out ?? (record as Record<string, Value>);
}
