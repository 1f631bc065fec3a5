import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, queryEvents, type LedgerEvent } from '../../audit/index.ts';
import { createSupervisorApp, startSupervisorServer, writeEvidenceReport } from '../../supervisor/index.ts';
import { STYLESHEET_HASH } from '../../supervisor/styles.ts';
import { tenantListPage } from '../../supervisor/web/pages/tenant-list.ts';
import { verificationPage } from '../../supervisor/web/pages/verification.ts';
import { makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';

let f: SupervisorFixture;
let ui: ReturnType<typeof createSupervisorApp>;

beforeAll(async () => {
  f = await makeFixture({ hostile: true });
  // Some traffic of the tenant, interleaved with reads, to page through.
  const ledger = openLedger(f.ledgerDir, { source: { system: 'web-test', version: '1' } });
  await ledger.appendBatch(
    Array.from({ length: 30 }, (_, i) => ({
      tenant: TENANT,
      type: i % 4 === 3 ? ('ledger.accessed' as const) : ('tenant.deployed' as const),
      outcome: 'success' as const,
      time: new Date(Date.UTC(2027, 1, 1, 0, i)).toISOString(),
      actor: { id: 'svc:ci' },
      details: { n: i },
    })),
  );
  ui = createSupervisorApp({ buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir, pageSize: 4, verifyIntervalMs: 0 });
});
afterAll(async () => {
  await ui.settle();
  f.cleanup();
});

const get = (url: string, init: RequestInit = {}) => ui.app.request(url, init);

async function accessEvents(): Promise<LedgerEvent[]> {
  return (await queryEvents(f.ledgerDir, { type: 'ledger.accessed', limit: Infinity })).events.filter((e) => e.actor.id === 'svc:supervisor-ui');
}

async function eventSeqs(html: string): Promise<number[]> {
  return [...html.matchAll(/<tr><td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
}

describe('supervisor UI routes', () => {
  it('serves each page, recording one ledger.accessed event per view with the page and the filter', async () => {
    const before = (await accessEvents()).length;
    const pages = ['/', `/tenants/${TENANT}`, `/tenants/${TENANT}/events?type=model.run.started`, '/verify'];
    for (const url of pages) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    const recorded = (await accessEvents()).slice(before);
    expect(recorded.map((e) => [e.tenant, e.objects?.[0]?.id, e.details?.filter])).toEqual([
      ['platform', 'ui:/tenants', ''],
      [TENANT, `ui:/tenants/${TENANT}`, ''],
      [TENANT, `ui:/tenants/${TENANT}/events`, 'type=model.run.started page=1'],
      ['platform', 'ui:/verify', ''],
    ]);
    expect(recorded.every((e) => e.actor.id === 'svc:supervisor-ui' && e.objects?.[0]?.kind === 'ledger-view' && typeof e.details?.returned === 'number')).toBe(true);
    // Two runs and one refused attempt to run: the timeline shows attempts too.
    expect(recorded[2]!.details!.returned).toBe(3);
  });

  it('sends the security headers on every response, errors included', async () => {
    for (const res of [await get('/'), await get('/nope'), await get('/', { method: 'POST' })]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain(`style-src '${STYLESHEET_HASH}'`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('has no write endpoint: anything but GET and HEAD is 405, and records nothing', async () => {
    const before = (await accessEvents()).length;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const url of ['/', `/tenants/${TENANT}`, `/tenants/${TENANT}/events`, '/verify', '/anything']) {
        const res = await get(url, { method });
        expect(res.status, `${method} ${url}`).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
      }
    }
    expect((await accessEvents()).length).toBe(before);
  });

  it('answers bad requests with 400/404/421 and discloses nothing', async () => {
    expect((await get('/tenants/no-such-tenant')).status).toBe(404);
    expect((await get('/tenants/no-such-tenant/events')).status).toBe(404);
    expect((await get('/nope')).status).toBe(404);
    const bad = await get(`/tenants/${TENANT}/events?type=model.run.exploded`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not an event type');
    expect((await get(`/tenants/${TENANT}/events?since=yesterday`)).status).toBe(400);
    expect((await get(`/tenants/${TENANT}/events?page=-1`)).status).toBe(400);
    // A page reached through another host name (DNS rebinding) is refused.
    expect((await get('http://evil.example/')).status).toBe(421);
  });

  it('escapes what tenants and tools wrote', async () => {
    const html = await (await get(`/tenants/${TENANT}`)).text();
    expect(html).toContain('&lt;script&gt;alert(&quot;purpose&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;b onmouseover=&quot;alert(2)&quot;&gt;bucket&lt;/b&gt;');
    expect(html).not.toMatch(/<(script|img|b )/);
  });

  it('pages the timeline newest first, hiding reads unless asked, and a page stays put while views are recorded', async () => {
    const all = (await queryEvents(f.ledgerDir, { tenant: TENANT, limit: Infinity })).events;
    const nonReads = all.filter((e) => e.type !== 'ledger.accessed').map((e) => e.seq);
    const first = await (await get(`/tenants/${TENANT}/events`)).text();
    expect(await eventSeqs(first)).toEqual(nonReads.slice(-4).reverse());
    expect(first).toContain(`page 1 of ${Math.ceil(nonReads.length / 4)}`);
    const snapshot = Number(/[?&;]n=(\d+)/.exec(first.replaceAll('&amp;', '&'))![1]);
    expect(snapshot).toBe(nonReads.length);

    const page3 = `/tenants/${TENANT}/events?page=3&n=${snapshot}`;
    const seqs = await eventSeqs(await (await get(page3)).text());
    expect(seqs).toEqual(nonReads.slice(-12, -8).reverse());
    // More views (each a recorded read) and another event later, the page shows the same events.
    await get('/');
    await openLedger(f.ledgerDir, { source: { system: 'web-test', version: '1' } }).append({ tenant: TENANT, type: 'tenant.deployed', outcome: 'success', actor: { id: 'svc:ci' } });
    const again = await (await get(page3)).text();
    expect(await eventSeqs(again)).toEqual(seqs);
    expect(again).toContain('1 newer matching event(s)');

    // A page is built before its own view is recorded: it shows the ledger as it was asked for.
    const now = (await queryEvents(f.ledgerDir, { tenant: TENANT, limit: Infinity })).events.map((e) => e.seq);
    const withReads = await (await get(`/tenants/${TENANT}/events?reads=1`)).text();
    expect(await eventSeqs(withReads)).toEqual(now.slice(-4).reverse());
    const onlyReads = await (await get(`/tenants/${TENANT}/events?type=ledger.accessed`)).text();
    expect(onlyReads).toContain('<code>ledger.accessed</code>');
    expect(onlyReads).not.toContain('<code>tenant.deployed</code>');
  });

  it('filters the timeline by time range (a date means the whole day, UTC)', async () => {
    const html = await (await get(`/tenants/${TENANT}/events?since=2027-02-01T00:05:00Z&until=2027-02-01T00:09:00Z&reads=1`)).text();
    const expected = (await queryEvents(f.ledgerDir, { tenant: TENANT, since: '2027-02-01T00:05:00Z', until: '2027-02-01T00:09:00Z', limit: Infinity })).events.map((e) => e.seq);
    expect(expected).toHaveLength(5);
    expect(await eventSeqs(html)).toEqual(expected.slice(-4).reverse());
    const day = await (await get(`/tenants/${TENANT}/events?since=2027-01-04&until=2027-01-04&type=model.run.started`)).text();
    expect((await eventSeqs(day)).length).toBe(3);
  });

  it('serves the written evidence report, once there is one', async () => {
    expect((await get(`/tenants/${TENANT}/evidence-report.html`)).status).toBe(404);
    await writeEvidenceReport(TENANT, { buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
    const res = await get(`/tenants/${TENANT}/evidence-report.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Evidence report: ${TENANT}`);
  });

  it('shows the full verification result, and a tampered ledger as tampered', async () => {
    await ui.ready();
    const html = await (await get('/verify')).text();
    const head = JSON.parse(readFileSync(path.join(f.ledgerDir, 'head.json'), 'utf8')) as { keyId: string };
    expect(html).toContain('Intact.');
    expect(html).toContain(head.keyId);
    expect(html).toContain('sandbox ledger verify --dir ./ledger-copy --pub ./published/ledger.pub');
    expect(html).toContain('-----BEGIN PUBLIC KEY-----');
    expect(html).toMatch(/Verified in full at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(started [^)]*, took \d+\.\d s\): every event from seq 0 to seq \d+ and the signed head/);

    const copy = path.join(f.root, 'ledger-tampered');
    cpSync(f.ledgerDir, copy, { recursive: true });
    const segment = path.join(copy, 'segments', readdirSync(path.join(copy, 'segments'))[0]!);
    writeFileSync(segment, readFileSync(segment, 'utf8').replace('python train.py', 'python tamper.py'));
    const tampered = createSupervisorApp({ buildDir: f.buildDir, ledgerDir: copy, plansDir: f.plansDir, verifyIntervalMs: 0 });
    await tampered.ready();
    const page = await (await tampered.app.request('/verify')).text();
    expect(page).toContain('TAMPERED or damaged');
    expect(page).toMatch(/seq 4: hash/);
    expect(await (await tampered.app.request('/')).text()).toContain('TAMPERED');
    await tampered.settle();
  });

  for (const [where, verifyThreadFromBytes] of [['on the UI thread', undefined], ['on a thread of its own', 0]] as const) {
    it(`finds an event changed after a verification passed it, at the next full verification (${where})`, async () => {
      const copy = path.join(f.root, `ledger-later-tampered-${verifyThreadFromBytes ?? 'inline'}`);
      cpSync(f.ledgerDir, copy, { recursive: true });
      const later = createSupervisorApp({ buildDir: f.buildDir, ledgerDir: copy, plansDir: f.plansDir, verifyIntervalMs: 0, ...(verifyThreadFromBytes !== undefined && { verifyThreadFromBytes }) });
      try {
        await later.ready();
        const before = await (await later.app.request('/verify')).text();
        expect(before).toContain('Intact.');
        expect(before).toContain('The ledger has not changed since.');
        await later.settle();

        // Edited in place, same length: an event the last verification passed.
        const segment = path.join(copy, 'segments', readdirSync(path.join(copy, 'segments'))[0]!);
        writeFileSync(segment, readFileSync(segment, 'utf8').replace('python train.py', 'python trian.py'));
        // The page shows the verification it has, says the ledger changed, and starts a full one.
        const stale = await (await later.app.request('/verify')).text();
        expect(stale).toContain('Intact.');
        expect(stale).toMatch(/The ledger has changed since; its signed head is now at seq \d+, 1 event\(s\) later \(every page view of this UI appends one\): a new full verification is running/);
        await later.settle();
        const after = await (await later.app.request('/verify')).text();
        expect(after).toContain('TAMPERED or damaged');
        expect(after).toMatch(/seq 4: hash/);
        expect(await (await later.app.request('/')).text()).toMatch(/TAMPERED<\/span> at seq 4 \(hash\)/);
      } finally {
        await later.close();
      }
    });
  }

  it('says a first verification is running, rather than waiting for it or calling the ledger intact', () => {
    const running = { current: false, runningSince: '2027-02-01T10:00:00.000Z' };
    const page = verificationPage({ verification: running, trustedKey: false });
    expect(page).toContain('The first verification of this ledger is running (started at 2027-02-01 10:00:00Z)');
    expect(page).not.toMatch(/Intact|TAMPERED/);
    const list = tenantListPage([], running, 0);
    expect(list).toContain('being verified');
    expect(list).not.toMatch(/intact|TAMPERED/);
  });

  it('shows nothing it cannot log: without the ledger key a page is refused', async () => {
    const copy = path.join(f.root, 'ledger-without-key');
    cpSync(f.ledgerDir, copy, { recursive: true });
    rmSync(path.join(copy, 'ledger.key'));
    const keyless = createSupervisorApp({ buildDir: f.buildDir, ledgerDir: copy, plansDir: f.plansDir, verifyIntervalMs: 0 });
    const res = await keyless.app.request(`/tenants/${TENANT}`);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).toContain('could not be recorded in the ledger');
    expect(body).not.toContain('Sanne de Vries');
    await keyless.settle();
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('does not create a ledger by being looked at', () => {
    expect(() => createSupervisorApp({ buildDir: f.buildDir, ledgerDir: path.join(f.root, 'nowhere'), plansDir: f.plansDir })).toThrow(/no ledger/);
  });
});

describe('startSupervisorServer', () => {
  it('listens on 127.0.0.1 only, on a free port, and stops', async () => {
    await expect(startSupervisorServer({ host: '0.0.0.0' as '127.0.0.1', buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir })).rejects.toThrow(/127\.0\.0\.1 only/);
    const server = await startSupervisorServer({ port: 0, buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/healthz`);
      expect(await res.text()).toBe('ok');
      expect((await fetch(`${server.url}/`, { method: 'DELETE' })).status).toBe(405);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

afterAll(() => rmSync(path.join(f.root, 'ledger-tampered'), { recursive: true, force: true }));
