import { isList, isObject, literalString, type Value } from '../model/value.ts';

/** CloudFormation writes tags as `[{Key, Value}]` on most types and as a map on a few (SSM, EKS). */
export function tagsFromCloudFormation(value: Value | undefined): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (isList(value)) {
    for (const item of value) {
      if (!isObject(item)) continue;
      const key = literalString(item.Key);
      if (key !== undefined && item.Value !== undefined) out[key] = item.Value;
    }
  } else if (isObject(value)) {
    Object.assign(out, value);
  }
  return out;
}

/** A Terraform `tags` map (or `default_tags { tags }`), literal maps only. */
export function tagsFromMap(value: Value | undefined): Record<string, Value> {
  return isObject(value) ? { ...value } : {};
}
