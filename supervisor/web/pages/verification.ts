import { h } from '../../html.ts';
import { facts, fullHash } from '../../render/format.ts';
import { uiPage } from '../layout.ts';
import type { CachedVerification } from '../verification-cache.ts';

export interface VerificationPageModel {
  readonly verification: CachedVerification;
  readonly publicKey?: { readonly pem: string; readonly keyId: string };
  /** Whether the key came from the server's --pub option rather than the ledger directory. */
  readonly trustedKey: boolean;
}

/** The full verification result, and how a supervisor repeats it offline without this platform. */
export function verificationPage(m: VerificationPageModel): string {
  const v = m.verification;
  const r = v.result;
  const body = !r
    ? h`<p class="bad">The ledger cannot be verified: ${v.problem ?? 'unknown problem'}.</p>`
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
<p>Evidence reports are signed with the same key: <code>sandbox report --verify evidence-report.json --pub ./published/ledger.pub</code>.</p>`,
  );
}
