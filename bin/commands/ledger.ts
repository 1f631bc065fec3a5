import { hostname } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { ActorDirectory, AppendedEvent, EventObject, EventSource, LedgerEvent, NewEvent, VerifyResult } from '../../audit/index.ts';
import { CliError, cliCall } from '../cli-error.ts';

/**
 * `sandbox ledger append|verify|show|seal`: a thin shell over audit/. It parses, builds the actor
 * directory from the plans, prints, and maps the ledger's errors to exit codes: 1 for rejected
 * input or a tampered ledger, 2 for a ledger or key that cannot be read.
 */

const DIR_OPTION = ['--dir <dir>', 'ledger directory (default: $SANDBOX_LEDGER_DIR, else .sandbox/ledger in the project)'] as const;
const READER_DEFAULT = 'svc:sandbox-cli';
const SHOW_PAGE = 1000;

const SEAL_HELP = `
The sealed segment is immutable from then on. Upload it to the log store (the S3 bucket with Object
Lock in compliance mode, sbx-<account>-<tenant>-ailogs, where only the tenant's platform-engineer
role may put objects under ledger/) with the public key and, right after sealing (so that it ends
exactly at the seal), the head. Object Lock uploads need a checksum:

  aws s3 cp .sandbox/ledger/segments/000000000000.jsonl s3://<log-store>/ledger/segments/ --checksum-algorithm SHA256
  aws s3 cp .sandbox/ledger/head.json s3://<log-store>/ledger/head.json --checksum-algorithm SHA256
  aws s3 cp .sandbox/ledger/ledger.pub s3://<log-store>/ledger/ledger.pub --checksum-algorithm SHA256

A copy downloaded from there is checked with \`sandbox ledger verify --dir <copy> --pub <published ledger.pub>\`.`;

const VERIFY_HELP = `
Exit codes: 0 intact (a torn tail from a crash is only a warning), 1 tampered (names the first bad
seq and the problem), 2 unreadable.

The output ends with the head as <seq>:<hash>. head.json is signed, but it cannot prove that it is
the current head: an older signed head with the segments cut back to it verifies on its own. Keep
the head somewhere the ledger's keeper cannot change it (the exit report and the evidence report
carry it, and the head uploaded to the Object Lock log store after \`sandbox ledger seal\` is
another) and pass it back later:

  sandbox ledger verify --dir ./ledger-copy --pub ./published/ledger.pub --expect-head 41:<sha256 hex>

A ledger that no longer reaches that seq with that hash is reported as "head rolled back" (exit 1).`;

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the tamper-evident traceability ledger: append, verify, show, seal');
  const source = () => ({ system: 'sandbox-cli', version: program.version() ?? '0.0.0' });

  ledger
    .command('append')
    .description('append one event (for scripts and tools); prints the new seq')
    .requiredOption('--tenant <id>', 'the tenant, or "platform" for events outside any tenant')
    .requiredOption('--type <type>', 'event type, e.g. tenant.deployed (the workflow and pipeline types come only from their commands)')
    .requiredOption('--actor <id>', "a person of the tenant's plan (e.g. u-100) or a service identity (svc:sandbox-cli, svc:ci, …)")
    .option('--outcome <outcome>', 'success | failure | denied', 'success')
    .option('--detail <key=value>', 'a detail, stored as a string (repeatable)', collect, [])
    .option('--object <kind:id[:sha256]>', 'what the action touched (repeatable)', collect, [])
    .option('--on-behalf-of <person>', 'the responsible person, where the actor acts for another (NEN 7513)')
    .option('--access-point <where>', 'where the action came from (default: cli@<host>)')
    .option('--time <time>', 'RFC 3339 UTC time of the event (default: now)')
    .option(...DIR_OPTION)
    .action(async (opts: AppendOptions) => {
      const { RECORDED_BY } = await import('../../audit/index.ts');
      const owner = Object.hasOwn(RECORDED_BY, opts.type) ? (RECORDED_BY as Readonly<Record<string, string>>)[opts.type] : undefined;
      if (owner) {
        throw new CliError(`sandbox ledger append: ${opts.type} events are recorded only by ${owner}, which checks the plan's rules first; a script cannot append them`, 1);
      }
      const event: NewEvent = {
        tenant: opts.tenant,
        type: opts.type as NewEvent['type'],
        outcome: opts.outcome as NewEvent['outcome'],
        actor: {
          id: opts.actor,
          ...(opts.onBehalfOf && { onBehalfOf: opts.onBehalfOf }),
          accessPoint: opts.accessPoint ?? `cli@${hostname()}`,
        },
        ...(opts.time && { time: opts.time }),
        ...(opts.object.length > 0 && { objects: opts.object.map(parseObject) }),
        ...(opts.detail.length > 0 && { details: Object.fromEntries(opts.detail.map(parseDetail)) }),
      };
      const appended = await recordLedgerEvent(event, { source: source(), ...(opts.dir && { dir: opts.dir }) });
      process.stdout.write(`${appended.seq}\n`);
    });

  ledger
    .command('verify')
    .description('check the whole ledger offline: hashes, chain, seqs, checkpoint and head signatures (never writes)')
    .option('--pub <file>', 'the public key to trust (default: <dir>/ledger.pub); a supervisor passes the published key')
    .option('--expect-head <seq:hash>', 'an anchor kept elsewhere (a report\'s head, the head in the Object Lock store): the ledger must reach that seq with that hash', anchorOption)
    .option('--format <format>', 'text | json', 'text')
    .option(...DIR_OPTION)
    .addHelpText('after', VERIFY_HELP)
    .action(async (opts: { pub?: string; expectHead?: { seq: number; hash: string }; format: string; dir?: string }) => {
      const format = oneOf(opts.format, ['text', 'json'], '--format');
      const { resolveLedgerDir, verifyLedger } = await import('../../audit/index.ts');
      const dir = resolveLedgerDir(opts.dir);
      const result = await ledgerCall(() => verifyLedger(dir, { ...(opts.pub && { publicKeyPath: opts.pub }), ...(opts.expectHead && { expectHead: opts.expectHead }) }));
      if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(describeVerify(result, dir, opts.pub, opts.expectHead));
      if (!result.ok) {
        const bad = result.firstBad!;
        throw new CliError(`ledger TAMPERED: first bad event is seq ${bad.seq} (${bad.problem})${bad.file ? ` in ${bad.file}${bad.line ? ` line ${bad.line}` : ''}` : ''}: ${bad.message}`, 1);
      }
    });

  ledger
    .command('show')
    .description('list events; the read itself is recorded as a ledger.accessed event (NEN 7513 logs reads of the log)')
    .option('--tenant <id>', 'only this tenant')
    .option('--type <type>', 'only this event type')
    .option('--since <time>', 'from this ISO date or time (inclusive)')
    .option('--until <time>', 'up to this ISO date or time (inclusive)')
    .option('--offset <n>', 'skip the first n matches', wholeNumber('--offset'), 0)
    .option('--limit <n>', 'show at most n events', wholeNumber('--limit'))
    .option('--reverse', 'newest first')
    .option('--format <format>', 'text | json ({ "events": [ … ] })', 'text')
    .option('--as <person>', `who is reading: a person of the tenant's plan (needs --tenant) or a service identity (default: ${READER_DEFAULT})`)
    .option('--access-point <where>', 'where the read came from (default: cli@<host>)')
    .option(...DIR_OPTION)
    .action(async (opts: ShowOptions) => {
      const format = oneOf(opts.format, ['text', 'json'], '--format');
      const { isServiceIdentity, PLATFORM_TENANT, queryEvents, resolveLedgerDir } = await import('../../audit/index.ts');
      const reader = opts.as ?? READER_DEFAULT;
      if (!isServiceIdentity(reader) && !opts.tenant) {
        throw new CliError(`--as ${reader} needs --tenant: a person reads a tenant's events under that tenant's plan`, 1);
      }
      const accessTenant = opts.tenant ?? PLATFORM_TENANT;
      const dir = resolveLedgerDir(opts.dir);
      const filter = {
        ...(opts.tenant && { tenant: opts.tenant }),
        ...(opts.type && { type: opts.type }),
        ...(opts.since && { since: opts.since }),
        ...(opts.until && { until: opts.until }),
      };
      const { total } = await ledgerCall(() => queryEvents(dir, { ...filter, limit: 0 }));
      const shown = Math.max(0, Math.min(total - opts.offset, opts.limit ?? Infinity));
      // Pages are fetched oldest-first by position: appends (ours below, or another process's)
      // only add positions at the end, so the pages stay put even when printed newest first.
      const from = opts.reverse ? total - opts.offset - shown : opts.offset;
      // Record the read before anything is disclosed: no log entry, no output.
      await recordLedgerEvent(
        {
          tenant: accessTenant,
          type: 'ledger.accessed',
          outcome: 'success',
          actor: { id: reader, accessPoint: opts.accessPoint ?? `cli@${hostname()}` },
          objects: [{ kind: 'ledger', id: path.basename(dir) }],
          details: { filter: { ...filter, ...(opts.reverse && { reverse: true }) }, offset: opts.offset, returned: shown },
        },
        { source: source(), dir },
      );
      const print = format === 'json' ? printJson() : printText();
      for (let done = 0; done < shown; done += SHOW_PAGE) {
        const count = Math.min(SHOW_PAGE, shown - done);
        const offset = opts.reverse ? from + shown - done - count : from + done;
        const { events } = await ledgerCall(() => queryEvents(dir, { ...filter, offset, limit: count }));
        for (const event of opts.reverse ? events.reverse() : events) print.event(event);
      }
      print.end(shown, total);
    });

  ledger
    .command('seal')
    .description('close the current segment with a signed checkpoint; it becomes an immutable file ready for the Object Lock log store')
    .option('--format <format>', 'text | json', 'text')
    .option(...DIR_OPTION)
    .addHelpText('after', SEAL_HELP)
    .action(async (opts: { format: string; dir?: string }) => {
      const format = oneOf(opts.format, ['text', 'json'], '--format');
      const { resolveLedgerDir, sealLedger } = await import('../../audit/index.ts');
      const dir = resolveLedgerDir(opts.dir);
      const sealed = await ledgerCall(() => sealLedger(dir, { source: source() }));
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(sealed, null, 2)}\n`);
        return;
      }
      const name = path.relative(dir, sealed.segment);
      process.stdout.write(
        sealed.alreadySealed
          ? `nothing appended since the last seal: ${name} (seq ${sealed.firstSeq}..${sealed.lastSeq}) is already sealed\n`
          : `sealed ${name}: seq ${sealed.firstSeq}..${sealed.lastSeq}, ${sealed.bytes} bytes, sha256 ${sealed.sha256}\n`,
      );
      process.stdout.write(
        `upload it to the log store (Object Lock; <log-store> = sbx-<account>-<tenant>-ailogs):\n` +
          `  aws s3 cp ${sealed.segment} s3://<log-store>/ledger/segments/${path.basename(sealed.segment)} --checksum-algorithm SHA256\n` +
          `  aws s3 cp ${path.join(dir, 'head.json')} s3://<log-store>/ledger/head.json --checksum-algorithm SHA256\n` +
          `  aws s3 cp ${path.join(dir, 'ledger.pub')} s3://<log-store>/ledger/ledger.pub --checksum-algorithm SHA256\n`,
      );
    });
}

/**
 * The door for the other commands (synth, check, data generate, run, export, exit): records one
 * event with its actor checked against the tenant's plan and the actor's role filled in from it.
 */
export async function recordLedgerEvent(event: NewEvent, options: { readonly source: EventSource; readonly dir?: string }): Promise<AppendedEvent> {
  const { openLedger } = await import('../../audit/index.ts');
  const people = await actorsFor(event.tenant);
  const role = event.actor.role ?? people.roleOf(event.actor.id);
  const withRole = role ? { ...event, actor: { ...event.actor, role } } : event;
  return ledgerCall(() => openLedger(options.dir, { actors: people.directory, source: options.source }).append(withRole));
}

interface AppendOptions {
  tenant: string;
  type: string;
  actor: string;
  outcome: string;
  detail: string[];
  object: string[];
  onBehalfOf?: string;
  accessPoint?: string;
  time?: string;
  dir?: string;
}

interface ShowOptions {
  tenant?: string;
  type?: string;
  since?: string;
  until?: string;
  offset: number;
  limit?: number;
  reverse?: boolean;
  format: string;
  as?: string;
  accessPoint?: string;
  dir?: string;
}

/** The people who may act for a tenant, from its plan; `platform` has none (service identities only). */
async function actorsFor(tenant: string): Promise<{ directory: ActorDirectory; roleOf: (id: string) => string | undefined }> {
  const { peopleDirectory, PLATFORM_TENANT } = await import('../../audit/index.ts');
  if (tenant === PLATFORM_TENANT) return { directory: peopleDirectory(new Map()), roleOf: () => undefined };
  const { findTenant } = await import('../../tenancy/index.ts');
  const plan = await findTenant(tenant);
  if (!plan) throw new CliError(`tenant "${tenant}" has no valid plan in sandbox-templates/tenants/ (see \`sandbox validate\`)`, 1);
  return { directory: peopleDirectory(new Map([[tenant, plan.people]])), roleOf: (id) => plan.people.find((p) => p.id === id)?.role };
}

/** The ledger's errors as exit codes: 1 rejected input (a bad query bound too), 2 unreadable. */
function ledgerCall<T>(call: () => Promise<T>): Promise<T> {
  return cliCall(call, { prefix: 'sandbox ledger', badInput: [RangeError] });
}

function describeVerify(result: VerifyResult, dir: string, pub: string | undefined, anchor: { seq: number; hash: string } | undefined): string {
  const lines: string[] = [];
  if (result.ok) {
    lines.push(
      result.events === 0
        ? `ledger ${dir} is empty: nothing to verify`
        : `ledger intact: ${result.events} events in ${result.segments} segment(s); ${result.checkpoints} checkpoint signature(s) and the signed head verified; last seq ${result.head?.seq}`,
    );
    if (anchor && result.events > 0) lines.push(`it reaches the anchor ${anchor.seq}:${anchor.hash} (not rolled back)`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  if (result.ok && result.events > 0 && !pub) lines.push(`note: checked against ${path.join(dir, 'ledger.pub')}; pass --pub with the published key to rule out a replaced key`);
  if (result.ok && result.head) lines.push(`head ${result.head.seq}:${result.head.hash} (keep it elsewhere; check later with --expect-head)`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `<seq>:<sha256 hex>`, as verify prints the head. */
function anchorOption(value: string): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new CliError(`--expect-head must be <seq>:<sha256 hex> as \`sandbox ledger verify\` prints the head, got "${value}"`, 1);
  return { seq: Number(match[1]), hash: match[2]! };
}

function printText(): { event(e: LedgerEvent): void; end(shown: number, total: number): void } {
  return {
    event(e) {
      const actor = `${e.actor.id}${e.actor.onBehalfOf ? ` for ${e.actor.onBehalfOf}` : ''}`;
      const objects = (e.objects ?? []).map((o) => `${o.kind}:${o.id}`).join(',');
      const details = e.details && Object.keys(e.details).length > 0 ? ` ${JSON.stringify(e.details)}` : '';
      process.stdout.write(`${e.seq}\t${e.time}\t${e.tenant}\t${e.type}\t${e.outcome}\t${actor}${objects ? `\t${objects}` : ''}${details}\n`);
    },
    end(shown, total) {
      process.stderr.write(`${shown} of ${total} matching event(s)\n`);
    },
  };
}

/** Streams `{ "events": [ … ] }` so that a large ledger never sits in memory as one string. */
function printJson(): { event(e: LedgerEvent): void; end(): void } {
  let first = true;
  process.stdout.write('{ "events": [');
  return {
    event(e) {
      process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(e)}`);
      first = false;
    },
    end() {
      process.stdout.write(`${first ? '' : '\n'}] }\n`);
    },
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseDetail(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new CliError(`--detail "${text}": expected key=value`, 1);
  return [text.slice(0, at), text.slice(at + 1)];
}

function parseObject(text: string): EventObject {
  const match = /^([^:]+):(.+?)(?::([0-9a-f]{64}))?$/.exec(text);
  if (!match) throw new CliError(`--object "${text}": expected kind:id or kind:id:sha256`, 1);
  return { kind: match[1]!, id: match[2]!, ...(match[3] && { sha256: match[3] }) };
}

function wholeNumber(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new CliError(`${option} must be a whole number, got "${value}"`, 1);
    return Number(value);
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${option} must be one of ${allowed.join(', ')}, got "${value}"`, 1);
  return value as T;
}
