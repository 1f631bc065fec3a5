import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';

/**
 * cdktf is deprecated, so it stays behind stacks/terraform/index.ts: nothing else may import it,
 * and the provider bindings are imported one resource file at a time (the package root loads
 * every AWS resource and costs seconds at startup).
 */
const SKIP_DIRS = new Set(['node_modules', '.git', 'build', 'cdk.out', '.sandbox']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
const relative = (file: string) => path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
const cdktfModule = (specifier: string) => specifier === 'cdktf' || specifier.startsWith('cdktf/') || specifier.startsWith('@cdktf/');

describe('cdktf stays behind the Terraform engine door', () => {
  const files = sourceFiles(PROJECT_ROOT);

  it('only stacks/terraform/ imports cdktf or its provider bindings', () => {
    const leaks = files
      .filter((f) => !relative(f).startsWith('stacks/terraform/'))
      .flatMap((f) => importsOf(f).filter(cdktfModule).map((s) => `${relative(f)} imports ${s}`));
    expect(leaks).toEqual([]);
  });

  it('outside the engine and its own tests, stacks/terraform/ is reached through its index only', () => {
    const sideDoors = files
      .filter((f) => !relative(f).startsWith('stacks/terraform/') && !relative(f).startsWith('test/terraform/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => s.startsWith('.') && /stacks\/terraform\/(?!index\.ts$)/.test(path.posix.join(path.posix.dirname(relative(f)), s)))
          .map((s) => `${relative(f)} imports ${s}`),
      );
    expect(sideDoors).toEqual([]);
  });

  it('imports provider classes per resource file, never the package root', () => {
    const engine = files.filter((f) => relative(f).startsWith('stacks/terraform/'));
    const providerImports = engine.flatMap((f) => importsOf(f).filter((s) => s.startsWith('@cdktf/provider-aws')));
    expect(providerImports.length).toBeGreaterThan(10);
    expect(providerImports.filter((s) => !/^@cdktf\/provider-aws\/lib\/[a-z0-9-]+\/index\.js$/.test(s))).toEqual([]);
  });
});
