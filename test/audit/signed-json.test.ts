import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signJson, verifyLedger, verifySignedJson } from '../../audit/index.ts';
import { sampleEvent, tempDirs, testLedger } from './helpers.ts';

const temp = tempDirs();

describe('signJson', () => {
  it('signs a report with the ledger key so that one public key checks ledger and report', async () => {
    const dir = temp();
    await testLedger(dir).append(sampleEvent(1));
    const report = { tenant: 'diabetes-risk', ledgerHead: 'abc', findings: [{ ruleId: 'SBX-1', severity: 'error' }] };
    const signed = await signJson(dir, report);
    expect(signed).toMatchObject({ payload: report, algorithm: 'Ed25519' });
    expect(await verifySignedJson(signed, { dir })).toEqual({ ok: true });
    expect(await verifySignedJson(signed, { publicKeyPath: path.join(dir, 'ledger.pub') })).toEqual({ ok: true });
  });

  it('detects a changed payload and a foreign key', async () => {
    const dir = temp();
    const signed = await signJson(dir, { verdict: 'pass', count: 3 });
    // A fresh ledger gets its key from the first signature; appends then use the same key.
    await testLedger(dir).append(sampleEvent(1));
    expect((await verifyLedger(dir)).ok).toBe(true);

    expect(await verifySignedJson({ ...signed, payload: { verdict: 'fail', count: 3 } }, { dir })).toEqual({ ok: false, problem: 'the signature does not match the payload' });
    // Key order does not matter: the signature covers canonical JSON.
    expect(await verifySignedJson({ ...signed, payload: { count: 3, verdict: 'pass' } }, { dir })).toEqual({ ok: true });

    const other = temp('other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'other.pub'), generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const check = await verifySignedJson(signed, { publicKeyPath: path.join(other, 'other.pub') });
    expect(check.ok).toBe(false);
    expect(check.problem).toMatch(/not by the trusted key/);
  });
});
