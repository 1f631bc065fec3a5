import type { EventType } from './event.ts';

/**
 * Which command records each event type that states a workflow's or the pipeline's outcome. The
 * workflows read their state back from these events (an `export.approved` opens the airlock, a
 * `tenant.exited` closes a tenant, a `dataset.generated` is what the evidence report shows), so a
 * generic append must not be able to write them: they come only from the command that checks
 * the rules first. Types left out (`tenant.deployed`) are for the deploy tools' scripts.
 */
export const RECORDED_BY: Readonly<Partial<Record<EventType, string>>> = {
  'tenant.admitted': '`sandbox up`',
  'tenant.synthesized': '`sandbox synth` or `sandbox up`',
  'tenant.checked': '`sandbox check` or `sandbox up`',
  'tenant.suspended': '`sandbox suspend` (or `sandbox up` for an expired plan)',
  'tenant.resumed': '`sandbox resume`',
  'tenant.exited': '`sandbox exit`',
  'tenant.expired': '`sandbox up`',
  'dataset.generated': '`sandbox up` or `sandbox data generate --tenant`',
  'dataset.deleted': '`sandbox exit`',
  'model.run.started': '`sandbox run`',
  'model.run.finished': '`sandbox run`',
  'export.requested': '`sandbox export request`',
  'export.approved': '`sandbox export approve`',
  'export.rejected': '`sandbox export reject`',
  'export.released': '`sandbox export approve`',
  'waiver.granted': '`sandbox synth` or `sandbox up` with the waivers file',
  'waiver.expired': '`sandbox synth` or `sandbox up` with the waivers file',
  'ledger.checkpoint': 'the ledger itself (and `sandbox ledger seal`)',
  'ledger.accessed': 'every read (`sandbox ledger show`, `sandbox report`, `sandbox export list`, the supervisor UI)',
};
