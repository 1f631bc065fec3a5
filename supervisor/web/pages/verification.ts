import { h, type Html } from '../../html.ts';
import { facts, fullHash, time } from '../../render/format.ts';
import { uiPage } from '../layout.ts';
import type { VerificationState } from '../verification-cache.ts';

export interface VerificationPageModel {
  readonly verification: VerificationState;
  readonly publicKey?: { readonly pem: string; readonly keyId: string };
  /** Whether the key came from the server's --pub option rather than the ledger directory. */
  readonly trustedKey: boolean;
}

/**
 * The newest full verification result, what it covers and when it ran, and how a supervisor
 * repeats it offline without this platform.
 */
export function verificationPage(m: VerificationPageModel): string {
  const v = m.verification;
  const last = v.last;
  const r = last?.result;
  const body = !last
    ? h`<p>The first verification of this ledger is running (started at ${time(v.runningSince)}); a ledger of 100 000 events takes a few seconds. Reload this page to see its result.</p>`
    : !r
    ? h`<p class="bad">The ledger cannot be verified: ${last.problem ?? 'unknown problem'}.</p>`
    : h`<p>${r.ok ? h`<span class="ok">Intact.</span> Every event's JSON, schema, canonical form and hash, the sequence numbers and hash chain, ${r.checkpoints} checkpoint signature(s) and the signed head verified.` : h`<span class="bad">TAMPERED or damaged.</span> The first bad event is named below; nothing after it can be relied on.`}</p>
${facts([
  ['events', String(r.events)],
  ['segments', String(r.segments)],
  ['checkpoint signatures verified', String(r.checkpoints)],
  ['head (last complete event)', r.head ? h`seq ${r.head.seq}<br>${fullHash(r.head.hash)}` : '–'],
  ['signed head (head.json)', r.signedHead ? h`${r.signedHead.state}, seq ${r.signedHead.seq}<br>${fullHash(r.signedHead.hash)}` : '–'],
  ['first bad event', r.firstBad ? h`<span class="bad">seq ${r.firstBad.seq}: ${r.firstBad.problem}</span><br>${r.firstBad.message}${r.firstBad.line !== undefined ? h`<br><span class="muted">line ${r.firstBad.line}</span>` : ''}` : 'none'],
  ['torn tail (an append cut short by a crash)', r.tornTail ? `${r.tornTail.bytes} bytes` : 'none'],
  ['warnings', r.warnings.length > 0 ? r.warnings.join('; ') : 'none'],
  ['public key id', fullHash(r.keyId)],
])}`;
  return uiPage(
    'Ledger verification',
    h`<h1>Ledger verification</h1>
${coverage(v)}
${body}
<h2>Public key</h2>
${
  m.publicKey
    ? h`<p>Verified with ${m.trustedKey ? 'the public key this server was started with (--pub)' : "the ledger directory's own ledger.pub: compare its key id with the one published out of band"}.</p>
${facts([['key id (SHA-256 of the SPKI DER)', fullHash(m.publicKey.keyId)]])}
<pre>${m.publicKey.pem}</pre>`
    : h`<p class="warn">No public key could be read.</p>`
}
<h2>Verify it yourself, offline</h2>
<p>Nothing here needs this platform or this server. Copy the ledger directory (the <code>segments/</code> folder and <code>head.json</code>; never the private key) from the log store, take the public key from where it was published, and run:</p>
<pre>sandbox ledger verify --dir ./ledger-copy --pub ./published/ledger.pub</pre>
<p>It exits 0 when the ledger is intact and 1 when it was tampered with, naming the first bad sequence number. To check that a key file is the published one, compare its key id:</p>
<pre>openssl pkey -pubin -in ./published/ledger.pub -outform DER | sha256sum</pre>
<p>Evidence reports and exit reports are signed with the same key: <code>sandbox report --verify evidence-report.json --pub ./published/ledger.pub</code> (or <code>exit-report.json</code>).</p>`,
  );
}

/** What the shown result covers, when it ran, and what has happened to the ledger since. */
function coverage(v: VerificationState): Html {
  const last = v.last;
  if (!last) return h``;
  const reached = last.result?.head ? h`every event from seq 0 to seq ${last.result.head.seq}` : h`the ledger`;
  const since = v.current
    ? h`The ledger has not changed since.`
    : h`The ledger has changed since${v.headSeqNow !== undefined && last.result?.head ? h`; its signed head is now at seq ${v.headSeqNow}, ${Math.max(0, v.headSeqNow - last.result.head.seq)} event(s) later (every page view of this UI appends one)` : ''}: ${
        v.runningSince ? h`a new full verification is running (started at ${time(v.runningSince)}); reload this page to see it.` : 'the next view of this page starts a new full verification.'
      }`;
  return h`<p class="muted">Verified in full at ${time(last.finishedAt)} (started ${time(last.startedAt)}, took ${(last.durationMs / 1000).toFixed(1)} s): ${reached} and the signed head. ${since} Every verification reads the whole ledger again from seq 0, so an event changed after an earlier verification passed it is found by the next one.</p>`;
}
