/**
 * Invalid props are a bug in the calling code, caught at construction: the message names the
 * construct, the prop and the rule, so the fix is obvious without reading this library.
 */
export function invalidProp(construct: string, prop: string, rule: string, value: unknown): Error {
  return new Error(`${construct}: props.${prop} ${rule} (got ${JSON.stringify(value)})`);
}

export function requireWholeNumber(construct: string, prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(construct, prop, `must be a whole number from ${min} to ${max}`, value);
  }
}
