import { verifySignedJson, type SignedJson, type SignedJsonCheck } from '../audit/index.ts';
import { EXIT_REPORT_KIND, EXIT_REPORT_VERSION, type ExitReport } from '../workflows/index.ts';
import { EVIDENCE_REPORT_FORMAT, type EvidenceReport } from './evidence-model.ts';

/**
 * Checks the two signed documents a supervisor receives, the evidence report (this room) and the
 * exit report (`sandbox exit`, AI Act Art. 57(7)), against a public key they trust. Both are
 * signed with the ledger's key through signJson, so one published key checks ledger and reports.
 */

export type SignedReportKind = 'evidence report' | 'exit report';

/** Where to find the key to trust: a published file, or the ledger's own ledger.pub. */
export interface ReportTrust {
  readonly publicKeyPath?: string;
  readonly ledgerDir?: string;
}

export interface SignedReportCheck extends SignedJsonCheck {
  /** What the document says it is (known once its payload is recognised). */
  readonly kind?: SignedReportKind;
  readonly tenant?: string;
  /**
   * The ledger head the report carries: an anchor held outside the ledger, to check a copy of the
   * ledger against with `sandbox ledger verify --expect-head <seq>:<hash>`.
   */
  readonly ledgerHead?: { readonly seq: number; readonly hash: string };
}

/** Checks a signed evidence report or exit report; anything else is refused as unknown. */
export async function verifySignedReport(signed: unknown, trust: ReportTrust): Promise<SignedReportCheck> {
  if (typeof signed !== 'object' || signed === null || !('payload' in signed) || !('signature' in signed)) return { ok: false, problem: 'not a signed document (no payload and signature)' };
  const document = signed as SignedJson<unknown>;
  const described = describe(document.payload);
  if ('problem' in described) return { ok: false, problem: described.problem };
  const check = await verifySignedJson(document, { ...(trust.publicKeyPath && { publicKeyPath: trust.publicKeyPath }), ...(trust.ledgerDir && { dir: trust.ledgerDir }) });
  return { ...check, ...described };
}

/** Checks a signed evidence report only: an exit report is refused, whatever its signature. */
export async function verifyEvidenceReport(signed: unknown, trust: ReportTrust): Promise<SignedJsonCheck & { readonly tenant?: string }> {
  const { ok, problem, kind, tenant } = await verifySignedReport(signed, trust);
  if (kind !== undefined && kind !== 'evidence report') return { ok: false, problem: `the payload is an ${kind}, not an evidence report` };
  return { ok, ...(problem !== undefined && { problem }), ...(tenant !== undefined && { tenant }) };
}

type Described = Omit<SignedReportCheck, 'ok' | 'problem'> | { readonly problem: string };

function describe(payload: unknown): Described {
  if (typeof payload !== 'object' || payload === null) return { problem: 'the payload is not a JSON object' };
  const p = payload as Partial<Record<'format' | 'kind' | 'version', unknown>>;
  if (p.format === EVIDENCE_REPORT_FORMAT) {
    const report = payload as Partial<EvidenceReport>;
    return { kind: 'evidence report', ...(typeof report.tenant === 'string' && { tenant: report.tenant }), ...anchor(report.ledger?.head) };
  }
  if (p.kind === EXIT_REPORT_KIND) {
    if (p.version !== EXIT_REPORT_VERSION) return { problem: `an exit report of version ${String(p.version)}, which this tool does not know (it reads version ${EXIT_REPORT_VERSION})` };
    const report = payload as Partial<ExitReport>;
    return { kind: 'exit report', ...(typeof report.tenant?.id === 'string' && { tenant: report.tenant.id }), ...anchor(report.ledger?.head) };
  }
  return { problem: `the payload is neither an evidence report (format ${EVIDENCE_REPORT_FORMAT}) nor an exit report (kind ${EXIT_REPORT_KIND}): it has format ${String(p.format)}, kind ${String(p.kind)}` };
}

function anchor(head: { readonly seq?: unknown; readonly hash?: unknown } | null | undefined): { ledgerHead?: { seq: number; hash: string } } {
  return head && typeof head.seq === 'number' && typeof head.hash === 'string' ? { ledgerHead: { seq: head.seq, hash: head.hash } } : {};
}
