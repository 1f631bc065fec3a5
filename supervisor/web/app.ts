import { PRODUCT_VERSION } from '../../common/version.ts';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { EVENT_TYPES, HEAD_FILE, PUBLIC_KEY_FILE, queryEvents, readPublicKey, SEGMENTS_DIR } from '../../audit/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import { readFingerprint, readGuardrails } from '../build-evidence.ts';
import { buildEvidenceReport } from '../evidence-report.ts';
import { peopleOf } from '../render/format.ts';
import { STYLESHEET_HASH } from '../styles.ts';
import { AccessLog, type PageView } from './access-log.ts';
import { errorPage } from './layout.ts';
import { tenantListPage, type TenantRow } from './pages/tenant-list.ts';
import { tenantPage } from './pages/tenant.ts';
import { timelinePageHtml, type TimelineFilter } from './pages/timeline.ts';
import { verificationPage } from './pages/verification.ts';
import { TenantDirectory } from './tenant-directory.ts';
import { timelinePage, type TimelineRequest } from './timeline.ts';
import { VerificationCache } from './verification-cache.ts';

/**
 * The read-only supervisor UI as a Hono app: server-side rendered pages over the plans, the build
 * directory and the ledger, with no write endpoint at all and no script. Every page view is
 * recorded in the ledger before the page is sent; a view that cannot be recorded is not shown.
 */

export interface SupervisorAppOptions {
  readonly buildDir: string;
  readonly ledgerDir: string;
  readonly plansDir: string;
  /** A public key to verify the ledger with, instead of the ledger directory's own ledger.pub. */
  readonly publicKeyPath?: string;
  readonly version?: string;
  /** Timeline page size (default 100). */
  readonly pageSize?: number;
  /** Least time between two background re-verifications started by ordinary pages (default 10 s). */
  readonly verifyIntervalMs?: number;
  /** Ledgers of at least this many bytes are verified on a thread of their own (default 2 MiB). */
  readonly verifyThreadFromBytes?: number;
}

export interface SupervisorApp {
  readonly app: Hono;
  /**
   * Starts the first verification (without waiting for it), loads the plans, builds the ledger's
   * query index and one tenant page's model, so that the first page costs what any page costs.
   * Never fails: a read that fails here fails again, and is shown, on the page that needs it.
   */
  warm(): Promise<void>;
  /** Resolves once a verification of the ledger has completed. */
  ready(): Promise<void>;
  /** Waits for access events and verifications in flight. */
  settle(): Promise<void>;
  /** Waits for access events in flight and stops a verification in flight. */
  close(): Promise<void>;
}

/** What the tenant page lists of each kind (runs, exports, …); the timeline pages through all. */
const TENANT_PAGE_LISTED = 20;
const TENANT_PAGE_RECENT = 10;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // No script anywhere; the one stylesheet is admitted by its hash, nothing else loads.
  'Content-Security-Policy': `default-src 'none'; style-src '${STYLESHEET_HASH}'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Only loopback names: a page on another site cannot reach this UI through a rebound DNS name. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function hasLedger(ledgerDir: string): boolean {
  return existsSync(path.join(ledgerDir, HEAD_FILE)) || existsSync(path.join(ledgerDir, SEGMENTS_DIR));
}

export function createSupervisorApp(options: SupervisorAppOptions): SupervisorApp {
  const ledgerDir = path.resolve(options.ledgerDir);
  const buildDir = path.resolve(options.buildDir);
  const plansDir = path.resolve(options.plansDir);
  // A read-only view must not create a ledger (and its key) as a side effect of being looked at.
  if (!hasLedger(ledgerDir)) throw new Error(`no ledger in ${ledgerDir}: run \`sandbox up\` first, or point --ledger (or $SANDBOX_LEDGER_DIR) at one`);
  const pageSize = options.pageSize ?? 100;
  const access = new AccessLog(ledgerDir, options.version ?? PRODUCT_VERSION);
  const verifications = new VerificationCache(ledgerDir, {
    ...(options.publicKeyPath !== undefined && { publicKeyPath: options.publicKeyPath }),
    ...(options.verifyIntervalMs !== undefined && { minIntervalMs: options.verifyIntervalMs }),
    ...(options.verifyThreadFromBytes !== undefined && { threadFromBytes: options.verifyThreadFromBytes }),
  });
  const directory = new TenantDirectory(plansDir, buildDir);
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.html(errorPage(405, 'This view is read-only: it accepts GET requests only.'), 405, { Allow: 'GET, HEAD' });
    }
    // The node adapter builds the URL from the Host header, so this is the name the client used.
    if (!LOOPBACK_HOSTS.has(new URL(c.req.url).hostname.toLowerCase())) return c.html(errorPage(421, 'This view answers only to 127.0.0.1 or localhost.'), 421);
    await next();
  });

  /** Records the view, then sends the page: no log entry, no disclosure. */
  const show = async (c: Context, view: Omit<PageView, 'client'>, page: string) => {
    try {
      await access.record({ ...view, client: clientOf(c) });
    } catch (error) {
      return c.html(errorPage(503, `This read could not be recorded in the ledger (${(error as Error).message}), so nothing is shown: every read of the ledger is logged.`), 503);
    }
    return c.html(page);
  };

  app.get('/healthz', (c) => c.text('ok'));

  app.get('/', async (c) => {
    const [listing, verification] = await Promise.all([directory.list(), verifications.state()]);
    const rows = await Promise.all(listing.tenants.map((t) => tenantRow(t.id, t.plan?.tenant, buildDir, ledgerDir)));
    return show(c, { page: 'ui:/tenants', filter: '', returned: rows.length }, tenantListPage(rows, verification, listing.invalidPlanFiles));
  });

  app.get('/tenants/:id', async (c) => {
    const id = c.req.param('id');
    const entry = await directory.find(id);
    if (!entry) return c.html(errorPage(404, `No tenant "${id}".`), 404);
    const verification = await verifications.state();
    const [report, recent] = await Promise.all([
      buildEvidenceReport(id, {
        buildDir,
        ledgerDir,
        plansDir,
        latest: TENANT_PAGE_LISTED,
        ...(entry.plan && { plan: entry.plan }),
        // The page shows the cached verification; the report model must not run one of its own.
        verification: verification.last?.result ?? null,
      }),
      timelinePage(ledgerDir, { tenant: id, includeReads: false, page: 1, pageSize: TENANT_PAGE_RECENT }),
    ]);
    const returned = recent.events.length + report.runs.length + report.exports.length + report.admissions.length + report.syntheses.length + report.lifecycle.length + report.waivers.length;
    const hasEvidenceReport = existsSync(tenantLayout(buildDir, id).reportHtml);
    return show(c, { tenant: id, page: `ui:/tenants/${id}`, filter: '', returned }, tenantPage({ report, recent, verification, hasEvidenceReport }));
  });

  app.get('/tenants/:id/events', async (c) => {
    const id = c.req.param('id');
    const entry = await directory.find(id);
    if (!entry) return c.html(errorPage(404, `No tenant "${id}".`), 404);
    const parsed = parseTimelineQuery(c.req.query(), id, pageSize);
    if ('error' in parsed) return c.html(errorPage(400, parsed.error), 400);
    const result = await timelinePage(ledgerDir, parsed.request);
    const people = peopleOf(entry.plan?.tenant.people.map((p) => ({ id: p.id, name: p.name, role: p.role })));
    return show(
      c,
      { tenant: id, page: `ui:/tenants/${id}/events`, filter: describeFilter(parsed.filter, result.page), returned: result.events.length },
      timelinePageHtml(id, parsed.filter, parsed.request, result, people),
    );
  });

  app.get('/tenants/:id/evidence-report.html', async (c) => {
    const id = c.req.param('id');
    if (!(await directory.find(id))) return c.html(errorPage(404, `No tenant "${id}".`), 404);
    let report: string;
    try {
      report = await readFile(tenantLayout(buildDir, id).reportHtml, 'utf8');
    } catch {
      return c.html(errorPage(404, `No evidence report for "${id}" yet: \`sandbox report ${id}\` or \`sandbox up\` writes it.`), 404);
    }
    return show(c, { tenant: id, page: `ui:/tenants/${id}/evidence-report.html`, filter: '', returned: 1 }, report);
  });

  app.get('/verify', async (c) => {
    const verification = await verifications.state('now');
    const keyFile = options.publicKeyPath ?? path.join(ledgerDir, PUBLIC_KEY_FILE);
    const publicKey = await readPublicKey(keyFile).then(
      (k) => ({ pem: k.pem, keyId: k.keyId }),
      () => undefined,
    );
    return show(
      c,
      { page: 'ui:/verify', filter: '', returned: verification.last?.result?.events ?? 0 },
      verificationPage({ verification, ...(publicKey && { publicKey }), trustedKey: options.publicKeyPath !== undefined }),
    );
  });

  app.notFound((c) => c.html(errorPage(404, 'No such page.'), 404));
  app.onError((error, c) => {
    process.stderr.write(`supervisor UI: ${error.stack ?? error.message}\n`);
    return c.html(errorPage(500, 'The page could not be built; the server log says why.'), 500);
  });

  return {
    app,
    warm: async () => {
      verifications.start();
      try {
        const [listing] = await Promise.all([directory.list(), queryEvents(ledgerDir, { limit: 0 })]);
        // One tenant page, built and dropped: it loads the guardrail catalog and every module a
        // page needs and compiles their code, which would otherwise make the first tenant page slow.
        const first = listing.tenants[0];
        if (first) {
          const [report, recent, verification] = await Promise.all([
            buildEvidenceReport(first.id, { buildDir, ledgerDir, plansDir, latest: TENANT_PAGE_LISTED, verification: null, ...(first.plan && { plan: first.plan }) }),
            timelinePage(ledgerDir, { tenant: first.id, includeReads: false, page: 1, pageSize: TENANT_PAGE_RECENT }),
            verifications.state(),
          ]);
          tenantPage({ report, recent, verification, hasEvidenceReport: false });
        }
      } catch {
        // Only a head start: the page that needs this read does it again and reports what fails.
      }
    },
    ready: async () => {
      await verifications.ready();
    },
    settle: async () => {
      await access.settle();
      await verifications.settle();
    },
    close: async () => {
      await access.settle();
      await verifications.close();
    },
  };
}

function clientOf(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

async function tenantRow(id: string, tenant: { participant: string; status: string } | undefined, buildDir: string, ledgerDir: string): Promise<TenantRow> {
  const layout = tenantLayout(buildDir, id);
  const [fingerprint, guardrails, all, readEvents, last] = await Promise.all([
    readFingerprint(layout.fingerprintFile),
    readGuardrails(layout.findingsFile),
    queryEvents(ledgerDir, { tenant: id, limit: 0 }),
    queryEvents(ledgerDir, { tenant: id, type: 'ledger.accessed', limit: 0 }),
    queryEvents(ledgerDir, { tenant: id, reverse: true, limit: 1 }),
  ]);
  return {
    id,
    ...(tenant && { participant: tenant.participant, status: tenant.status }),
    ...(fingerprint && { fingerprint: fingerprint.fingerprint }),
    ...(guardrails && { findings: guardrails.summary }),
    events: all.total,
    reads: readEvents.total,
    ...(last.events[0] && { lastEvent: last.events[0].time }),
  };
}

type ParsedTimeline = { readonly filter: TimelineFilter; readonly request: TimelineRequest } | { readonly error: string };

export function parseTimelineQuery(q: Record<string, string>, tenant: string, pageSize: number): ParsedTimeline {
  const type = q.type?.trim() || undefined;
  if (type !== undefined && !(EVENT_TYPES as readonly string[]).includes(type)) return { error: `type: "${type}" is not an event type (${EVENT_TYPES.join(', ')})` };
  const since = q.since?.trim() || undefined;
  const until = q.until?.trim() || undefined;
  const sinceBound = since === undefined ? undefined : timeBound(since, 'since');
  const untilBound = until === undefined ? undefined : timeBound(until, 'until');
  if (sinceBound && 'error' in sinceBound) return sinceBound;
  if (untilBound && 'error' in untilBound) return untilBound;
  const page = wholeNumber(q.page, 'page', 1);
  if (typeof page !== 'number') return page;
  const snapshot = q.n === undefined ? undefined : wholeNumber(q.n, 'n', 0);
  if (snapshot !== undefined && typeof snapshot !== 'number') return snapshot;
  const reads = q.reads === '1';
  return {
    filter: { ...(type && { type }), ...(since && { since }), ...(until && { until }), reads },
    request: {
      tenant,
      ...(type && { type }),
      ...(sinceBound && { since: sinceBound.iso }),
      ...(untilBound && { until: untilBound.iso }),
      includeReads: reads,
      page: Math.max(1, page),
      pageSize,
      ...(snapshot !== undefined && { snapshot }),
    },
  };
}

function wholeNumber(value: string | undefined, name: string, fallback: number): number | { error: string } {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) return { error: `${name}: expected a whole number, got "${value}"` };
  return Number(value);
}

/**
 * A date means the whole day (since its first, until its last millisecond); a time without a zone
 * is UTC, so a filter means the same on every server.
 */
export function timeBound(value: string, name: 'since' | 'until'): { iso: string } | { error: string } {
  const bad = { error: `${name}: "${value}" is neither a date (2027-01-04) nor a UTC time (2027-01-04T09:00:00Z)` };
  let text = value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = `${text}T${name === 'since' ? '00:00:00.000' : '23:59:59.999'}Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i.test(text)) {
    text = text.replace(' ', 'T');
    if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text)) text = `${text}Z`;
  } else return bad;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? bad : { iso: new Date(ms).toISOString() };
}

function describeFilter(f: TimelineFilter, page: number): string {
  return [f.type && `type=${f.type}`, f.since && `since=${f.since}`, f.until && `until=${f.until}`, f.reads && 'reads=1', `page=${page}`].filter(Boolean).join(' ');
}
