import { h, type Html } from '../html.ts';
import type { RunRecord } from '../ledger-evidence.ts';
import { actor, eventCell, hash, table, type People } from './format.ts';

/** The test log (Annex IV 2(g)): each model run with its data, model, command, result and outputs. */
export function renderRuns(runs: readonly RunRecord[], people: People, options: { readonly withOutputs: boolean }): Html {
  if (runs.length === 0) return h`<p class="muted">No model run is recorded.</p>`;
  const rows = runs.map((r) => [
    h`<code>${r.runId}</code>`,
    actor(r.started?.actor ?? r.finished?.actor, people, r.started?.actorRole),
    eventCell(r.started, people),
    r.finished ? h`${eventCell(r.finished, people)}<br>exit ${r.exitCode ?? '?'}${r.durationMs !== undefined ? h`, ${(r.durationMs / 1000).toFixed(1)} s` : ''}` : h`<span class="warn">no finished record</span>`,
    h`<code>${r.command ?? '?'}</code>${r.network ? h`<br><span class="muted">network: ${r.network}</span>` : ''}`,
    h`dataset ${hash(r.datasetSha256)}<br>model ${hash(r.modelDigest?.replace(/^sha256:/, ''))}`,
    h`${hash(r.outputsSha256)}${options.withOutputs && r.outputs.length > 0 ? h`<ul>${r.outputs.map((o) => h`<li><code>${o.id}</code> ${hash(o.sha256)}</li>`)}</ul>` : h`<br><span class="muted">${r.outputs.length} file(s)</span>`}`,
  ]);
  return table(['run', 'innovator', 'started', 'finished', 'command', 'data and model', 'outputs'], rows, { rowClass: (i) => (runs[i]!.finished?.outcome === 'failure' ? 'failed' : undefined) });
}
