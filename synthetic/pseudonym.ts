/**
 * Pseudonymous patient identifiers that can never be mistaken for a citizen service number (BSN):
 * they live in a clearly fictitious identifier system on the reserved `.example` top-level domain
 * (RFC 2606: nobody can register it), and their nine digits are chosen to FAIL the BSN eleven-test,
 * so even a system that ignores the identifier system rejects them as BSNs.
 */
export const PSEUDONYM_SYSTEM = 'https://sandbox.example/fhir/sid/pseudonym';

const SPACE = 100_000_000; // 8 leading digits
export const MAX_PATIENTS = SPACE;

/** The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function passesElevenTest(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/**
 * A bijection of the patient index onto 8 digits (affine map modulo 10^8 with a multiplier coprime
 * to 10), keyed by the seed so pseudonyms differ between datasets; the ninth digit breaks the test.
 */
export function pseudonymFor(seed: number, index: number, spareDigit: number): string {
  const multiplier = 61_803_399; // odd and not divisible by 5: invertible modulo 10^8
  const offset = ((seed % SPACE) * 7_919) % SPACE;
  const body = String((((index % SPACE) * multiplier) % SPACE + offset) % SPACE).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(body[i]);
  let last = spareDigit % 10;
  if ((sum - last) % 11 === 0) last = (last + 1) % 10;
  return `${body}${last}`;
}
