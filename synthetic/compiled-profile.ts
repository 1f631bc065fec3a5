import { parseIsoDay } from './calendar.ts';
import type { DatasetProfile } from './profile-loader.ts';
import type { CaseDef, Coding, ConditionDef, DocumentDef, MedicationDef, Programme, ResourceType, ValueModel } from './profile-schema.ts';
import { cumulate } from './rng.ts';

/**
 * The profile turned into flat, index-addressed tables once per run, so the per-patient loop does
 * array look-ups instead of record walks. Tags (conditions, cases, acuity levels) are numbered; a
 * patient carries a flag per tag.
 */
export interface CompiledProfile {
  readonly profile: DatasetProfile;
  readonly referenceDay: number;
  readonly bands: readonly { label: string; min: number; max: number }[];
  /** Cumulative reference weights over band·2 + sex (0 male, 1 female). */
  readonly bandSexCumulative: readonly number[];
  readonly referenceShares: readonly number[];
  readonly tagCount: number;
  /** Names of spec.factors, in order: one standard normal per patient each. */
  readonly factors: readonly string[];
  readonly conditions: readonly CompiledCondition[];
  readonly cases: readonly CompiledCase[];
  readonly acuity: CompiledAcuity | undefined;
  readonly measurements: readonly CompiledMeasurement[];
  readonly medications: readonly CompiledMedication[];
  readonly programmes: readonly CompiledProgramme[];
  readonly resourceTypes: readonly ResourceType[];
}

export interface CompiledCondition {
  readonly id: string;
  readonly tag: number;
  readonly def: ConditionDef;
  readonly code: CodeableConcept;
  /** Reference prevalence per band·2 + sex. */
  readonly reference: Float64Array;
  /** The base probability before latent lift, relative risks and cap, calibrated so the expected prevalence is the reference. */
  readonly base: Float64Array;
  readonly riskIf: readonly (readonly [tag: number, relativeRisk: number])[];
}

export interface CompiledCase {
  readonly id: string;
  readonly tag: number;
  readonly def: CaseDef;
  /** The weight actually drawn with among eligible cases (see calibrateCaseWeights). */
  readonly drawWeight: number;
  readonly code: CodeableConcept;
  /** Cumulative weights over the acuity levels. */
  readonly acuityCumulative: readonly number[] | undefined;
}

export interface CompiledAcuity {
  readonly code: CodeableConcept;
  readonly system: string;
  readonly label: string;
  readonly levels: readonly { code: string; display: string; priority: string; maxWaitMinutes: number; tag: number; value: CodeableConcept; priorityJson: string }[];
}

export interface CompiledPart {
  readonly id: string;
  readonly label: string;
  readonly code: CodeableConcept;
  readonly unit: { ucum: string; display: string };
  /** `,"unit":…,"system":…,"code":…` for valueQuantity, serialised once. */
  readonly unitJson: string;
  readonly decimals: number;
  readonly scale: number;
  readonly model: ValueModel;
  readonly ageShift: Float64Array;
  readonly sexShift: readonly [number, number];
  /** perDay is the effect's perYear spread over days since onset. */
  readonly effects: readonly (readonly [tag: number, shift: number, sd: number | undefined, beforeOnset: number, perDay: number])[];
  /** By index into CompiledProfile.medications. */
  readonly treatments: readonly (readonly [medication: number, shift: number, overDays: number])[];
  /** By index into CompiledProfile.factors. */
  readonly factorLoadings: readonly (readonly [factor: number, loading: number])[];
  /** The largest value (on the rounding grid) a patient may show without, or before, the condition of this tag. */
  readonly diagnosticCeilings: readonly (readonly [tag: number, ceiling: number])[];
  readonly idiosyncratic: number;
}

export interface CompiledMeasurement {
  readonly id: string;
  readonly label: string;
  readonly category: CodeableConcept;
  readonly code: CodeableConcept;
  readonly parts: readonly CompiledPart[];
  readonly isPanel: boolean;
}

export interface CompiledMedication {
  readonly id: string;
  readonly index: number;
  readonly def: MedicationDef;
  readonly forTag: number;
  readonly code: CodeableConcept;
  readonly dosageJson: string;
}

export interface CompiledProgramme {
  readonly def: Programme;
  readonly index: number;
  /** -1 for everyone. */
  readonly forTag: number;
  readonly rate: Float64Array | undefined;
  readonly reasonCumulative: readonly number[] | undefined;
  readonly reasons: readonly CodeableConcept[];
  readonly observations: readonly { measurement: number; probability: number; everyNth: number; minAge: number; onlyFor: readonly number[] }[];
  readonly after: number;
  readonly documents: readonly DocumentDef[];
  /** The longest signedAfterMinutes of its documents (0 without documents): how far notes reach past the encounter's end. */
  readonly noteDelayMinutes: number;
  readonly type: CodeableConcept;
  readonly classCoding: Coding;
  readonly classJson: string;
}

export interface CodeableConcept {
  readonly coding: readonly Coding[];
  readonly text: string;
  /** Its JSON, serialised once: the writers splice it into every resource that uses it. */
  readonly json: string;
}

const CLASS_DISPLAY: Record<Programme['class'], string> = {
  AMB: 'ambulatory',
  IMP: 'inpatient encounter',
  EMER: 'emergency',
  VR: 'virtual',
  HH: 'home health',
};

const OBSERVATION_CATEGORY: Record<string, string> = {
  'vital-signs': 'Vital Signs',
  laboratory: 'Laboratory',
  exam: 'Exam',
  survey: 'Survey',
};

export function compileProfile(profile: DatasetProfile): CompiledProfile {
  const spec = profile.document.spec;
  const bands = spec.population.ageBands.map((b) => ({ label: b.label, min: b.min, max: b.max }));
  const bandIndex = new Map(bands.map((b, i) => [b.label, i]));
  const weights = spec.population.ageBands.flatMap((b) => [b.male, b.female]);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const perBand = (table: Record<string, number> | undefined): Float64Array => {
    const out = new Float64Array(bands.length);
    for (const [label, v] of Object.entries(table ?? {})) out[bandIndex.get(label) as number] = v;
    return out;
  };

  let tagCount = 0;
  const tags = new Map<string, number>();
  const newTag = (name: string): number => {
    tags.set(name, tagCount);
    return tagCount++;
  };

  const conditions: CompiledCondition[] = [];
  const calibration = new PrevalenceCalibration(bands.length * 2, Object.values(spec.conditions).flatMap((c) => Object.keys(c.riskIf ?? {})));
  for (const [id, def] of Object.entries(spec.conditions)) {
    const tag = newTag(id);
    const reference = new Float64Array(bands.length * 2);
    for (const [label, p] of Object.entries(def.prevalence.byAgeBand)) {
      const b = bandIndex.get(label) as number;
      reference[b * 2] = p.male;
      reference[b * 2 + 1] = p.female;
    }
    const riskIf = Object.entries(def.riskIf ?? {}).map(([other, rr]) => [tags.get(other) as number, rr] as const);
    const base = calibration.add(id, reference, def.latentRisk, Object.entries(def.riskIf ?? {}));
    conditions.push({ id, tag, def, code: concept(def.codings, def.label), reference, base, riskIf });
  }

  const episode = spec.episode;
  const acuityLevels = episode?.acuity?.levels ?? [];
  const caseEntries = Object.entries(episode?.cases ?? {});
  const drawWeights = calibrateCaseWeights(
    caseEntries.map(([, def]) => def),
    spec.population.ageBands,
  );
  const cases: CompiledCase[] = caseEntries.map(([id, def], i) => ({
    id,
    tag: newTag(id),
    def,
    drawWeight: drawWeights[i] as number,
    code: concept(def.codings, def.label),
    acuityCumulative: def.acuity ? cumulate(acuityLevels.map((l) => def.acuity?.[l.code] ?? 0)) : undefined,
  }));
  const acuity: CompiledAcuity | undefined = episode?.acuity
    ? {
        code: concept(episode.acuity.codings, episode.acuity.label),
        system: episode.acuity.system,
        label: episode.acuity.label,
        levels: episode.acuity.levels.map((l) => ({
          ...l,
          tag: newTag(l.code),
          value: concept([{ system: episode.acuity?.system as string, code: l.code, display: l.display }], `${l.code} ${l.display}`),
          priorityJson: JSON.stringify({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: l.priority }] }),
        })),
      }
    : undefined;

  const factors = Object.keys(spec.factors);
  const medicationIndex = new Map(Object.keys(spec.medications).map((m, i) => [m, i]));
  const compilePart = (id: string, label: string, codings: Coding[], unit: { ucum: string; display: string }, decimals: number, model: ValueModel, thresholdKey?: string): CompiledPart => {
    const factorLoadings = Object.entries(model.factors ?? {}).map(([f, l]) => [factors.indexOf(f), l] as const);
    const scale = 10 ** decimals;
    return {
      id,
      label,
      code: concept(codings, label),
      unit,
      unitJson: `,"unit":${JSON.stringify(unit.display)},"system":"http://unitsofmeasure.org","code":${JSON.stringify(unit.ucum)}`,
      decimals,
      scale,
      model,
      ageShift: perBand(model.ageShift),
      sexShift: [model.sexShift?.male ?? 0, model.sexShift?.female ?? 0],
      effects: Object.entries(model.effects ?? {}).map(([t, e]) => [tags.get(t) as number, e.shift, e.sd, e.beforeOnset, e.perYear / DAYS_PER_YEAR] as const),
      treatments: Object.entries(model.treatment ?? {}).map(([m, t]) => [medicationIndex.get(m) as number, t.shift, t.overDays] as const),
      factorLoadings,
      diagnosticCeilings: conditions.flatMap((c) => {
        const threshold = thresholdKey === undefined ? undefined : c.def.diagnosticThresholds?.[thresholdKey];
        return threshold === undefined ? [] : [[c.tag, (Math.ceil(threshold * scale - 1e-9) - 1) / scale] as const];
      }),
      idiosyncratic: Math.sqrt(Math.max(0, 1 - model.latent ** 2 - model.shared ** 2 - factorLoadings.reduce((a, [, l]) => a + l ** 2, 0))),
    };
  };
  const measurementIndex = new Map<string, number>();
  const measurements: CompiledMeasurement[] = Object.entries(spec.measurements).map(([id, m], i) => {
    measurementIndex.set(id, i);
    const parts = m.components
      ? Object.entries(m.components).map(([cid, c]) => compilePart(cid, c.label, c.codings, c.unit, c.decimals, c.value))
      : [compilePart(id, m.label, m.codings, m.unit as { ucum: string; display: string }, m.decimals as number, m.value as ValueModel, id)];
    return {
      id,
      label: m.label,
      category: concept([{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: m.category, display: OBSERVATION_CATEGORY[m.category] as string }], OBSERVATION_CATEGORY[m.category] as string),
      code: concept(m.codings, m.label),
      parts,
      isPanel: m.components !== undefined,
    };
  });

  const medications: CompiledMedication[] = Object.entries(spec.medications).map(([id, def], index) => ({
    id,
    index,
    def,
    forTag: tags.get(def.for) as number,
    code: concept(def.codings, def.label),
    dosageJson: JSON.stringify([{ text: def.dosage }]),
  }));

  const programmeIndex = new Map<string, number>();
  const programmes: CompiledProgramme[] = spec.encounters.map((def, index) => {
    programmeIndex.set(def.id, index);
    const s = def.schedule;
    const classCoding = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: def.class, display: CLASS_DISPLAY[def.class] };
    return {
      def,
      index,
      forTag: def.for === 'everyone' ? -1 : (tags.get(def.for) as number),
      rate: 'ratePerYear' in s ? perBand(s.ratePerYear) : undefined,
      reasonCumulative: def.reasons ? cumulate(def.reasons.map((r) => r.weight)) : undefined,
      reasons: (def.reasons ?? []).map((r) => concept(r.codings, r.label)),
      observations: def.observations.map((o) => ({
        measurement: measurementIndex.get(o.measurement) as number,
        probability: o.probability,
        everyNth: o.everyNth ?? 0,
        minAge: o.minAge,
        onlyFor: (o.onlyFor ?? []).map((t) => tags.get(t) as number),
      })),
      after: 'after' in s ? (programmeIndex.get(s.after) as number) : -1,
      documents: def.documents.map((d) => spec.documents[d] as DocumentDef),
      noteDelayMinutes: Math.max(0, ...def.documents.map((d) => (spec.documents[d] as DocumentDef).signedAfterMinutes)),
      type: concept([def.type], def.label),
      classCoding,
      classJson: JSON.stringify(classCoding),
    };
  });

  const resourceTypes: ResourceType[] = ['Patient', 'Encounter'];
  if (conditions.length > 0 || cases.length > 0) resourceTypes.push('Condition');
  if (programmes.some((p) => p.observations.length > 0 || p.def.assessAcuity)) resourceTypes.push('Observation');
  if (programmes.some((p) => p.def.prescribe !== 'none') && medications.length > 0) resourceTypes.push('MedicationRequest');
  if (programmes.some((p) => p.documents.length > 0)) resourceTypes.push('DocumentReference');

  return {
    profile,
    referenceDay: parseIsoDay(spec.referenceDate),
    bands,
    bandSexCumulative: cumulate(weights),
    referenceShares: weights.map((w) => w / totalWeight),
    tagCount,
    factors,
    conditions,
    cases,
    acuity,
    measurements,
    medications,
    programmes,
    resourceTypes,
  };
}

export const DAYS_PER_YEAR = 365.25;

/** The cap on any single patient's probability of a condition (see generatePatient). */
export const MAX_CONDITION_PROBABILITY = 0.98;

/**
 * Finds, per band and sex, the base probability of each condition such that its expected
 * prevalence equals the reference exactly, although individual risk rises with the latent factor
 * (×exp(b·z − b²/2)), with earlier conditions (relative risks) and is capped. Integrates over a grid
 * of the standard normal latent z, keeping the joint distribution of the conditions that relative
 * risks refer to, and solves each base by bisection. Without it, capped high-risk patients (old,
 * diabetic, high z) would pull prevalence below the reference.
 */
class PrevalenceCalibration {
  readonly #cells: number;
  readonly #tracked: string[];
  readonly #z: { z: number; w: number }[] = [];
  /** Per cell, per z point: probability of each joint state of the tracked conditions (bit i = tracked[i]). */
  #joint: Float64Array[][];

  constructor(cells: number, referenced: readonly string[]) {
    this.#cells = cells;
    this.#tracked = [...new Set(referenced)];
    let total = 0;
    for (let i = 0; i <= 120; i++) {
      const z = -6 + i * 0.1;
      const w = Math.exp((-z * z) / 2);
      this.#z.push({ z, w });
      total += w;
    }
    for (const point of this.#z) point.w /= total;
    const states = 1 << this.#tracked.length;
    this.#joint = Array.from({ length: cells }, () =>
      this.#z.map(() => {
        const joint = new Float64Array(states);
        joint[0] = 1;
        return joint;
      }),
    );
  }

  add(id: string, reference: Float64Array, latentRisk: number, riskIf: readonly (readonly [string, number])[]): Float64Array {
    const rrOf = (state: number): number => riskIf.reduce((rr, [other, r]) => ((state >> this.#tracked.indexOf(other)) & 1 ? rr * r : rr), 1);
    const states = 1 << this.#tracked.length;
    const rr = Array.from({ length: states }, (_, s) => rrOf(s));
    const lift = this.#z.map(({ z }) => Math.exp(latentRisk * z - (latentRisk * latentRisk) / 2));
    const base = new Float64Array(this.#cells);
    const bit = this.#tracked.indexOf(id);
    for (let cell = 0; cell < this.#cells; cell++) {
      const joint = this.#joint[cell] as Float64Array[];
      const probability = (b: number, zi: number, state: number): number => Math.min(b * (rr[state] as number) * (lift[zi] as number), MAX_CONDITION_PROBABILITY);
      const marginal = (b: number): number => {
        let sum = 0;
        this.#z.forEach(({ w }, zi) => {
          const j = joint[zi] as Float64Array;
          for (let s = 0; s < states; s++) if ((j[s] as number) > 0) sum += w * (j[s] as number) * probability(b, zi, s);
        });
        return sum;
      };
      const target = Math.min(reference[cell] as number, MAX_CONDITION_PROBABILITY);
      let lo = 0;
      let hi = 50;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (marginal(mid) < target) lo = mid;
        else hi = mid;
      }
      base[cell] = target === 0 ? 0 : (lo + hi) / 2;
      if (bit >= 0) {
        joint.forEach((j, zi) => {
          const next = new Float64Array(states);
          for (let s = 0; s < states; s++) {
            const q = probability(base[cell] as number, zi, s);
            next[s | (1 << bit)] = (next[s | (1 << bit)] as number) + (j[s] as number) * q;
            next[s] = (next[s] as number) + (j[s] as number) * (1 - q);
          }
          joint[zi] = next;
        });
      }
    }
    return base;
  }
}

/**
 * Cases with a minimum age cannot be drawn for younger patients, which would push the case mix
 * towards the cases open to everyone. Iterative proportional fitting finds draw weights whose
 * marginal over the reference age mix (ages uniform within a band) equals the reference case mix,
 * wherever the minimum ages allow it.
 */
function calibrateCaseWeights(cases: readonly CaseDef[], bands: readonly { min: number; max: number; male: number; female: number }[]): number[] {
  const total = cases.reduce((a, c) => a + c.weight, 0);
  if (total === 0) return cases.map(() => 0);
  const target = cases.map((c) => c.weight / total);
  const ages: { age: number; p: number }[] = [];
  const people = bands.reduce((a, b) => a + b.male + b.female, 0);
  for (const b of bands) for (let age = b.min; age <= b.max; age++) ages.push({ age, p: (b.male + b.female) / people / (b.max - b.min + 1) });
  const w = [...target];
  for (let round = 0; round < 200; round++) {
    const achieved = cases.map(() => 0);
    for (const { age, p } of ages) {
      const eligible = cases.map((c, k) => (c.minAge <= age ? (w[k] as number) : 0));
      const sum = eligible.reduce((a, x) => a + x, 0);
      if (sum === 0) continue;
      eligible.forEach((x, k) => (achieved[k] = (achieved[k] as number) + (p * x) / sum));
    }
    cases.forEach((_, k) => {
      if ((achieved[k] as number) > 0) w[k] = ((w[k] as number) * (target[k] as number)) / (achieved[k] as number);
    });
  }
  return w;
}

function concept(coding: readonly Coding[], text: string): CodeableConcept {
  return { coding, text, json: JSON.stringify({ coding, text }) };
}
