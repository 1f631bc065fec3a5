/**
 * The supervisor room's front door (issue 7): the evidence report a market-surveillance or
 * data-protection authority reads, and the read-only web UI over the ledger, the plans and the
 * build. Everything here reads; the only writes are the report files and the ledger's record of
 * each read.
 */
export { buildEvidenceReport, type EvidenceReportOptions } from './evidence-report.ts';
export { renderEvidenceReport, writeEvidenceReport, type RenderedEvidenceReport, type WrittenEvidenceReport } from './write-report.ts';
export { verifyEvidenceReport, verifySignedReport, type ReportTrust, type SignedReportCheck, type SignedReportKind } from './verify-report.ts';
export { renderEvidenceReportHtml, type ReportSignature } from './report-html.ts';
export { REQUIREMENTS, mapRequirements, type Requirement } from './requirement-mapping.ts';
export { EVIDENCE_REPORT_FORMAT, type EvidenceReport, type RequirementEvidence, type RequirementStatus } from './evidence-model.ts';
export { createSupervisorApp, type SupervisorApp, type SupervisorAppOptions } from './web/app.ts';
export { startSupervisorServer, SUPERVISOR_HOST, type SupervisorServer, type SupervisorServerOptions } from './web/server.ts';
