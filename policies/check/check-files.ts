import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NormalisedArtifact } from '../model/resource.ts';
import { normaliseText } from '../normalise/index.ts';
import { checkNormalised, mayBeArtifact, type CheckOptions, type CheckResult, type InputProblem } from './check-artifacts.ts';

/** Directories that never hold artifacts worth checking, however deep the walk goes. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && mayBeArtifact(entry.name)) out.push(full);
  }
}

export interface FileCheckOptions extends CheckOptions {
  /** How files are shown in findings; default: relative to the working directory. */
  readonly display?: (file: string) => string;
}

/**
 * Checks files and directories: every CloudFormation, Terraform JSON and Kubernetes YAML file
 * found, format told by content. A named file that cannot be read or recognised, a directory
 * without any artifact, or any artifact that does not parse is an input problem (exit 2); in a
 * directory, JSON or YAML that is no artifact (a data manifest) is skipped and listed.
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
    const files: string[] = [];
    if (isDirectory) walk(given, files);
    else files.push(given);
    let found = 0;
    for (const file of files) {
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
      } else if (result.problem === 'unrecognised' && isDirectory) skipped.push(shown);
      else problems.push({ file: shown, message: result.message });
    }
    if (isDirectory && found === 0) problems.push({ file: given, message: 'contains no CloudFormation, Terraform JSON or Kubernetes YAML file' });
  }
  return checkNormalised(artifacts, options, problems, skipped);
}
