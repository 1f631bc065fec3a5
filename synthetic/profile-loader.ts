import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { parse as parseYaml } from 'yaml';
import { sha256Hex } from '../common/sha256.ts';
import { DATASET_PROFILES_DIR, PROJECT_ROOT } from '../tenancy/paths.ts';
import { SyntheticDataError } from './errors.ts';
import { placeholdersIn, STATIC_PLACEHOLDERS } from './note-templates.ts';
import { datasetProfileSchema, type DatasetProfileSpec } from './profile-schema.ts';

export interface DatasetProfile {
  readonly name: string;
  /** Where it was read from, relative to the project when inside it (for messages and the datasheet). */
  readonly file: string;
  /** sha256 of the canonical JSON (RFC 8785) of the parsed YAML: comments and layout do not count. */
  readonly sha256: string;
  readonly document: DatasetProfileSpec;
}

const NAME = /^[a-z][a-z0-9-]{2,40}$/;

export function listDatasetProfiles(dir: string = DATASET_PROFILES_DIR): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

export function loadDatasetProfile(name: string, dir: string = DATASET_PROFILES_DIR): DatasetProfile {
  const known = listDatasetProfiles(dir);
  if (!NAME.test(name) || !known.includes(name)) {
    throw new SyntheticDataError(
      `unknown dataset profile '${name}': no ${displayPath(path.join(dir, `${name}.yaml`))} (known: ${known.join(', ') || 'none'})`,
    );
  }
  return loadDatasetProfileFile(path.join(dir, `${name}.yaml`));
}

export function loadDatasetProfileFile(file: string): DatasetProfile {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SyntheticDataError(`${shown}: cannot read the dataset profile (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new SyntheticDataError(`${shown}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = datasetProfileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SyntheticDataError(formatIssues(shown, parsed.error.issues.map((i) => ({ path: i.path, message: issueMessage(i) }))));
  }
  const document = parsed.data;
  const issues = semanticIssues(document);
  const expected = path.basename(file, '.yaml');
  if (document.metadata.name !== expected) {
    issues.unshift({ path: ['metadata', 'name'], message: `must equal the file name '${expected}'` });
  }
  if (issues.length > 0) throw new SyntheticDataError(formatIssues(shown, issues));
  return { name: document.metadata.name, file: shown, sha256: sha256Hex(canonicalize(raw) ?? ''), document };
}

/** zod reports a bad record key as "Invalid key in record"; the rule the key broke is one level down. */
function issueMessage(issue: { code: string; message: string; issues?: readonly { message: string }[] }): string {
  const inner = issue.code === 'invalid_key' ? issue.issues?.[0]?.message : undefined;
  return inner ? `invalid name: ${inner}` : issue.message;
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

function formatIssues(file: string, issues: readonly Issue[]): string {
  const lines = issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return lines.join('\n');
}

function displayPath(file: string): string {
  const rel = path.relative(PROJECT_ROOT, path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** Cross-field rules the shape cannot express: every name used somewhere is defined somewhere. */
function semanticIssues(doc: DatasetProfileSpec): Issue[] {
  const issues: Issue[] = [];
  const spec = doc.spec;
  const add = (p: readonly PropertyKey[], message: string): void => {
    issues.push({ path: ['spec', ...p], message });
  };
  const sources = new Set(Object.keys(spec.sources));
  const bands = spec.population.ageBands.map((b) => b.label);

  const seenLabels = new Set<string>();
  spec.population.ageBands.forEach((b, i) => {
    if (seenLabels.has(b.label)) add(['population', 'ageBands', i, 'label'], `duplicate age band '${b.label}'`);
    seenLabels.add(b.label);
    if (b.max < b.min) add(['population', 'ageBands', i], 'max must be >= min');
    const prev = spec.population.ageBands[i - 1];
    if (prev && b.min !== prev.max + 1) add(['population', 'ageBands', i, 'min'], `must be ${prev.max + 1} (bands are contiguous and ascending)`);
  });
  if (spec.population.ageBands.every((b) => b.male + b.female === 0)) add(['population', 'ageBands'], 'all counts are zero');
  if (!sources.has(spec.population.source)) add(['population', 'source'], `unknown source '${spec.population.source}' (not in spec.sources)`);

  const checkBandTable = (p: readonly PropertyKey[], table: Record<string, unknown> | undefined, complete: boolean): void => {
    if (!table) return;
    for (const key of Object.keys(table)) if (!bands.includes(key)) add([...p, key], `unknown age band (bands: ${bands.join(', ')})`);
    if (complete) for (const b of bands) if (!(b in table)) add(p, `missing age band '${b}' (every band of spec.population.ageBands needs a value)`);
  };

  const conditionIds = Object.keys(spec.conditions);
  const caseIds = Object.keys(spec.episode?.cases ?? {});
  const acuityCodes = spec.episode?.acuity?.levels.map((l) => l.code) ?? [];
  const tags = new Set([...conditionIds, ...caseIds, ...acuityCodes]);
  const measurementIds = Object.keys(spec.measurements);
  const factorIds = Object.keys(spec.factors);

  conditionIds.forEach((cid, position) => {
    const c = spec.conditions[cid];
    if (!c) return;
    const p = ['conditions', cid];
    if (!sources.has(c.prevalence.source)) add([...p, 'prevalence', 'source'], `unknown source '${c.prevalence.source}' (not in spec.sources)`);
    checkBandTable([...p, 'prevalence', 'byAgeBand'], c.prevalence.byAgeBand, true);
    for (const other of Object.keys(c.riskIf ?? {})) {
      const at = conditionIds.indexOf(other);
      if (at < 0 || at >= position) add([...p, 'riskIf', other], 'must name a condition listed before this one');
    }
    for (const mid of Object.keys(c.diagnosticThresholds ?? {})) {
      const m = spec.measurements[mid];
      if (!m) add([...p, 'diagnosticThresholds', mid], `unknown measurement '${mid}'`);
      else if (m.components) add([...p, 'diagnosticThresholds', mid], 'must name a measurement with a single value, not a panel');
    }
  });

  if (spec.episode) {
    const e = spec.episode;
    if (!sources.has(e.source)) add(['episode', 'source'], `unknown source '${e.source}' (not in spec.sources)`);
    if (caseIds.length === 0) add(['episode', 'cases'], 'needs at least one case');
    if (caseIds.every((id) => (e.cases[id]?.weight ?? 0) === 0)) add(['episode', 'cases'], 'all weights are zero');
    const codes = new Set<string>();
    for (const [i, level] of (e.acuity?.levels ?? []).entries()) {
      if (codes.has(level.code)) add(['episode', 'acuity', 'levels', i, 'code'], `duplicate level '${level.code}'`);
      codes.add(level.code);
    }
    const textKeys = new Set(caseIds.flatMap((id) => Object.keys(e.cases[id]?.text ?? {})));
    for (const id of caseIds) {
      const c = e.cases[id];
      if (!c) continue;
      if (conditionIds.includes(id)) add(['episode', 'cases', id], 'a case id must differ from every condition id');
      if (c.durationDays && c.durationDays.max < c.durationDays.min) add(['episode', 'cases', id, 'durationDays'], 'max must be >= min');
      if (e.acuity) {
        if (!c.acuity) add(['episode', 'cases', id, 'acuity'], 'required when spec.episode.acuity is set');
        for (const k of Object.keys(c.acuity ?? {})) if (!codes.has(k)) add(['episode', 'cases', id, 'acuity', k], `unknown acuity level (levels: ${[...codes].join(', ')})`);
        if (c.acuity && Object.values(c.acuity).every((w) => w === 0)) add(['episode', 'cases', id, 'acuity'], 'all weights are zero');
      } else if (c.acuity) {
        add(['episode', 'cases', id, 'acuity'], 'spec.episode.acuity is not defined');
      }
      // Any case may be drawn, so a fragment used by a template must exist in every case.
      for (const key of textKeys) if (!(key in c.text)) add(['episode', 'cases', id, 'text', key], 'missing: other cases define it, so templates may use it');
      for (const [key, variants] of Object.entries(c.text)) {
        variants.forEach((v, i) => {
          for (const name of placeholdersIn(v)) {
            if (name.startsWith('case.')) add(['episode', 'cases', id, 'text', key, i], `'{{${name}}}': case fragments cannot refer to case fragments`);
            else if (!isKnownPlaceholder(name, measurementIds, textKeys)) add(['episode', 'cases', id, 'text', key, i], `unknown placeholder '{{${name}}}'`);
          }
        });
      }
    }
  }

  for (const [mid, m] of Object.entries(spec.measurements)) {
    const models = m.components ? Object.entries(m.components).map(([cid, c]) => [['components', cid, 'value'], c.value] as const) : [[['value'], m.value] as const];
    for (const [sub, model] of models) {
      if (!model) continue;
      const p = ['measurements', mid, ...sub];
      if (model.max < model.min) add([...p, 'max'], 'must be >= min');
      if (model.mean < model.min || model.mean > model.max) add([...p, 'mean'], 'must lie within [min, max]');
      const factorLoadings = Object.values(model.factors ?? {});
      if (model.latent ** 2 + model.shared ** 2 + factorLoadings.reduce((a, l) => a + l ** 2, 0) > 1) add(p, 'latent² + shared² + the squared factor loadings must not exceed 1');
      for (const f of Object.keys(model.factors ?? {})) if (!factorIds.includes(f)) add([...p, 'factors', f], `unknown factor (spec.factors: ${factorIds.join(', ') || 'none'})`);
      checkBandTable([...p, 'ageShift'], model.ageShift, false);
      for (const [tag, effect] of Object.entries(model.effects ?? {})) {
        if (!tags.has(tag)) add([...p, 'effects', tag], `unknown tag (conditions, cases and acuity levels: ${[...tags].join(', ') || 'none'})`);
        else if (!conditionIds.includes(tag) && (effect.beforeOnset !== 0 || effect.perYear !== 0)) add([...p, 'effects', tag], 'beforeOnset and perYear need a condition: cases and acuity levels have no onset');
      }
      for (const med of Object.keys(model.treatment ?? {})) if (!(med in spec.medications)) add([...p, 'treatment', med], `unknown medication (spec.medications: ${Object.keys(spec.medications).join(', ') || 'none'})`);
    }
  }

  for (const [mid, med] of Object.entries(spec.medications)) {
    if (!conditionIds.includes(med.for) && !caseIds.includes(med.for)) add(['medications', mid, 'for'], `unknown condition or case '${med.for}'`);
  }

  const programmeIds: string[] = [];
  spec.encounters.forEach((prog, i) => {
    const p = ['encounters', i];
    if (programmeIds.includes(prog.id)) add([...p, 'id'], `duplicate encounter programme '${prog.id}'`);
    if (prog.for !== 'everyone' && !conditionIds.includes(prog.for) && !caseIds.includes(prog.for)) add([...p, 'for'], `must be 'everyone' or a condition or case id, not '${prog.for}'`);
    const s = prog.schedule;
    if ('ratePerYear' in s) checkBandTable([...p, 'schedule', 'ratePerYear'], s.ratePerYear, true);
    if ('episodeWithinYears' in s && !spec.episode) add([...p, 'schedule'], 'an episode schedule needs spec.episode');
    if ('after' in s && !programmeIds.includes(s.after)) add([...p, 'schedule', 'after'], `must name an earlier encounter programme, not '${s.after}'`);
    if ('after' in s && s.days.max < s.days.min) add([...p, 'schedule', 'days'], 'max must be >= min');
    if (prog.hours && prog.hours.to < prog.hours.from) add([...p, 'hours'], 'to must be >= from');
    if (prog.durationMinutes && !prog.hours) add([...p, 'durationMinutes'], 'needs hours (a start time)');
    if (prog.durationMinutes && prog.durationMinutes.max < prog.durationMinutes.min) add([...p, 'durationMinutes'], 'max must be >= min');
    if (prog.reasonIsTag && prog.for === 'everyone' && !('episodeWithinYears' in s)) add([...p, 'reasonIsTag'], "needs 'for' to name a condition or case, or an episode schedule");
    if (prog.assessAcuity && !spec.episode?.acuity) add([...p, 'assessAcuity'], 'needs spec.episode.acuity');
    prog.observations.forEach((o, j) => {
      if (!measurementIds.includes(o.measurement)) add([...p, 'observations', j, 'measurement'], `unknown measurement '${o.measurement}'`);
      if (o.everyNth === undefined && o.probability === 0) add([...p, 'observations', j], 'never recorded: give probability > 0 or everyNth');
      for (const [k, tag] of (o.onlyFor ?? []).entries()) if (!tags.has(tag)) add([...p, 'observations', j, 'onlyFor', k], `unknown tag '${tag}'`);
    });
    prog.documents.forEach((d, j) => {
      if (!(d in spec.documents)) add([...p, 'documents', j], `unknown document '${d}'`);
    });
    programmeIds.push(prog.id);
  });

  const textKeys = new Set(caseIds.flatMap((id) => Object.keys(spec.episode?.cases[id]?.text ?? {})));
  for (const [did, d] of Object.entries(spec.documents)) {
    for (const name of placeholdersIn(d.template)) {
      if (!isKnownPlaceholder(name, measurementIds, textKeys)) add(['documents', did, 'template'], `unknown placeholder '{{${name}}}'`);
    }
  }
  return issues;
}

function isKnownPlaceholder(name: string, measurementIds: readonly string[], caseTextKeys: ReadonlySet<string>): boolean {
  if (STATIC_PLACEHOLDERS.includes(name)) return true;
  if (name.startsWith('obs.')) return measurementIds.includes(name.slice(4));
  if (name.startsWith('case.')) return caseTextKeys.has(name.slice(5));
  return false;
}
