/**
 * The workflow commands in a program of their own, for the end-to-end tests until bin/sandbox.ts
 * registers them (then cli.ts runs the real binary instead). Same top level as bin/sandbox.ts:
 * CliError prints its message without a stack and exits with its code.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from '../../bin/cli-error.ts';
import { registerExportCommands } from '../../bin/commands/export.ts';
import { registerLifecycleCommands } from '../../bin/commands/lifecycle.ts';
import { registerRunCommands } from '../../bin/commands/run.ts';

const program = new Command('sandbox').version('0.1.0').exitOverride();
registerRunCommands(program);
registerExportCommands(program);
registerLifecycleCommands(program);
try {
  await program.parseAsync(process.argv);
  process.exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`sandbox: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70;
  }
}
