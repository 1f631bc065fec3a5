import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { signJson, type SignedJson } from '../audit/index.ts';
import { writeFileAtomic } from '../common/atomic-write.ts';
import { tenantLayout } from '../common/build-layout.ts';
import { buildEvidenceReport, type EvidenceReportOptions } from './evidence-report.ts';
import type { EvidenceReport } from './evidence-model.ts';
import { renderEvidenceReportHtml } from './report-html.ts';

export interface RenderedEvidenceReport {
  readonly report: EvidenceReport;
  readonly signed: SignedJson<EvidenceReport>;
  /** evidence-report.json: the signed document. */
  readonly json: string;
  readonly html: string;
}

/**
 * Builds, signs (with the ledger key: one published key checks both ledger and reports) and
 * renders a tenant's evidence report, without writing anything.
 */
export async function renderEvidenceReport(tenantId: string, options: EvidenceReportOptions, jsonFileName = 'evidence-report.json'): Promise<RenderedEvidenceReport> {
  // Through JSON once, so that what is signed is exactly what a reader parses back.
  const report = JSON.parse(JSON.stringify(await buildEvidenceReport(tenantId, options))) as EvidenceReport;
  const signed = await signJson(options.ledgerDir, report);
  const html = renderEvidenceReportHtml(report, { keyId: signed.keyId, signature: signed.signature, algorithm: signed.algorithm, jsonFile: jsonFileName });
  return { report, signed, json: `${JSON.stringify(signed, null, 2)}\n`, html };
}

export interface WrittenEvidenceReport extends RenderedEvidenceReport {
  /** False when both files already held exactly these bytes (nothing changed since the last report). */
  readonly written: boolean;
  readonly htmlFile: string;
  readonly jsonFile: string;
}

/** Writes build/<id>/evidence-report.html and evidence-report.json, each atomically, when they changed. */
export async function writeEvidenceReport(tenantId: string, options: EvidenceReportOptions): Promise<WrittenEvidenceReport> {
  const layout = tenantLayout(options.buildDir, tenantId);
  const rendered = await renderEvidenceReport(tenantId, options, path.basename(layout.reportJson));
  const same = (await readOptional(layout.reportJson)) === rendered.json && (await readOptional(layout.reportHtml)) === rendered.html;
  if (!same) {
    await writeFileAtomic(layout.reportJson, rendered.json);
    await writeFileAtomic(layout.reportHtml, rendered.html);
  }
  return { ...rendered, written: !same, htmlFile: layout.reportHtml, jsonFile: layout.reportJson };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
