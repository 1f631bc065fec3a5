import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventObject, JsonValue } from '../audit/index.ts';
import { replaceDirectory, writeFileAtomic } from '../common/atomic-write.ts';
import { authorise, statusBlocks } from './authorisation.ts';
import { checkRequestedPath, resolveOutputFile } from './export-paths.ts';
import { sha256File } from '../common/sha256.ts';
import { listingSha256 } from './file-listing.ts';
import { newRequestId, REQUEST_ID_PATTERN, RUN_ID_PATTERN } from './ids.ts';
import { tenantExports, tenantRuns, type ExportHistory } from './ledger-history.ts';
import { RUN_OUTPUT_DIR, RUN_RECORD_FILE, type RunRecord } from './model-run.ts';
import { WorkflowRefusal } from './refusal.ts';
import { personActor, refuse, type TenantContext } from './tenant-context.ts';

/**
 * The export airlock (AI Act Art. 59(1)(e); EHDS Art. 73(2)): results leave a tenant only when an
 * innovator asks for named files of a recorded run and a data steward who is not the requester
 * approves them; the approved bytes are the requested bytes (hashes checked at request, at
 * approval and after copying), and every step is a ledger event. The ledger holds the state;
 * `exports/requests/<id>.json` mirrors it for people browsing build/.
 */

/** Files per request: one event holds at most 100 objects. */
export const MAX_EXPORT_FILES = 99;
export const EXPORT_FILES_DIR = 'files';
export const EXPORT_MANIFEST_FILE = 'manifest.json';
export const REQUESTS_DIR = 'requests';

export interface RequestedFile {
  /** The path relative to the run's output directory. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface ExportRequestInput {
  readonly personId: string;
  readonly runId: string;
  readonly files: readonly string[];
  readonly reason?: string | undefined;
}

/** What the ledger names a requested file: `runs/<runId>/<path in the output directory>`. */
export function exportFileId(runId: string, relative: string): string {
  return `runs/${runId}/${relative}`;
}

function fileObjects(runId: string, files: readonly { path: string; sha256: string }[]): EventObject[] {
  return files.map((f) => ({ kind: 'file', id: exportFileId(runId, f.path), sha256: f.sha256 }));
}

function mirrorFile(ctx: TenantContext, requestId: string): string {
  return path.join(ctx.layout.exportsDir, REQUESTS_DIR, `${requestId}.json`);
}

async function writeMirror(ctx: TenantContext, requestId: string): Promise<void> {
  const state = (await tenantExports(ctx.ledger.dir, ctx.plan.tenant.id, ctx.plan.tenant.people)).find((r) => r.requestId === requestId);
  if (state) await writeFileAtomic(mirrorFile(ctx, requestId), `${JSON.stringify({ tenant: ctx.plan.tenant.id, ...state }, null, 2)}\n`);
}

/** The outputs a run recorded, as run.json lists them, held to the hash the ledger recorded. */
async function recordedOutputs(ctx: TenantContext, runId: string): Promise<{ outputDir: string; outputs: Map<string, string> } | string> {
  const run = (await tenantRuns(ctx.ledger.dir, ctx.plan.tenant.id)).find((r) => r.runId === runId);
  if (!run) return `run ${runId} is not a recorded run of tenant ${ctx.plan.tenant.id}`;
  if (!run.finished) return `run ${runId} has not finished`;
  const runDir = ctx.layout.runDir(runId);
  let record: RunRecord;
  try {
    record = JSON.parse(await readFile(path.join(runDir, RUN_RECORD_FILE), 'utf8')) as RunRecord;
  } catch {
    return `run ${runId} has no readable ${RUN_RECORD_FILE} in ${runDir}`;
  }
  if (!Array.isArray(record.outputs) || listingSha256(record.outputs) !== run.finished.outputsSha256) {
    return `${RUN_RECORD_FILE} of run ${runId} does not match the outputs the ledger recorded for it (seq ${run.finished.seq})`;
  }
  return { outputDir: path.join(runDir, RUN_OUTPUT_DIR), outputs: new Map(record.outputs.map((o) => [o.path, o.sha256])) };
}

/**
 * Checks one requested path against the run: inside its output directory, a regular file, and
 * byte for byte what the run wrote. Returns the file or why not.
 */
async function checkRunFile(outputDir: string, outputs: ReadonlyMap<string, string>, raw: string): Promise<{ file: string; path: string; sha256: string } | string> {
  const checked = checkRequestedPath(raw);
  if (!checked.ok) return checked.message;
  const resolved = await resolveOutputFile(outputDir, checked.path);
  if (!resolved.ok) return resolved.message;
  const recorded = outputs.get(resolved.path);
  if (!recorded) return `"${raw}" is not an output the run recorded`;
  const sha256 = await sha256File(resolved.file);
  if (sha256 !== recorded) return `"${raw}" changed after the run (sha256 ${sha256.slice(0, 12)}…, the run recorded ${recorded.slice(0, 12)}…)`;
  return { file: resolved.file, path: resolved.path, sha256 };
}

export async function requestExport(ctx: TenantContext, input: ExportRequestInput): Promise<{ requestId: string; files: RequestedFile[] }> {
  const { tenant } = ctx.plan;
  const attempt: Record<string, JsonValue> = { runId: input.runId.slice(0, 100), files: input.files.length };
  const auth = authorise(tenant, input.personId, 'export request');
  if (!auth.ok) return refuse(ctx, 'export.requested', input.personId, auth.person, auth.message, attempt);
  const person = auth.person;
  const deny = (message: string) => refuse(ctx, 'export.requested', person.id, person, message, attempt);
  const blocked = statusBlocks(tenant, 'export requests', ['active']);
  if (blocked) return deny(blocked);
  if (!RUN_ID_PATTERN.test(input.runId)) return deny(`--run "${input.runId}" is not a run id (r-<yyyymmddThhmmss>-<4 hex>); see \`sandbox export list\` or build/${tenant.id}/runs/`);
  if (input.files.length === 0) throw new WorkflowRefusal('name at least one file with --file');
  if (input.files.length > MAX_EXPORT_FILES) throw new WorkflowRefusal(`at most ${MAX_EXPORT_FILES} files per request; put more into an archive inside the run first`);
  const run = await recordedOutputs(ctx, input.runId);
  if (typeof run === 'string') return deny(run);

  const files: RequestedFile[] = [];
  const problems: string[] = [];
  for (const raw of input.files) {
    const checked = await checkRunFile(run.outputDir, run.outputs, raw);
    if (typeof checked === 'string') problems.push(checked);
    else if (!files.some((f) => f.path === checked.path)) files.push({ path: checked.path, sha256: checked.sha256, size: (await stat(checked.file)).size });
  }
  if (problems.length > 0) return deny(`export request refused: ${problems.join('; ')}`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const requestId = newRequestId();
  await ctx.ledger.append({
    tenant: tenant.id,
    type: 'export.requested',
    outcome: 'success',
    actor: personActor(ctx, person),
    objects: fileObjects(input.runId, files),
    authorisation: { plan: tenant.id, exportRequest: requestId },
    details: { requestId, runId: input.runId, files: files.length, ...(input.reason && { reason: input.reason.slice(0, 500) }) },
  });
  await writeMirror(ctx, requestId);
  return { requestId, files };
}

export interface ExportDecisionInput {
  readonly personId: string;
  readonly requestId: string;
  readonly decision: 'approve' | 'reject';
  readonly reason: string;
}

export interface ExportDecision {
  readonly request: ExportHistory;
  /** Where the approved files were copied (approve only). */
  readonly destination: string | null;
}

export async function decideExport(ctx: TenantContext, input: ExportDecisionInput): Promise<ExportDecision> {
  const { tenant } = ctx.plan;
  const type = input.decision === 'approve' ? 'export.approved' : 'export.rejected';
  if (!REQUEST_ID_PATTERN.test(input.requestId)) throw new WorkflowRefusal(`"${input.requestId}" is not an export request id (x-<yyyymmddThhmmss>-<4 hex>); see \`sandbox export list ${tenant.id}\``);
  const request = (await tenantExports(ctx.ledger.dir, tenant.id, tenant.people)).find((r) => r.requestId === input.requestId);
  if (!request) throw new WorkflowRefusal(`tenant ${tenant.id} has no export request ${input.requestId} in the ledger; see \`sandbox export list ${tenant.id}\``);
  const attempt: Record<string, JsonValue> = { requestId: request.requestId, requestedBy: request.requestedBy };
  // The four-eyes rule comes first: whoever asked for the export never decides on it, whatever
  // role the plan gives them now.
  if (input.personId === request.requestedBy) {
    const others = tenant.people.filter((p) => p.role === 'data-steward' && p.id !== input.personId).map((p) => p.id);
    const message = `${input.personId} requested ${request.requestId} and cannot ${input.decision} it; another data steward must (${others.join(', ') || 'none in the plan'})`;
    return refuse(ctx, type, input.personId, tenant.people.find((p) => p.id === input.personId), message, attempt);
  }
  const auth = authorise(tenant, input.personId, `export ${input.decision}`);
  if (!auth.ok) return refuse(ctx, type, input.personId, auth.person, auth.message, attempt);
  const person = auth.person;
  const deny = (message: string) => refuse(ctx, type, person.id, person, message, attempt);
  if (request.state !== 'pending') {
    return deny(`export request ${request.requestId} was already ${request.state} by ${request.decision?.by ?? '?'} (seq ${request.decision?.seq ?? '?'})`);
  }
  const objects = request.files.map((f) => ({ kind: 'file', id: f.id, sha256: f.sha256 }));
  const decided = {
    tenant: tenant.id,
    actor: personActor(ctx, person),
    objects,
    authorisation: { plan: tenant.id, exportRequest: request.requestId },
    details: { requestId: request.requestId, reason: input.reason.slice(0, 500), requestedBy: request.requestedBy },
  };
  if (input.decision === 'reject') {
    await ctx.ledger.append({ ...decided, type: 'export.rejected', outcome: 'success' });
    await writeMirror(ctx, request.requestId);
    return { request: { ...request, state: 'rejected' }, destination: null };
  }

  const blocked = statusBlocks(tenant, 'export approvals', ['active']);
  if (blocked) return deny(blocked);
  const destination = ctx.layout.exportDir(request.requestId);
  const relativeDestination = `exports/${request.requestId}/`;
  const outputDir = path.join(ctx.layout.runDir(request.runId), RUN_OUTPUT_DIR);
  const prefix = exportFileId(request.runId, '');
  const sources: { file: string; path: string; sha256: string }[] = [];
  const changed: string[] = [];
  for (const f of request.files) {
    const relative = f.id.slice(prefix.length);
    const checked = await checkRunFile(outputDir, new Map([[relative, f.sha256]]), relative);
    if (typeof checked === 'string') changed.push(checked);
    else sources.push(checked);
  }
  if (changed.length > 0) {
    const message = `export request ${request.requestId} cannot be approved: ${changed.join('; ')}; the files must be exactly those requested`;
    await ctx.ledger.append({ ...decided, type: 'export.approved', outcome: 'failure', details: { ...decided.details, reason: message.slice(0, 500) } });
    throw new WorkflowRefusal(message);
  }

  // The copy is filled beside its destination and renamed into place only after the copies were
  // re-hashed and the approval and release are durable in the ledger.
  await replaceDirectory(destination, async (tmp) => {
    const manifest = [];
    for (const source of sources) {
      const target = path.join(tmp, EXPORT_FILES_DIR, source.path);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(source.file, target);
      const copied = await sha256File(target);
      if (copied !== source.sha256) throw new WorkflowRefusal(`"${source.path}" changed while it was being copied; nothing was released`);
      manifest.push({ path: `${EXPORT_FILES_DIR}/${source.path}`, source: exportFileId(request.runId, source.path), sha256: copied, size: (await stat(target)).size });
    }
    const body = { requestId: request.requestId, tenant: tenant.id, runId: request.runId, requestedBy: request.requestedBy, approvedBy: person.id, reason: input.reason, files: manifest };
    await writeFileAtomic(path.join(tmp, EXPORT_MANIFEST_FILE), `${JSON.stringify(body, null, 2)}\n`);
    await ctx.ledger.appendBatch([
      { ...decided, type: 'export.approved', outcome: 'success' },
      { ...decided, type: 'export.released', outcome: 'success', details: { requestId: request.requestId, destination: relativeDestination } },
    ]);
  });
  await writeMirror(ctx, request.requestId);
  return { request: { ...request, state: 'released' }, destination };
}

export async function listExports(ctx: TenantContext): Promise<ExportHistory[]> {
  return tenantExports(ctx.ledger.dir, ctx.plan.tenant.id, ctx.plan.tenant.people);
}
