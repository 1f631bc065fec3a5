import { Command, CommanderError } from 'commander';
import { PRODUCT_VERSION } from '../common/version.ts';
import { LedgerAccessError, LedgerEventError, LedgerStateError } from '../audit/errors.ts';
import { CliError } from './cli-error.ts';
import { registerPlanCommands } from './commands/plan.ts';
import { registerSynthCommands } from './commands/synth.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerLedgerCommands } from './commands/ledger.ts';
import { registerUpCommands } from './commands/up.ts';
import { registerRunCommands } from './commands/run.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerLifecycleCommands } from './commands/lifecycle.ts';
import { registerSupervisorCommands } from './commands/supervisor.ts';
import { registerCheckCommands } from './commands/check.ts';

/**
 * The `sandbox` CLI: the only place that wires the rooms together. Each command module registers
 * its commands and imports its heavy engines lazily, so `sandbox --help` stays instant.
 */
export function buildProgram(): Command {
  const program = new Command('sandbox')
    .description('EU AI regulatory sandbox platform: plans in, isolated EU tenants, synthetic data and a verifiable ledger out')
    .version(PRODUCT_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerPlanCommands(program);
  registerSynthCommands(program);
  registerCheckCommands(program);
  registerDataCommands(program);
  registerLedgerCommands(program);
  registerUpCommands(program);
  registerRunCommands(program);
  registerExportCommands(program);
  registerLifecycleCommands(program);
  registerSupervisorCommands(program);
  return program;
}

const FILESYSTEM_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ELOOP', 'ENAMETOOLONG', 'EMFILE']);

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed usage or help; --help and --version exit 0.
      return error.exitCode;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    // Any command that records evidence can meet a ledger it may not append to (a tampered head, a
    // key with the wrong mode, an unreadable directory): that is the user's to fix, not a bug.
    if (error instanceof LedgerAccessError) {
      process.stderr.write(`sandbox: ledger: ${error.message}\n`);
      return 2;
    }
    if (error instanceof LedgerStateError || error instanceof LedgerEventError) {
      process.stderr.write(`sandbox: ledger: ${error.message}\n`);
      return 1;
    }
    // The filesystem refusing (a path under a file, a read-only or full disk, /proc) is the
    // environment's answer, not a bug: say which call on which path, without a stack trace.
    const system = error as NodeJS.ErrnoException;
    if (typeof system?.syscall === 'string' && typeof system.code === 'string' && FILESYSTEM_CODES.has(system.code)) {
      process.stderr.write(`sandbox: ${system.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sandbox: internal error: ${message}\n`);
    if (process.env.SANDBOX_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 70;
  }
}

// `sandbox ledger show | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv);
