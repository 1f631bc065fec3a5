import { runCli, type CliResult } from '../support/run-cli.ts';

/** Runs `sandbox <args>` through the real binary in a child process, as a user would. */
export async function sandbox(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return runCli(args, { env });
}
