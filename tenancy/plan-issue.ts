/**
 * A problem found in a plan or profile, as a value: the file, the field path, the rule it broke,
 * and a sentence a platform engineer can act on. Rule ids are stable (scripts may grep them).
 */
export interface PlanIssue {
  readonly file: string;
  /** Dotted path with array indexes, e.g. `spec.people[1].role`; empty for the whole file. */
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  /** 1-based line of the offending node, where the YAML source is known. */
  readonly line?: number;
}

export type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function formatIssue(issue: PlanIssue, displayFile: string = issue.file): string {
  const where = issue.line === undefined ? displayFile : `${displayFile}:${issue.line}`;
  const field = issue.path === '' ? '' : ` ${issue.path}:`;
  return `${where}:${field} ${issue.message} [${issue.rule}]`;
}
