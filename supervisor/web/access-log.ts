import { openLedger, PLATFORM_TENANT, type Ledger } from '../../audit/index.ts';

/**
 * Every page view is a `ledger.accessed` event (NEN 7513 logs reads of the log too), recorded by
 * the UI's service identity. One ledger writer serves the whole server, so views arriving
 * together share one group commit (one fdatasync) instead of queueing for a disk flush each.
 */

export const UI_ACTOR = 'svc:supervisor-ui';

export interface PageView {
  /** The tenant whose records were shown, or undefined for pages across tenants. */
  readonly tenant?: string;
  /** What was read, e.g. `ui:/tenants/diabetes-risk/events`. */
  readonly page: string;
  /** The query, short (`type=model.run.finished page=3`). */
  readonly filter: string;
  /** How many ledger events (or tenants) the page disclosed. */
  readonly returned: number;
  /** Where the request came from (NEN 7513 "from where"). */
  readonly client: string;
}

export class AccessLog {
  readonly #ledger: Ledger;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(ledgerDir: string, version: string) {
    this.#ledger = openLedger(ledgerDir, { source: { system: 'sandbox-supervisor-ui', version } });
  }

  /** Resolves once the event is durable; the caller shows the page only then. */
  record(view: PageView): Promise<void> {
    const appended = this.#ledger.append({
      tenant: view.tenant ?? PLATFORM_TENANT,
      type: 'ledger.accessed',
      outcome: 'success',
      actor: { id: UI_ACTOR, accessPoint: `ui@${view.client}` },
      objects: [{ kind: 'ledger-view', id: view.page }],
      details: { filter: view.filter, returned: view.returned },
    });
    this.#pending.add(appended);
    return appended.then(
      () => {
        this.#pending.delete(appended);
      },
      (error: unknown) => {
        this.#pending.delete(appended);
        throw error;
      },
    );
  }

  /** Waits for appends in flight (a server closes only after its reads are logged). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }
}
