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

/** A key that can be written after a dot; any other (empty, spaced, dotted) is shown quoted: `spec["a b"]`. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (!PLAIN_KEY.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * True when one path lies on or under the other (`spec` and `spec.people[1].role`): a problem at
 * one says something about both. A `*` segment stands for any key or list index.
 */
export function pathsOverlap(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== '*' && b[i] !== '*' && String(a[i]) !== String(b[i])) return false;
  }
  return true;
}

export function formatIssue(issue: PlanIssue, displayFile: string = issue.file): string {
  const where = issue.line === undefined ? displayFile : `${displayFile}:${issue.line}`;
  const field = issue.path === '' ? '' : ` ${issue.path}:`;
  return `${where}:${field} ${issue.message} [${issue.rule}]`;
}
