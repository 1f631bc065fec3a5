import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest setup: no test appends to the project's own ledger (.sandbox/ledger). Commands that
 * record evidence, in process or in a child, write to a scratch ledger unless a test names one.
 */
process.env.SANDBOX_LEDGER_DIR ??= path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-ledger-')), 'ledger');
