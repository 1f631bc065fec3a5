import { Command, CommanderError } from 'commander';
import { CliError } from '../../bin/cli-error.ts';
import { registerSupervisorCommands } from '../../bin/commands/supervisor.ts';

/**
 * `sandbox` with only the supervisor commands, for tests that need a real process (serve runs
 * until a signal) until bin/sandbox.ts wires registerSupervisorCommands. Exits like the CLI does.
 */
const program = new Command('sandbox').exitOverride();
registerSupervisorCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else throw error;
}
