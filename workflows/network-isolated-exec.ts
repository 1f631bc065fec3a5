import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { shellQuote } from './shell-words.ts';

/**
 * Runs a command the way a model runs inside a tenant (AI Act Art. 59(1)(d)-(e): an isolated
 * environment that nothing leaves): in new user, network, IPC, UTS, mount and PID namespaces made
 * with util-linux `unshare`, which needs no root. The new network namespace holds only a loopback
 * that is down, so not even the host's 127.0.0.1 is reachable; the new IPC namespace keeps the
 * host's System V and POSIX message queues out of reach. Inside the mount namespace the
 * directories named `hidden`, and the places where host services keep their Unix sockets and
 * their users their credentials (/tmp, /run, $XDG_RUNTIME_DIR, $HOME, the temporary directory),
 * are covered by an empty read-only tmpfs; the `readOnly` paths are bound read-only and the
 * `writable` ones read-write, each at its own path; any other socket a host process has bound
 * to a path is covered by /dev/null; every other file system is remounted read-only, so the only
 * way out for results is the writable directory (and from there the export airlock). A socket
 * on a read-only file system still accepts connections, hence the covering rather than relying
 * on the read-only remount.
 *
 * Before the command starts, a shell script inside the namespaces checks what it was promised:
 * another network namespace than the host's, no interface but `lo`, and every read-only path
 * refusing a write. Only then does it signal "ready" on a private pipe. A run whose sandbox could
 * not be built (a kernel without unprivileged user namespaces, a missing `unshare`) therefore
 * never runs with network: it is reported as IsolationUnavailable.
 */

export interface IsolatedCommand {
  /** argv[0] is looked up in env.PATH inside the sandbox. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Host paths (files or directories) the command sees read-only at the same path. */
  readonly readOnly: readonly string[];
  /** Host directories the command may write, at the same path. */
  readonly writable: readonly string[];
  /** Directories the command must not see (other tenants' data, the ledger): an empty read-only tmpfs covers them, as it covers the host's own (see hostPrivateDirs). */
  readonly hidden: readonly string[];
  /** Files it must not read (a signing key kept outside the hidden directories): /dev/null covers them. */
  readonly hiddenFiles?: readonly string[];
  /** Default: stdin, stdout and stderr of this process. */
  readonly stdio?: 'inherit' | 'pipe';
}

export interface IsolatedResult {
  /** The command's exit code; 128 + n when signal n ended it (the shell's convention). */
  readonly exitCode: number;
  readonly durationMs: number;
  /** The working directory the command ran in, also its HOME and TMPDIR (removed afterwards: outputs go to a writable path). */
  readonly workDir: string;
  /** Captured when stdio is 'pipe'. */
  readonly stdout: string;
  readonly stderr: string;
}

export class IsolationUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IsolationUnavailable';
  }
}

const UNSHARE_ARGS = ['--user', '--map-root-user', '--net', '--ipc', '--uts', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc'] as const;
/** Exit status of the set-up script when a promise does not hold (never reaches the command). */
const SETUP_FAILED = 125;

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

interface Bind {
  readonly source: string;
  /** Where it is staged, relative to the staging directory (the script's working directory). */
  readonly stage: string;
  readonly readOnly: boolean;
  readonly isDirectory: boolean;
}

/** A mount of this process's mount namespace, from /proc/self/mountinfo. */
interface HostMount {
  readonly mountPoint: string;
  readonly options: readonly string[];
  readonly fsType: string;
}

/** mountinfo escapes space, tab, newline and backslash as octal (\040 …). */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function hostMounts(): HostMount[] {
  const byPoint = new Map<string, HostMount>();
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6) continue;
    // A later line for the same mount point is the mount on top: the one a path reaches.
    const mountPoint = unescapeMountPath(fields[4]!);
    byPoint.set(mountPoint, { mountPoint, options: fields[5]!.split(','), fsType: fields[dash + 1]! });
  }
  return [...byPoint.values()];
}

const SHARED_MEMORY = '/dev/shm';

/**
 * Where the host keeps what a run must not reach even read-only: service sockets (/run,
 * /var/run, $XDG_RUNTIME_DIR, the X11 and other sockets in /tmp) and a user's credentials and
 * agent sockets ($HOME: ~/.aws, ~/.ssh, ~/.gnupg). The run gets HOME and TMPDIR of its own.
 */
function hostPrivateDirs(): string[] {
  const candidates = ['/tmp', '/run', '/var/run', os.tmpdir(), process.env.XDG_RUNTIME_DIR, process.env.HOME || os.homedir()];
  const dirs: string[] = [];
  for (const dir of candidates) {
    if (!dir || !path.isAbsolute(dir)) continue;
    try {
      // /var/run is usually a link to /run: cover the directory, not the link.
      const real = realpathSync(dir);
      if (real !== '/' && statSync(real).isDirectory()) dirs.push(real);
    } catch {
      // absent here: nothing to cover
    }
  }
  return dirs;
}

/**
 * Unix sockets bound to a path in the host's network namespace (/proc/net/unix), as real paths.
 * Abstract sockets belong to the network namespace and are out of reach already; a socket bound
 * with a relative path cannot be located and is not listed.
 */
function hostSocketPaths(): string[] {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path: the path may itself hold spaces.
    const match = /^\S+:(?: +\S+){6} (\/.*)$/.exec(line);
    if (!match) continue;
    try {
      const real = realpathSync(match[1]!);
      if (statSync(real).isSocket()) found.add(real);
    } catch {
      // the socket file was removed since it was bound
    }
  }
  return [...found];
}

/** Kernel interfaces the command needs as they are (/dev/null, its own /proc) or cannot write anyway. */
const INTERFACE_FS = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'mqueue', 'cgroup', 'cgroup2']);

/**
 * The mounts to make read-only, each with its own flags kept (nosuid, nodev, atime): inside a user
 * namespace the kernel refuses a remount that would clear a flag the outer namespace set.
 */
function mountsToSeal(hidden: readonly string[]): { mountPoint: string; options: string }[] {
  return hostMounts()
    .filter((m) => !INTERFACE_FS.has(m.fsType) && !m.options.includes('ro'))
    .filter((m) => !['/proc', '/sys', SHARED_MEMORY].some((p) => isInside(m.mountPoint, p)))
    .filter((m) => !hidden.some((dir) => isInside(m.mountPoint, dir)))
    .sort((a, b) => a.mountPoint.length - b.mountPoint.length)
    .map((m) => ({ mountPoint: m.mountPoint, options: ['remount', 'bind', 'ro', ...m.options.filter((o) => o !== 'rw')].join(',') }));
}

interface SetupPlan {
  readonly stage: string;
  readonly binds: readonly Bind[];
  readonly hidden: readonly string[];
  readonly hiddenFiles: readonly string[];
  readonly sockets: readonly string[];
  readonly workDir: string;
  readonly hostNet: string;
}

function setupScript({ stage, binds, hidden, hiddenFiles, sockets, workDir, hostNet }: SetupPlan): string {
  // The paths come from the user's build directory and may hold anything.
  const q = shellQuote;
  const lines = [
    'set -eu',
    'user_path=${PATH-}',
    'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    // Set-up messages go to the private pipe (fd 3), so the command keeps this process's stderr.
    `fail() { echo "$*" >&3; exit ${SETUP_FAILED}; }`,
    'exec 4>&2 2>&3',
    // 1. Stage what stays visible before anything is covered (the sources may lie under hidden
    // dirs). The staging directory is itself covered later (it lies in the temporary directory):
    // as the shell's working directory it stays reachable through relative paths, which mount
    // passes to the kernel as they are with --no-canonicalize.
    `cd ${q(stage)}`,
    ...binds.map((b) => `mount --no-canonicalize --bind ${b.readOnly ? '-o ro ' : ''}${q(b.source)} ${q(b.stage)} || fail ${q(`cannot bind ${b.source}`)}`),
    // 2. Cover what must not be seen.
    ...hidden.map((dir) => `mount -t tmpfs -o mode=0755,size=1m sandbox-hidden ${q(dir)} || fail ${q(`cannot hide ${dir}`)}`),
    ...hiddenFiles.map((file) => `mount --bind /dev/null ${q(file)} || fail ${q(`cannot hide ${file}`)}`),
    // 3. Put the visible paths back at their own paths (inside a covered directory they need a mount point).
    ...binds.flatMap((b) => [
      b.isDirectory ? `mkdir -p ${q(b.source)}` : `mkdir -p ${q(path.dirname(b.source))}; [ -e ${q(b.source)} ] || : > ${q(b.source)}`,
      `mount --no-canonicalize --bind ${q(b.stage)} ${q(b.source)} || fail ${q(`cannot bind ${b.source}`)}`,
    ]),
    // Sockets still in sight (outside the covered directories, or inside a bound one) answer
    // connections even on a read-only file system: cover each.
    ...sockets.map((socket) => `mount --bind /dev/null ${q(socket)} || fail ${q(`cannot hide the socket ${socket}`)}`),
    // 4. The covering tmpfs becomes read-only too, and so does every other file system: the
    // writable paths are mounts of their own and stay writable.
    ...hidden.map((dir) => `mount -o remount,ro sandbox-hidden ${q(dir)} || fail ${q(`cannot seal ${dir}`)}`),
    ...mountsToSeal(hidden).map((m) => `mount -o ${m.options} ${q(m.mountPoint)} || fail ${q(`cannot make ${m.mountPoint} read-only`)}`),
    // Shared memory stays usable (data loaders need it) but private: a fresh tmpfs that goes with the sandbox.
    `if [ -d ${SHARED_MEMORY} ]; then mount -t tmpfs -o mode=1777,nosuid,nodev sandbox-shm ${SHARED_MEMORY} || fail ${q(`cannot mount ${SHARED_MEMORY}`)}; fi`,
    // 5. Check the promises before the command runs.
    `[ "$(readlink /proc/self/ns/net)" != ${q(hostNet)} ] || fail "the command would share the host's network namespace"`,
    'n=0',
    'while IFS=: read -r name rest; do',
    '  n=$((n + 1)); [ "$n" -le 2 ] && continue',
    '  name=${name##* }',
    '  [ "$name" = lo ] || fail "network interface $name is present in the sandbox"',
    'done < /proc/net/dev',
    ...binds
      .filter((b) => b.readOnly)
      .map((b) =>
        b.isDirectory
          ? `if (: > ${q(path.join(b.source, '.sandbox-write-probe'))}) 2>/dev/null; then rm -f ${q(path.join(b.source, '.sandbox-write-probe'))}; fail "${b.source} is writable"; fi`
          : `if (: >> ${q(b.source)}) 2>/dev/null; then fail "${b.source} is writable"; fi`,
      ),
    'printf ready >&3',
    'exec 2>&4 3>&- 4>&-',
    `cd ${q(workDir)}`,
    `HOME=${q(workDir)}; TMPDIR=${q(workDir)}; PATH=$user_path; export HOME TMPDIR PATH`,
    // The command runs as a child of this shell, not as PID 1 of the namespace: PID 1 ignores
    // signals it has no handler for, and Ctrl-C should stop a model run like any other command.
    'set +e',
    '"$@"',
    'exit $?',
  ];
  return lines.join('\n');
}

/** Hidden directories that exist, outermost only (an inner one is already covered). */
function coverable(dirs: readonly string[]): string[] {
  const existing = [...new Set(dirs.map((d) => path.resolve(d)))].filter((d) => existsSync(d) && statSync(d).isDirectory()).sort();
  return existing.filter((d, i) => !existing.slice(0, i).some((outer) => isInside(d, outer)));
}

/**
 * Runs `command` isolated; resolves with its exit code. Throws IsolationUnavailable when the
 * sandbox could not be built or a check failed: the command did not run.
 */
export async function runIsolated(command: IsolatedCommand): Promise<IsolatedResult> {
  if (command.argv.length === 0) throw new Error('runIsolated: no command');
  const stage = await mkdtemp(path.join(os.tmpdir(), 'sandbox-run-'));
  try {
    const hidden = coverable([...command.hidden, ...hostPrivateDirs()]);
    const hiddenFiles = (command.hiddenFiles ?? []).map((f) => path.resolve(f)).filter((f) => existsSync(f) && !hidden.some((dir) => isInside(f, dir)));
    const workDir = path.join(stage, 'work');
    await mkdir(workDir);
    const binds: Bind[] = [];
    // The working directory is a writable mount of its own, so it stays writable when the file
    // system it lies on is made read-only.
    const sources = [...command.readOnly.map((p) => ({ p, readOnly: true })), ...[...command.writable, workDir].map((p) => ({ p, readOnly: false }))];
    for (const [i, { p, readOnly }] of sources.entries()) {
      const source = path.resolve(p);
      const isDirectory = statSync(source).isDirectory();
      const at = `b${i}`;
      if (isDirectory) await mkdir(path.join(stage, at));
      else await writeFile(path.join(stage, at), '');
      binds.push({ source, stage: at, readOnly, isDirectory });
    }
    const visible = (file: string) => binds.some((b) => isInside(file, b.source)) || !hidden.some((dir) => isInside(file, dir));
    const sockets = hostSocketPaths().filter(visible);
    const script = setupScript({ stage, binds, hidden, hiddenFiles, sockets, workDir, hostNet: readlinkSync('/proc/self/ns/net') });
    const outcome = await spawnInNamespaces(script, command);
    if (!outcome.ready) {
      const reason = outcome.setupError.trim() || `unshare exited with ${outcome.exitCode}${command.stdio === 'pipe' ? `: ${outcome.stderr.trim()}` : ' (see its message above)'}`;
      throw new IsolationUnavailable(`the network-isolated sandbox could not be set up, so the command was not run: ${reason}`);
    }
    return { exitCode: outcome.exitCode, durationMs: outcome.durationMs, workDir, stdout: outcome.stdout, stderr: outcome.stderr };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

interface SpawnOutcome {
  readonly ready: boolean;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What the set-up script reported on its private pipe when it gave up. */
  readonly setupError: string;
}

function spawnInNamespaces(script: string, command: IsolatedCommand): Promise<SpawnOutcome> {
  return new Promise((resolve) => {
    const capture = command.stdio === 'pipe';
    const stdio: StdioOptions = capture ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['inherit', 'inherit', 'inherit', 'pipe'];
    const started = performance.now();
    let setup = '';
    let stdout = '';
    let stderr = '';
    let interrupts = 0;
    // Ctrl-C reaches the whole process group, the command included: this process waits for the
    // command and records how it ended. A second Ctrl-C, or a SIGTERM, ends the sandbox at once
    // (unshare --kill-child takes the whole PID namespace down with it).
    const onSignal = (signal: NodeJS.Signals) => {
      if (signal === 'SIGINT' && interrupts++ === 0) return;
      child.kill('SIGKILL');
    };
    const child = spawn('unshare', [...UNSHARE_ARGS, '--', '/bin/sh', '-c', script, 'sandbox-run', ...command.argv], { env: { ...command.env }, stdio });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (capture) child.stdin?.end();
    child.stdout?.on('data', (d: Buffer) => (stdout += d));
    child.stderr?.on('data', (d: Buffer) => (stderr += d));
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (d: Buffer) => (setup += d));
    const finish = (exitCode: number) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const ready = setup.endsWith('ready');
      resolve({ ready, exitCode, durationMs: Math.round(performance.now() - started), stdout, stderr, setupError: ready ? '' : setup });
    };
    child.on('error', (error) => {
      setup += `${error.message}\n`;
      finish(SETUP_FAILED);
    });
    child.on('close', (code, signal) => {
      if (code !== null) finish(code);
      else finish(128 + (os.constants.signals[signal as keyof typeof os.constants.signals] ?? 0));
    });
  });
}

/**
 * Whether the sandbox can be built here at all, checked with a command that does nothing: the
 * model-run workflow asks before it records a run, so a refused run leaves no `started` event.
 */
export async function probeIsolation(env: Readonly<Record<string, string>>): Promise<string | undefined> {
  try {
    await runIsolated({ argv: ['true'], env, readOnly: [], writable: [], hidden: [], stdio: 'pipe' });
    return undefined;
  } catch (error) {
    if (error instanceof IsolationUnavailable) return error.message;
    throw error;
  }
}
