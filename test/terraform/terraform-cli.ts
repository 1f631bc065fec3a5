import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs the real terraform CLI on synthesized tenants, offline: providers come from a local
 * filesystem mirror, credentials are fake, and the provider's skip flags and a fake account id are
 * injected by an override file that exists only in the test's temporary directory.
 */

export interface TerraformTooling {
  readonly bin: string;
  /** The directory above `registry.terraform.io`. */
  readonly pluginDir: string;
  readonly awsProviderVersion: string;
}

export type Located = { readonly ok: true; readonly tooling: TerraformTooling } | { readonly ok: false; readonly reason: string };

export const FAKE_ACCOUNT_ID = '123456789012';

const PLATFORM = `${process.platform === 'win32' ? 'windows' : process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The aws provider versions a plugin directory holds for this platform (5.x and 6.x only). */
function awsVersionsIn(pluginDir: string): string[] {
  const base = path.join(pluginDir, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(base)) return [];
  return readdirSync(base).filter((version) => {
    const dir = path.join(base, version, PLATFORM);
    return /^[56]\.\d+\.\d+$/.test(version) && existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('terraform-provider-aws'));
  });
}

/** `TF_PROVIDER_MIRROR`, then the usual places for an offline mirror (the machine image keeps one under /opt/tf-plugins; README: "The two commands"). */
function pluginDirCandidates(): string[] {
  const home = os.homedir();
  const optDirs = existsSync('/opt') ? readdirSync('/opt').map((d) => path.join('/opt', d)) : [];
  return [
    process.env.TF_PROVIDER_MIRROR,
    '/opt/tf-plugins',
    ...optDirs,
    path.join(home, '.terraform.d', 'plugins'),
    path.join(home, '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ].filter((d): d is string => !!d);
}

export function locateTerraform(): Located {
  const bin = process.env.TERRAFORM_BIN ?? onPath('terraform');
  if (!bin) return { ok: false, reason: 'terraform is not on PATH (set TERRAFORM_BIN to use another binary)' };
  for (const pluginDir of pluginDirCandidates()) {
    const versions = awsVersionsIn(pluginDir);
    const newest = versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
    if (newest) return { ok: true, tooling: { bin, pluginDir, awsProviderVersion: newest } };
  }
  return { ok: false, reason: `no hashicorp/aws 5.x/6.x provider for ${PLATFORM} in a local mirror (set TF_PROVIDER_MIRROR to the directory above registry.terraform.io)` };
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Test harness only: what lets `terraform plan` run without an AWS account or network. */
const OFFLINE_OVERRIDE = {
  '//': 'Test harness only (never in the product output): offline provider, fake account id.',
  provider: {
    aws: {
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    },
  },
  // The caller-identity lookup would call STS; the account id comes from the local instead.
  data: { aws_caller_identity: { current: { count: 0 } } },
  locals: { account_id: FAKE_ACCOUNT_ID },
};

/**
 * Temporary working directories sharing one TF_DATA_DIR: `terraform init` copies the provider
 * (hundreds of MB) once, and every other directory reuses it with a copy of the lock file.
 */
export class TerraformWorkspace {
  readonly root: string;
  readonly tooling: TerraformTooling;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(root: string, tooling: TerraformTooling) {
    this.root = root;
    this.tooling = tooling;
    this.env = {
      PATH: process.env.PATH,
      HOME: root,
      TMPDIR: os.tmpdir(),
      TF_DATA_DIR: path.join(root, 'tf-data'),
      TF_CLI_CONFIG_FILE: path.join(root, 'terraformrc'),
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-for-offline-tests',
      AWS_CONFIG_FILE: path.join(root, 'aws-config-none'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'aws-credentials-none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  static async create(tooling: TerraformTooling): Promise<TerraformWorkspace> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sandbox-terraform-'));
    await writeFile(path.join(root, 'terraformrc'), '# empty: no plugin cache, no network mirrors\n');
    return new TerraformWorkspace(root, tooling);
  }

  /** A working directory with the given files and the offline override. */
  async addConfig(name: string, files: Readonly<Record<string, string>>): Promise<string> {
    const dir = path.join(this.root, 'configs', name.replace(/[^a-z0-9-]/gi, '_'));
    await mkdir(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content);
    await writeFile(path.join(dir, 'zz_test_override.tf.json'), `${JSON.stringify(OFFLINE_OVERRIDE, null, 2)}\n`);
    return dir;
  }

  run(args: readonly string[], cwd: string, stdin?: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.tooling.bin, args, { cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin ?? '');
    });
  }

  /** Installs the provider from the mirror into the shared data dir and hands its lock file to every directory. */
  async init(first: string, others: readonly string[]): Promise<RunResult> {
    const result = await this.run(['init', `-plugin-dir=${this.tooling.pluginDir}`, '-backend=false', '-input=false', '-no-color'], first);
    if (result.code === 0) {
      for (const dir of others) await copyFile(path.join(first, '.terraform.lock.hcl'), path.join(dir, '.terraform.lock.hcl'));
    }
    return result;
  }

  validate(dir: string): Promise<RunResult> {
    return this.run(['validate', '-json', '-no-color'], dir);
  }

  plan(dir: string): Promise<RunResult> {
    return this.run(['plan', '-refresh=false', '-lock=false', '-input=false', '-no-color'], dir);
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Runs `task` over `items`, at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
