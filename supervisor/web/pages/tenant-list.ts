import { h } from '../../html.ts';
import { hash, table, time } from '../../render/format.ts';
import { tenantPath, uiPage } from '../layout.ts';
import type { VerificationState } from '../verification-cache.ts';
import { integrity } from './verification-summary.ts';

export interface TenantRow {
  readonly id: string;
  readonly participant?: string;
  readonly status?: string;
  readonly fingerprint?: string;
  readonly findings?: { readonly errors: number; readonly warnings: number; readonly notes: number; readonly waived: number };
  readonly events: number;
  readonly reads: number;
  readonly lastEvent?: string;
}

export function tenantListPage(rows: readonly TenantRow[], verification: VerificationState, invalidPlanFiles: number): string {
  return uiPage(
    'Tenants',
    h`<h1>Sandbox tenants</h1>
<p>Ledger: ${integrity(verification)}.</p>
${invalidPlanFiles > 0 ? h`<p class="warn">${invalidPlanFiles} plan file(s) did not validate and are not listed; <code>sandbox validate</code> names the problems.</p>` : ''}
${
  rows.length === 0
    ? h`<p class="muted">No tenant: no valid plan and no build directory were found.</p>`
    : table(
        ['tenant', 'status', 'ledger events', 'environment fingerprint', 'guardrail findings'],
        rows.map((r) => [
          h`<a href="${tenantPath(r.id)}">${r.id}</a>${r.participant ? h`<br><span class="muted">${r.participant}</span>` : ''}`,
          r.status ? h`<span class="${r.status === 'active' ? 'ok' : 'warn'}">${r.status}</span>` : h`<span class="warn">no valid plan</span>`,
          h`${r.events} <span class="muted">(${r.reads} reads)</span>${r.lastEvent ? h`<br><span class="muted">last ${time(r.lastEvent)}</span>` : ''}`,
          r.fingerprint ? hash(r.fingerprint) : h`<span class="muted">not synthesized</span>`,
          r.findings
            ? h`<span class="${r.findings.errors > 0 ? 'bad' : 'ok'}">${r.findings.errors} error(s)</span>, ${r.findings.warnings} warning(s), ${r.findings.notes} note(s), ${r.findings.waived} waived`
            : h`<span class="muted">not checked</span>`,
        ]),
      )
}`,
  );
}
