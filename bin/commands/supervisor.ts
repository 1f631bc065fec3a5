import { PRODUCT_VERSION } from '../../common/version.ts';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, cliCall } from '../cli-error.ts';
import { DEFAULT_BUILD_DIR, TENANTS_DIR } from '../../tenancy/paths.ts';

/**
 * `sandbox report` and `sandbox serve`: the supervisor's two doors, thin shells over supervisor/.
 * Both read; `report` records its read in the ledger before it writes anything (NEN 7513 logs
 * reads of the log), and the UI records every page view itself.
 */


const DEFAULT_PORT = 7513;
const LEDGER_OPTION = ['--ledger <dir>', 'ledger directory (default: $SANDBOX_LEDGER_DIR, else .sandbox/ledger in the project)'] as const;

interface ReportOptions {
  out?: string;
  format?: string;
  build: string;
  plans: string;
  ledger?: string;
  as?: string;
  verify?: string;
  pub?: string;
}

interface ServeOptions {
  port: number;
  build: string;
  plans: string;
  ledger?: string;
  pub?: string;
}

export function registerSupervisorCommands(program: Command): void {
  program
    .command('report')
    .description("a tenant's evidence report: self-contained HTML and JSON signed with the ledger key (default: both, into build/<id>/); or, with --verify, checks a signed evidence or exit report")
    .argument('[id]', 'tenant id: one with a plan, or with events in the ledger (an exited tenant whose plan was removed)')
    .option('--out <file>', 'write one form to this file instead ("-" for stdout)')
    .option('--format <format>', 'html | json (with --out; default: from the file name, else html)')
    .option('--build <dir>', 'build directory', DEFAULT_BUILD_DIR)
    .option('--plans <dir>', 'plans directory', TENANTS_DIR)
    .option(...LEDGER_OPTION)
    .option('--as <person>', "who is reading: a person of the tenant's plan (default: svc:sandbox-cli)")
    .option('--verify <file>', 'instead: check the signature of a signed evidence-report.json or exit-report.json')
    .option('--pub <file>', 'with --verify: the published public key to trust (default: the ledger’s ledger.pub)')
    .addHelpText('after', '\nExit codes: 0 written (or, with --verify, signature valid), 1 bad input (an unknown tenant included) or invalid signature, 2 unreadable ledger or file.')
    .action(async (id: string | undefined, opts: ReportOptions) => {
      if (opts.verify) return verifyReport(opts.verify, opts);
      if (!id) throw new CliError('sandbox report: give a tenant id (or --verify <file>)', 1);
      await writeReport(id, opts);
    });

  program
    .command('serve')
    .description('the read-only supervisor web UI on 127.0.0.1: tenants, findings, datasets, runs, exports, the event timeline and ledger verification')
    .option('--port <n>', `port (0 picks a free one; default ${DEFAULT_PORT})`, port, DEFAULT_PORT)
    .option('--build <dir>', 'build directory', DEFAULT_BUILD_DIR)
    .option('--plans <dir>', 'plans directory', TENANTS_DIR)
    .option(...LEDGER_OPTION)
    .option('--pub <file>', 'verify the ledger with this published public key instead of the ledger’s own ledger.pub')
    .action(async (opts: ServeOptions) => {
      const { startSupervisorServer } = await import('../../supervisor/index.ts');
      const { resolveLedgerDir } = await import('../../audit/index.ts');
      let server: Awaited<ReturnType<typeof startSupervisorServer>>;
      try {
        server = await startSupervisorServer({
          port: opts.port,
          host: '127.0.0.1',
          buildDir: path.resolve(opts.build),
          plansDir: path.resolve(opts.plans),
          ledgerDir: resolveLedgerDir(opts.ledger),
          version: PRODUCT_VERSION,
          ...(opts.pub && { publicKeyPath: path.resolve(opts.pub) }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`sandbox serve: ${code === 'EADDRINUSE' ? `port ${opts.port} is in use; pick another with --port` : (error as Error).message}`, 1);
      }
      process.stdout.write(`supervisor UI: ${server.url}/  (read-only; every page view is recorded in the ledger; Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}

async function writeReport(id: string, opts: ReportOptions): Promise<void> {
  const { openLedger, peopleDirectory, queryEvents, resolveLedgerDir } = await import('../../audit/index.ts');
  const { findPlanResult } = await import('../../tenancy/index.ts');
  const { hasLedger } = await import('../../supervisor/web/app.ts');
  const format = opts.format ?? (opts.out?.endsWith('.json') ? 'json' : 'html');
  if (format !== 'html' && format !== 'json') throw new CliError(`--format must be html or json, got "${format}"`, 1);
  const ledgerDir = resolveLedgerDir(opts.ledger);
  const buildDir = path.resolve(opts.build);
  const plansDir = path.resolve(opts.plans);
  if (!hasLedger(ledgerDir)) throw new CliError(`sandbox report: no ledger in ${ledgerDir}: run \`sandbox up\` first, or point --ledger at one`, 2);
  const planLookup = findPlanResult(id, plansDir);
  const plan = planLookup.ok ? planLookup.plan : undefined;
  const { total } = await ledgerCall(() => queryEvents(ledgerDir, { tenant: id, limit: 0 }));
  // A tenant is known by its plan, or by its history: an exited tenant whose plan was removed stays reportable.
  if (!planLookup.ok && total === 0) {
    const noPlan = planLookup.issues.some((i) => i.rule === 'known-tenant');
    const why = noPlan ? `no plan in ${plansDir}` : `its plan ${planLookup.file} does not validate (\`sandbox validate\` names the problems)`;
    throw new CliError(`sandbox report: no tenant "${id}": ${why} and no event of it in the ledger ${ledgerDir}; nothing written`, 1);
  }
  const reader = opts.as ?? 'svc:sandbox-cli';
  if (!plan && !reader.startsWith('svc:')) throw new CliError(`--as ${reader}: tenant "${id}" has no valid plan in ${plansDir} to check the reader against`, 1);

  // Record the read before anything is disclosed: no log entry, no report.
  const ledger = openLedger(ledgerDir, {
    actors: peopleDirectory(new Map(plan ? [[id, plan.tenant.people]] : [])),
    source: { system: 'sandbox-cli', version: PRODUCT_VERSION },
  });
  const role = plan?.tenant.people.find((p) => p.id === reader)?.role;
  await ledgerCall(() =>
    ledger.append({
      tenant: id,
      type: 'ledger.accessed',
      outcome: 'success',
      actor: { id: reader, ...(role && { role }), accessPoint: `cli@${hostname()}` },
      objects: [{ kind: 'ledger-view', id: 'report' }],
      details: { filter: `tenant=${id}`, returned: total },
    }),
  );

  const { renderEvidenceReport, writeEvidenceReport } = await import('../../supervisor/index.ts');
  const options = { buildDir, ledgerDir, plansDir, ...(plan && { plan }) };
  if (opts.out) {
    const rendered = await ledgerCall(() => renderEvidenceReport(id, options, opts.out === '-' ? 'evidence-report.json' : path.basename(opts.out!).replace(/\.html?$/, '.json')));
    const text = format === 'json' ? rendered.json : rendered.html;
    if (opts.out === '-') process.stdout.write(text);
    else {
      const { writeFileAtomic } = await import('../../common/atomic-write.ts');
      await writeFileAtomic(path.resolve(opts.out), text);
      process.stderr.write(`${summary(rendered.report)}\n  ${opts.out}\n`);
    }
    return;
  }
  const written = await ledgerCall(() => writeEvidenceReport(id, options));
  process.stdout.write(`${summary(written.report)}\n  ${path.relative(process.cwd(), written.htmlFile)}\n  ${path.relative(process.cwd(), written.jsonFile)}\n`);
}

function summary(report: import('../../supervisor/index.ts').EvidenceReport): string {
  const n = (s: string) => report.requirements.filter((r) => r.status === s).length;
  const ledger = !report.ledger.available ? 'ledger unreadable' : report.ledger.ok ? `ledger intact (head seq ${report.ledger.head?.seq ?? '–'})` : `LEDGER TAMPERED at seq ${report.ledger.firstBad?.seq ?? '?'}`;
  return `evidence report for ${report.tenant}: ${ledger}; requirements: ${n('supported')} with supporting evidence, ${n('attention')} needing attention, ${n('pending')} without evidence yet`;
}

async function verifyReport(file: string, opts: ReportOptions): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { verifySignedReport } = await import('../../supervisor/index.ts');
  const { resolveLedgerDir } = await import('../../audit/index.ts');
  let signed: unknown;
  try {
    signed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`sandbox report --verify: ${file} cannot be read as JSON (${(error as Error).message})`, 2);
  }
  const check = await ledgerCall(() => verifySignedReport(signed, opts.pub ? { publicKeyPath: path.resolve(opts.pub) } : { ledgerDir: resolveLedgerDir(opts.ledger) }));
  const what = `${check.kind ?? 'signed report'} ${file}${check.tenant ? ` (tenant ${check.tenant})` : ''}`;
  if (!check.ok) throw new CliError(`${what}: signature INVALID: ${check.problem}`, 1);
  const head = check.ledgerHead;
  process.stdout.write(
    `${what}: signature valid${opts.pub ? '' : ' (checked against the ledger’s own ledger.pub; pass --pub with the published key to rule out a replaced key)'}\n` +
      (head ? `  ledger head it records: seq ${head.seq}, ${head.hash}\n  check a ledger copy still reaches it: sandbox ledger verify --dir <copy> --pub <key> --expect-head ${head.seq}:${head.hash}\n` : ''),
  );
}

/** The ledger's errors as exit codes: 1 rejected input, 2 unreadable. */
function ledgerCall<T>(call: () => Promise<T>): Promise<T> {
  return cliCall(call, { prefix: 'sandbox report' });
}

function port(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliError(`--port must be a port number (0 to 65535), got "${value}"`, 1);
  return Number(value);
}
