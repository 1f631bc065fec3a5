import { readFileSync } from 'node:fs';

/**
 * The product's version, read once from package.json: what `sandbox --version` prints and what
 * every ledger event, report and generated file names as its source.
 */
export const PRODUCT_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
