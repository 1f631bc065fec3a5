import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, queryEvents } from '../../audit/index.ts';
import { startSupervisorServer, type SupervisorServer } from '../../supervisor/index.ts';
import { makeFixture, TENANT, type SupervisorFixture } from './fixture.ts';

/**
 * The supervisor UI in a real browser: Debian's headless Chromium (installed by .ci/run) driven by
 * playwright-core. Only where that Chromium is absent is the test skipped, and it says so.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) process.stderr.write(`\nbrowser test SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium)\n\n`);

let f: SupervisorFixture;
let server: SupervisorServer;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  f = await makeFixture({ hostile: true });
  // Enough model runs for the filtered timeline to have more than one page.
  await openLedger(f.ledgerDir, { source: { system: 'browser-test', version: '1' } }).appendBatch(
    Array.from({ length: 9 }, (_, i) => ({
      tenant: TENANT,
      type: 'model.run.started' as const,
      outcome: 'success' as const,
      time: new Date(Date.UTC(2027, 1, 1, 9, i)).toISOString(),
      actor: { id: 'svc:ci' },
      details: { runId: `ci-run-${i}`, command: 'python smoke.py', network: 'none' },
    })),
  );
  server = await startSupervisorServer({ port: 0, host: '127.0.0.1', buildDir: f.buildDir, ledgerDir: f.ledgerDir, plansDir: f.plansDir, pageSize: 4 });
  // The verification page shows the newest completed verification: let the first one finish.
  await server.ready();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  f?.cleanup();
});

describe('supervisor UI in Chromium', () => {
  it.skipIf(!HAS_CHROMIUM)('clicks from the tenant list to a tenant, filters and pages its timeline, verifies the ledger; every view is logged', async () => {
    const page = await browser!.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') blocked.push(m.text());
    });

    await page.goto(`${server.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Sandbox tenants');
    // The stylesheet is admitted by its CSP hash: the page is styled, and nothing was refused.
    // (This project's TypeScript has no DOM types; the function runs in the page, where globalThis is window.)
    const style = (el: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize;
    expect(await page.locator('h1').evaluate(style)).toBe('25.6px');

    await page.getByRole('link', { name: TENANT }).click();
    await page.waitForURL(`${server.url}/tenants/${TENANT}`);
    expect(await page.locator('h1').textContent()).toBe(TENANT);
    expect(await page.locator('body').textContent()).toContain('<script>alert("purpose")</script>');

    await page.getByRole('link', { name: 'timeline', exact: true }).first().click();
    await page.waitForURL(`${server.url}/tenants/${TENANT}/events`);
    await page.locator('select[name="type"]').selectOption('model.run.started');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=model\.run\.started/);
    const firstPage = await page.locator('tbody tr td:first-child').allTextContents();
    expect(firstPage).toHaveLength(4);
    expect(new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['model.run.started']));
    expect(await page.locator('nav.pager').first().textContent()).toContain('page 1 of 3');

    await page.getByRole('link', { name: 'older ›' }).first().click();
    await page.waitForURL(/page=2/);
    const secondPage = await page.locator('tbody tr td:first-child').allTextContents();
    expect(secondPage).toHaveLength(4);
    expect(Math.max(...secondPage.map(Number))).toBeLessThan(Math.min(...firstPage.map(Number)));

    await page.getByRole('link', { name: 'Ledger verification' }).click();
    await page.waitForURL(`${server.url}/verify`);
    expect(await page.locator('body').textContent()).toContain('Intact.');

    expect(dialogs).toEqual([]);
    expect(blocked).toEqual([]);
    await server.close();
    const views = (await queryEvents(f.ledgerDir, { type: 'ledger.accessed', limit: Infinity })).events.filter((e) => e.actor.id === 'svc:supervisor-ui');
    expect(views.map((e) => [e.objects?.[0]?.id, e.details?.filter])).toEqual([
      ['ui:/tenants', ''],
      [`ui:/tenants/${TENANT}`, ''],
      [`ui:/tenants/${TENANT}/events`, 'page=1'],
      [`ui:/tenants/${TENANT}/events`, 'type=model.run.started page=1'],
      [`ui:/tenants/${TENANT}/events`, 'type=model.run.started page=2'],
      ['ui:/verify', ''],
    ]);
    expect(views.every((e) => e.actor.accessPoint === 'ui@127.0.0.1')).toBe(true);
  });
});
