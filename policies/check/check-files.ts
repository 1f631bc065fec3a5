import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PLATFORM_DIR, tenantLayout } from '../../common/build-layout.ts';
import { ENGINE_NAMES } from '../../stacks/engine.ts';
import type { NormalisedArtifact } from '../model/resource.ts';
import { normaliseText } from '../normalise/index.ts';
import { checkNormalised, mayBeArtifact, type CheckOptions, type CheckResult, type InputProblem } from './check-artifacts.ts';

/** Directories that never hold artifacts worth checking, however deep the walk goes. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

function entries(dir: string) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(e.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** The artifact folders of a tenant's build directory (`<id>/aws`, `<id>/terraform`, `<id>/kubernetes`). */
function artifactFolders(tenantDir: string): string[] {
  const layout = tenantLayout(path.dirname(tenantDir), path.basename(tenantDir));
  return ENGINE_NAMES.map((engine) => layout.engineDir(engine)).filter(isDir);
}

/**
 * A tenant's build directory: artifact folders beside what only synth, run, export and the
 * reports leave there, so that a source folder that merely has an `aws/` is not taken for one.
 */
function isTenantBuildDirectory(dir: string): boolean {
  if (artifactFolders(dir).length === 0) return false;
  const layout = tenantLayout(path.dirname(dir), path.basename(dir));
  return [layout.fingerprintFile, layout.synthStateFile, layout.findingsFile, layout.rejectedFindingsFile, layout.dataDir, layout.runsDir, layout.exportsDir, layout.reportJson, layout.exitReport].some(existsSync);
}

/** The build directory: tenants' build directories and the platform's. */
function isBuildDirectory(dir: string): boolean {
  return isDir(path.join(dir, PLATFORM_DIR)) || entries(dir).some((e) => e.isDirectory() && isTenantBuildDirectory(path.join(dir, e.name)));
}

/** A file a directory walk found, and whether it sits where only artifacts belong. */
interface Found {
  readonly file: string;
  /** In an artifact folder of a build directory (`<id>/aws`, `<id>/terraform`, `<id>/kubernetes`, `platform/`). */
  readonly artifactFolder: boolean;
}

/** Every file below `dir` that may be an artifact. */
function walkAll(dir: string, out: Found[], artifactFolder: boolean): void {
  for (const entry of entries(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walkAll(full, out, artifactFolder);
    else if (entry.isFile() && mayBeArtifact(entry.name)) out.push({ file: full, artifactFolder });
  }
}

/**
 * Files to check below `dir`. In a build directory only the artifact folders count: innovators'
 * runs and exports, datasets and reports sit beside them, and a truncated output or one shaped
 * like a template is no infrastructure of the tenant (common/build-layout.ts).
 */
function walk(dir: string, out: Found[]): void {
  if (isTenantBuildDirectory(dir)) {
    for (const folder of artifactFolders(dir)) walkAll(folder, out, true);
  } else if (isBuildDirectory(dir)) {
    for (const entry of entries(dir)) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === PLATFORM_DIR) walkAll(full, out, true);
      else for (const folder of artifactFolders(full)) walkAll(folder, out, true);
    }
  } else {
    for (const entry of entries(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, out);
      else if (entry.isFile() && mayBeArtifact(entry.name)) out.push({ file: full, artifactFolder: false });
    }
  }
}

export interface FileCheckOptions extends CheckOptions {
  /** How files are shown in findings; default: relative to the working directory. */
  readonly display?: (file: string) => string;
}

/**
 * Checks files and directories: every CloudFormation, Terraform JSON and Kubernetes YAML file
 * found (in a build directory, in its artifact folders only), format told by content. An input
 * problem (exit 2) is: a named file that cannot be read or recognised, a directory without any
 * artifact, any artifact that does not parse, a file shaped like an artifact that is not a valid
 * one (a resource type CloudFormation does not have, a stray document among manifests), and any
 * file in a build directory's artifact folders that is no artifact. Only in other directories is
 * JSON or YAML that is plainly no artifact (a package.json, a data manifest) skipped, and listed.
 */
export function checkFiles(paths: readonly string[], options: FileCheckOptions = {}): CheckResult {
  const display = options.display ?? ((file: string) => path.relative(process.cwd(), file) || file);
  const problems: InputProblem[] = [];
  const skipped: string[] = [];
  const artifacts: NormalisedArtifact[] = [];
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(given).isDirectory();
    } catch {
      problems.push({ file: given, message: 'does not exist' });
      continue;
    }
    const files: Found[] = [];
    if (isDirectory) walk(given, files);
    else files.push({ file: given, artifactFolder: false });
    let found = 0;
    for (const { file, artifactFolder } of files) {
      const shown = display(path.resolve(file));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        problems.push({ file: shown, message: `cannot be read (${(error as Error).message})` });
        continue;
      }
      const result = normaliseText(shown, text);
      if (result.ok) {
        artifacts.push(result.artifact);
        found++;
      } else if (isDirectory && (result.problem === 'not-an-artifact' || (result.problem === 'unrecognised' && !artifactFolder))) skipped.push(shown);
      else if (result.problem === 'unrecognised' && artifactFolder) problems.push({ file: shown, message: `${result.message}, yet it sits in an artifact folder of a build directory, where only artifacts belong` });
      else problems.push({ file: shown, message: result.message });
    }
    if (isDirectory && found === 0) problems.push({ file: given, message: 'contains no CloudFormation, Terraform JSON or Kubernetes YAML file' });
  }
  return checkNormalised(artifacts, options, problems, skipped);
}
