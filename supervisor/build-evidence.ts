import { readFile, readdir } from 'node:fs/promises';
import { tenantLayout } from '../common/build-layout.ts';
import { sha256Hex } from '../common/sha256.ts';

/**
 * What the build directory holds for one tenant, read defensively: these files are written by
 * other rooms (synth, the guardrails, the data generator) and may be missing, older than this
 * reader, or carry fields added since. Every reader returns undefined for an absent or unreadable
 * file and keeps only fields of the expected type; the report says what was missing.
 */

export interface EnvironmentFingerprint {
  readonly fingerprint: string;
  /** Artifact path (below build/<id>/) → sha256. */
  readonly files: Readonly<Record<string, string>>;
  /** Resources per engine (aws, terraform, kubernetes), where the synth recorded them. */
  readonly resources: Readonly<Record<string, number>>;
}

export interface FindingWaiver {
  readonly reason: string;
  readonly approver: string;
  readonly expires: string;
}

export interface GuardrailFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly file: string;
  readonly resource: string;
  readonly message: string;
  readonly references: readonly string[];
  /** NON_COMPLIANT, or UNKNOWN for what only the deploy can tell. */
  readonly outcome?: string;
  /** An active waiver: the finding stays visible but does not count. */
  readonly waiver?: FindingWaiver;
  /** A waiver that named this finding but has expired: it counts again. */
  readonly expiredWaiver?: FindingWaiver;
}

export interface GuardrailSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly waived: number;
}

export interface GuardrailResults {
  readonly findings: readonly GuardrailFinding[];
  readonly summary: GuardrailSummary;
  /** Artifacts the check read, where the report lists them. */
  readonly artifactsChecked: number | undefined;
}

export interface DatasetFiles {
  readonly profile: string;
  /** sha256 of manifest.json's bytes: the hash the ledger records for the dataset. */
  readonly manifestSha256: string;
  readonly seed: number | undefined;
  readonly patients: number | undefined;
  readonly classification: string | undefined;
  readonly generator: string | undefined;
  readonly resources: Readonly<Record<string, number>>;
  readonly datasheet: DatasheetView | undefined;
}

export interface ShareRowView {
  readonly group: string;
  readonly count: number;
  readonly dataset: number;
  readonly reference: number;
  readonly differencePp: number;
  readonly patients?: number;
}

export interface ShareTableView {
  readonly title: string;
  readonly source: string;
  /** For prevalence tables: the count column counts patients with the condition. */
  readonly kind: 'share' | 'prevalence';
  readonly rows: readonly ShareRowView[];
}

/** The parts of synthetic/'s datasheet a supervisor reads, narrowed to what this report shows. */
export interface DatasheetView {
  readonly title: string;
  readonly intendedUse: string;
  readonly origin: readonly (readonly [string, string])[];
  readonly preparation: readonly string[];
  readonly assumptions: readonly string[];
  readonly knownGaps: readonly string[];
  readonly largestDeviation: string | undefined;
  readonly tables: readonly ShareTableView[];
  readonly sources: readonly string[];
}

export interface BuildEvidence {
  readonly environment: EnvironmentFingerprint | undefined;
  readonly guardrails: GuardrailResults | undefined;
  readonly datasets: readonly DatasetFiles[];
  readonly exitReportSha256: string | undefined;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function numberRecord(v: unknown): Record<string, number> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => num(e[1]) !== undefined));
}

async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function parseJson(bytes: Buffer | undefined): unknown {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Every dataset found under build/<id>/data/ is read, whether or not the plan still lists it. */
export async function readBuildEvidence(buildDir: string, tenantId: string): Promise<BuildEvidence> {
  const layout = tenantLayout(buildDir, tenantId);
  const profiles = await listDirectories(layout.dataDir);
  const [environment, guardrails, datasets, exitReport] = await Promise.all([
    readFingerprint(layout.fingerprintFile),
    readGuardrails(layout.findingsFile),
    Promise.all(profiles.map((p) => readDatasetFiles(layout.datasetDir(p), p))),
    readBytes(layout.exitReport),
  ]);
  return {
    environment,
    guardrails,
    datasets: datasets.filter((d): d is DatasetFiles => d !== undefined),
    exitReportSha256: exitReport === undefined ? undefined : sha256Hex(exitReport),
  };
}

async function listDirectories(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function readFingerprint(file: string): Promise<EnvironmentFingerprint | undefined> {
  const json = parseJson(await readBytes(file));
  if (!isObject(json) || typeof json.fingerprint !== 'string') return undefined;
  const files = isObject(json.files) ? Object.fromEntries(Object.entries(json.files).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  return { fingerprint: json.fingerprint, files, resources: numberRecord(json.resources) };
}

export async function readGuardrails(file: string): Promise<GuardrailResults | undefined> {
  const json = parseJson(await readBytes(file));
  if (!isObject(json) || !Array.isArray(json.findings)) return undefined;
  const findings = json.findings.filter(isObject).map(toFinding);
  const s = isObject(json.summary) ? json.summary : {};
  const counted = (severity: string) => findings.filter((f) => f.severity === severity && !f.waiver).length;
  return {
    findings,
    summary: {
      errors: num(s.errors) ?? counted('error'),
      warnings: num(s.warnings) ?? counted('warning'),
      notes: num(s.notes) ?? counted('note'),
      waived: num(s.waived) ?? findings.filter((f) => f.waiver).length,
    },
    artifactsChecked: Array.isArray(json.artifacts) ? json.artifacts.length : undefined,
  };
}

function toWaiver(v: unknown): FindingWaiver | undefined {
  if (!isObject(v)) return undefined;
  return { reason: str(v.reason) ?? '', approver: str(v.approverName) ? `${str(v.approverName)} (${str(v.approver) ?? '?'})` : (str(v.approver) ?? ''), expires: str(v.expires) ?? '' };
}

function toFinding(f: Json): GuardrailFinding {
  // A finding flagged `waived` or `suppressed` without waiver details is still shown as waived.
  const waiver = toWaiver(f.waiver) ?? (f.waived === true || f.suppressed === true ? { reason: str(f.justification) ?? '', approver: '', expires: '' } : undefined);
  const expiredWaiver = toWaiver(f.expiredWaiver);
  return {
    ruleId: str(f.ruleId) ?? '?',
    severity: str(f.severity) ?? 'error',
    file: str(f.file) ?? '',
    resource: str(f.resource) ?? '',
    message: str(f.message) ?? '',
    references: strings(f.references),
    ...(str(f.outcome) !== undefined && { outcome: str(f.outcome) }),
    ...(waiver && { waiver }),
    ...(expiredWaiver && { expiredWaiver }),
  };
}

export async function readDatasetFiles(dir: string, profile: string): Promise<DatasetFiles | undefined> {
  const manifestBytes = await readBytes(`${dir}/manifest.json`);
  const manifest = parseJson(manifestBytes);
  if (!manifestBytes || !isObject(manifest)) return undefined;
  const x = isObject(manifest.extension) ? manifest.extension : {};
  const p = isObject(x.profile) ? x.profile : {};
  const g = isObject(x.generator) ? x.generator : {};
  const output = Array.isArray(manifest.output) ? manifest.output.filter(isObject) : [];
  return {
    profile,
    manifestSha256: sha256Hex(manifestBytes),
    seed: num(x.seed),
    patients: num(x.patients),
    classification: str(p.classification),
    generator: str(g.name) ? `${str(g.name)} ${str(g.version) ?? ''}`.trim() : undefined,
    resources: Object.fromEntries(output.flatMap((o) => (str(o.type) && num(o.count) !== undefined ? [[str(o.type)!, num(o.count)!]] : []))),
    datasheet: toDatasheet(parseJson(await readBytes(`${dir}/datasheet.json`))),
  };
}

function shareRows(v: unknown): ShareRowView[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((r) => ({
    group: str(r.group) ?? '',
    count: num(r.count) ?? 0,
    dataset: num(r.dataset) ?? 0,
    reference: num(r.reference) ?? 0,
    differencePp: num(r.differencePp) ?? 0,
    ...(num(r.patients) !== undefined && { patients: num(r.patients) }),
  }));
}

function toDatasheet(json: unknown): DatasheetView | undefined {
  if (!isObject(json)) return undefined;
  const origin = isObject(json.origin) ? json.origin : {};
  const profile = isObject(origin.profile) ? origin.profile : {};
  const generator = isObject(origin.generator) ? origin.generator : {};
  const r = isObject(json.representativeness) ? json.representativeness : {};
  const tables: ShareTableView[] = [];
  if (isObject(r.ageSex)) tables.push({ title: 'Age band × sex against the reference population', source: str(r.ageSex.source) ?? '', kind: 'share', rows: shareRows(r.ageSex.rows) });
  if (Array.isArray(r.prevalence)) {
    for (const p of r.prevalence.filter(isObject)) tables.push({ title: `Prevalence of ${str(p.label) ?? str(p.condition) ?? '?'}`, source: str(p.source) ?? '', kind: 'prevalence', rows: shareRows(p.rows) });
  }
  if (isObject(r.caseMix)) tables.push({ title: 'Case mix', source: str(r.caseMix.source) ?? '', kind: 'share', rows: shareRows(r.caseMix.rows) });
  if (isObject(r.acuity)) tables.push({ title: 'Triage urgency (expected from the case mix)', source: '', kind: 'share', rows: shareRows(r.acuity.rows) });
  const d = isObject(r.largestDeviation) ? r.largestDeviation : undefined;
  const sources = isObject(json.sources)
    ? Object.entries(json.sources)
        .filter((e): e is [string, Json] => isObject(e[1]))
        .map(([id, s]) => `${id}: ${str(s.citation) ?? ''}${num(s.year) !== undefined ? ` (${num(s.year)})` : ''}${str(s.url) ? `, ${str(s.url)}` : ''}`)
    : [];
  const facts: [string, string | undefined][] = [
    ['classification', str(origin.classification)],
    ['generator', str(generator.name) ? `${str(generator.name)} ${str(generator.version) ?? ''}`.trim() : undefined],
    ['profile', str(profile.name) ? `${str(profile.name)} (${str(profile.file) ?? '?'}, sha256 ${str(profile.sha256) ?? '?'})` : undefined],
    ['care setting', str(profile.careSetting)],
    ['reference date', str(origin.referenceDate)],
    ['seed', num(origin.seed)?.toString()],
    ['patients', num(origin.patients)?.toString()],
  ];
  return {
    title: str(json.title) ?? 'Datasheet',
    intendedUse: str(json.intendedUse) ?? '',
    origin: facts.filter((f): f is [string, string] => f[1] !== undefined),
    preparation: strings(json.preparation),
    assumptions: strings(json.assumptions),
    knownGaps: strings(json.knownGaps),
    largestDeviation: d
      ? `${str(d.table) ?? '?'}, ${str(d.group) ?? '?'}: ${(num(d.dataset) ?? 0).toFixed(2)} % in the dataset against ${(num(d.reference) ?? 0).toFixed(2)} % in the reference (${(num(d.standardErrors) ?? 0).toFixed(2)} standard errors)`
      : undefined,
    tables,
    sources,
  };
}
