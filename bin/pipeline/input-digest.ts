import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../common/sha256.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';

/**
 * The digest of the code and templates a synth depends on. Together with the plan's own hash it
 * keys the incremental cache: a tenant is re-synthesized when its plan, a profile, or any engine,
 * guardrail or dependency changed, and skipped otherwise.
 */
const CODE_DIRS = ['tenancy', 'stacks', 'constructs', 'policies', 'common', 'bin/pipeline', 'sandbox-templates/profiles', 'sandbox-templates/datasets'];
// The waivers are not code: the check's own cache key follows the waivers in force.
const CODE_FILES = ['package-lock.json'];

let cached: string | undefined;

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full, out);
    } else if (/\.(ts|ya?ml|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(full);
  }
}

export function codeDigest(): string {
  if (cached) return cached;
  const files: string[] = [];
  for (const dir of CODE_DIRS) walk(path.join(PROJECT_ROOT, dir), files);
  for (const file of CODE_FILES) files.push(path.join(PROJECT_ROOT, file));
  const listing = files
    .sort()
    .map((file) => {
      let content: Buffer | string;
      try {
        content = readFileSync(file);
      } catch {
        content = '';
      }
      return `${sha256Hex(content)}  ${path.relative(PROJECT_ROOT, file)}\n`;
    })
    .join('');
  cached = sha256Hex(listing);
  return cached;
}
