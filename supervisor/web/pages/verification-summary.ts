import { h, type Html } from '../../html.ts';
import { time } from '../../render/format.ts';
import type { VerificationState } from '../verification-cache.ts';

/** One line on the ledger's integrity, saying what the verification covers and when it ran. */
export function integrity(v: VerificationState): Html {
  const last = v.last;
  if (!last) return h`<span class="muted">being verified</span> (the first verification started at ${time(v.runningSince)}; the <a href="/verify">verification page</a> shows it once done)`;
  if (!last.result) return h`<span class="bad">cannot be verified</span>: ${last.problem ?? 'unknown problem'}`;
  const r = last.result;
  const through = r.head ? h`through seq ${r.head.seq}` : h`(empty)`;
  const when = h` <span class="muted">(verified at ${time(last.finishedAt)}${v.current ? '' : h`; events appended since are checked by the ${v.runningSince ? 'verification now running' : 'next verification'}`})</span>`;
  return r.ok ? h`<span class="ok">intact</span> ${through}${when}` : h`<span class="bad">TAMPERED</span> at seq ${r.firstBad?.seq ?? '?'} (${r.firstBad?.problem ?? '?'})${when}`;
}
