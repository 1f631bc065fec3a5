import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

/** `sandbox validate` and `sandbox schema`: the plan room, exposed. */
export function registerPlanCommands(program: Command): void {
  program
    .command('validate')
    .description('validate sandbox plans: files or directories (default: sandbox-templates/tenants/)')
    .argument('[plan...]', 'plan files or directories of plans')
    .action(async (paths: string[]) => {
      const { loadPlans, formatIssue } = await import('../../tenancy/index.ts');
      const result = loadPlans(paths.length > 0 ? paths.map((p) => path.resolve(p)) : undefined);
      if (result.issues.length > 0) {
        const files = new Set(result.issues.map((i) => i.file)).size;
        throw new CliError(
          [...result.issues.map((i) => formatIssue(i, displayPath(i.file))), `${result.issues.length} problem(s) in ${files} file(s); nothing was written`].join('\n'),
        );
      }
      const ids = result.plans.map((p) => p.tenant.id).join(', ');
      process.stdout.write(`${result.plans.length} plan(s) valid: ${ids}\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the sandbox plan (for editors: yaml-language-server)')
    .action(async () => {
      const { planJsonSchemaText } = await import('../../tenancy/index.ts');
      process.stdout.write(planJsonSchemaText());
    });
}

/** Paths relative to where the user stands are shorter and clickable in most terminals. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
