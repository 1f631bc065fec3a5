/**
 * A workflow that will not do what it was asked: the wrong person, the wrong role, a tenant that
 * is suspended or has exited, a file outside the run. The CLI prints its message and exits 1 (no
 * stack trace: it is never a bug); where the attempt matters to a supervisor, the workflow has
 * already recorded a `denied` event before throwing.
 */
export class WorkflowRefusal extends Error {
  override readonly name = 'WorkflowRefusal';
}
