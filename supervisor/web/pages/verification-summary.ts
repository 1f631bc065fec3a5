import { h, type Html } from '../../html.ts';
import type { CachedVerification } from '../verification-cache.ts';

/** One line on the ledger's integrity, saying which head the verification covers. */
export function integrity(v: CachedVerification): Html {
  if (!v.result) return h`<span class="bad">cannot be verified</span>: ${v.problem ?? 'unknown problem'}`;
  const r = v.result;
  const through = r.head ? h`through seq ${r.head.seq}` : h`(empty)`;
  const stale = v.current ? '' : h` <span class="muted">(events appended since are checked by the next verification; the <a href="/verify">verification page</a> runs one now)</span>`;
  return r.ok ? h`<span class="ok">intact</span> ${through}${stale}` : h`<span class="bad">TAMPERED</span> at seq ${r.firstBad?.seq ?? '?'} (${r.firstBad?.problem ?? '?'})${stale}`;
}
