import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policies/**/*.test.ts'],
    setupFiles: ['test/support/isolated-ledger.ts'],
    // CDK and Terraform synthesis are CPU-bound and slow under parallel workers on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
