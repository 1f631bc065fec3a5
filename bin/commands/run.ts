import path from 'node:path';
import type { Command } from 'commander';
import type { TenantContext } from '../../workflows/index.ts';
import { DEFAULT_BUILD_DIR, TENANTS_DIR } from '../../tenancy/paths.ts';
import { CliError, cliCall } from '../cli-error.ts';
import { displayPath } from './plan.ts';
import { resolveBuildDir } from './synth.ts';

/**
 * `sandbox run <id> --as <innovator> -- <command…>`: a thin shell over workflows/model-run.ts.
 * Also home of what the workflow commands (run, export, suspend, resume, exit) share: the
 * --out/--plans options, loading one tenant into a context, and mapping refusals to exit codes.
 */

export interface TenantOptions {
  readonly out: string;
  readonly plans: string;
}

export function addTenantOptions(command: Command): Command {
  return command
    .option('--out <dir>', 'build directory (datasets, runs, exports, exit report under <dir>/<id>/)', DEFAULT_BUILD_DIR)
    .option('--plans <dir>', 'directory of sandbox plans', TENANTS_DIR);
}

/** Loads one tenant's plan (`<id>.yaml` or `.yml`) and opens its context; a missing or invalid plan is exit 1 with the reasons. */
export async function loadTenantContext(program: Command, id: string, opts: TenantOptions): Promise<TenantContext> {
  const { findPlanResult, formatIssue, TENANT_ID_PATTERN } = await import('../../tenancy/index.ts');
  if (!TENANT_ID_PATTERN.test(id)) throw new CliError(`"${id}" is not a tenant id (${TENANT_ID_PATTERN.source})`, 1);
  const plansDir = path.resolve(opts.plans);
  const found = findPlanResult(id, plansDir);
  if (!found.ok) {
    const reasons = found.issues.map((i) => formatIssue(i, displayPath(i.file)));
    throw new CliError([`tenant ${id}: no valid plan in ${plansDir} (see \`sandbox validate\`)`, ...reasons].join('\n'), 1);
  }
  const { openTenantContext } = await import('../../workflows/index.ts');
  return openTenantContext(found.plan, { buildDir: resolveBuildDir(opts.out), source: { system: 'sandbox-cli', version: program.version() ?? '0.0.0' } });
}

/** Runs a workflow; refusals exit 1 with their message, an unreadable ledger exits 2 (see cliCall). */
export function workflowCall<T>(call: () => Promise<T>): Promise<T> {
  return cliCall(call, { prefix: 'sandbox' });
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.slice(0, at))) throw new CliError(`--env "${pair}": expected NAME=value`, 1);
    const name = pair.slice(0, at);
    if (name.startsWith('SANDBOX_')) throw new CliError(`--env ${name}: the SANDBOX_ variables are set by the sandbox itself`, 1);
    env[name] = pair.slice(at + 1);
  }
  return env;
}

const RUN_HELP = `
The command runs in new user, network, IPC, UTS, mount and PID namespaces (util-linux unshare, no
root needed): no network at all, not even the host's loopback; no host Unix socket or IPC object
(/tmp, /run, $XDG_RUNTIME_DIR and $HOME are covered by empty file systems, any other bound socket
by /dev/null); the tenant's datasets read-only at $SANDBOX_DATA_DIR, re-hashed against their
manifests first (a dataset changed on disk refuses the run); a fresh $SANDBOX_OUTPUT_DIR
(build/<id>/runs/<run-id>/output/) for results; a working directory of its own, also $HOME and
$TMPDIR, removed afterwards (relative paths in the command resolve there: name scripts absolutely,
e.g. "$PWD/evaluate.py"); every other file system read-only; other tenants, the evidence and the
ledger out of sight. The model's runtime must be installed outside $HOME. Only PATH, LANG, LC_*,
TERM and TZ pass from your environment (add more with --env). Where the kernel cannot build that
sandbox, the run is refused, never run with network.

model.run.started and model.run.finished go to the ledger (the command's words as a JSON array and
shell-quoted, dataset manifest hash, model digest, exit code, duration, SHA-256 of every output) and
build/<id>/runs/<run-id>/run.json.
Exit code: the command's (1 when refused).

Example:
  sandbox run diabetes-risk --as u-100 --model model.onnx -- python "$PWD/evaluate.py"
  (the model file is mounted read-only; its absolute path is in $SANDBOX_MODEL)`;

export function registerRunCommands(program: Command): void {
  addTenantOptions(
    program
      .command('run')
      .description("run an innovator's model command against the tenant's synthetic data, without network, and record it")
      .argument('<id>', 'tenant id')
      .argument('<command...>', 'the command and its arguments, after --')
      .requiredOption('--as <person>', 'the innovator running it (a person id from the plan)')
      .option('--model <file>', 'the model file (or an image pinned by digest, name@sha256:…) whose digest the run records')
      .option('--env <NAME=value>', "environment for the command (repeatable); the CLI's own environment is not passed on", collect, [])
      .addHelpText('after', RUN_HELP),
  ).action(async (id: string, argv: string[], opts: TenantOptions & { as: string; model?: string; env: string[] }) => {
    const env = parseEnv(opts.env);
    const ctx = await loadTenantContext(program, id, opts);
    const { runModel } = await import('../../workflows/index.ts');
    const { record, runDir } = await workflowCall(() => runModel(ctx, { personId: opts.as, argv, model: opts.model, env }));
    process.stderr.write(
      `sandbox run ${record.runId}: exit ${record.exitCode} after ${record.durationMs} ms, ${record.outputs.length} output file(s) ` +
        `(outputs sha256 ${record.outputsSha256.slice(0, 16)}…), ledger seq ${record.ledger.startedSeq} and ${record.ledger.finishedSeq}; ` +
        `record in ${displayPath(path.join(runDir, 'run.json'))}\n`,
    );
    process.exitCode = record.exitCode;
  });
}
