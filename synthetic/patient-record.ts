import { addYears, clockTime, dutchDay } from './calendar.ts';
import { type CodeableConcept, type CompiledCase, type CompiledCondition, type CompiledMeasurement, type CompiledMedication, type CompiledProfile, type CompiledProgramme, MAX_CONDITION_PROBABILITY } from './compiled-profile.ts';
import { formatDecimalNl, renderTemplate } from './note-templates.ts';
import type { DocumentDef } from './profile-schema.ts';
import { pseudonymFor } from './pseudonym.ts';
import { cumulate, patientStream, type PatientRandom } from './rng.ts';

/**
 * One synthetic patient as structured data, before any FHIR: who they are, what they have, and the
 * encounters that explain every observation, prescription and note. Everything derives from
 * (seed, index) alone.
 */
export interface PatientRecord {
  readonly index: number;
  readonly id: string;
  readonly pseudonym: string;
  /** 0 male, 1 female. */
  readonly sex: 0 | 1;
  readonly band: number;
  readonly age: number;
  readonly birthDay: number;
  readonly given: string;
  readonly family: string;
  readonly city: string;
  readonly tags: Uint8Array;
  readonly conditions: readonly ConditionRecord[];
  readonly episode: EpisodeRecord | undefined;
  readonly encounters: readonly EncounterRecord[];
}

export interface ConditionRecord {
  readonly id: string;
  readonly condition: CompiledCondition;
  readonly onsetDay: number;
}

export interface EpisodeRecord {
  readonly id: string;
  readonly case: CompiledCase;
  /** Index into the profile's acuity levels, or -1. */
  readonly acuity: number;
  /** Which variant of each text fragment this patient's notes use. */
  readonly text: ReadonlyMap<string, string>;
  /** Days from admission to discharge (0 for same-day episodes). */
  readonly lengthOfStay: number;
  /** Filled once the episode encounter exists. */
  startDay: number;
  endDay: number;
}

export interface EncounterRecord {
  readonly id: string;
  readonly programme: CompiledProgramme;
  readonly visit: number;
  readonly startDay: number;
  /** Minutes after local midnight, or -1 when the encounter carries a date only. */
  readonly startMinute: number;
  readonly endDay: number;
  readonly endMinute: number;
  readonly reason: CodeableConcept | undefined;
  readonly reasonId: string | undefined;
  observations: ObservationRecord[];
  prescriptions: PrescriptionRecord[];
  documents: DocumentRecord[];
}

export interface ObservationRecord {
  readonly id: string;
  readonly measurement: CompiledMeasurement | undefined;
  readonly values: readonly number[];
  /** Acuity level index for a triage assessment (then measurement is undefined). */
  readonly acuity: number;
}

export interface PrescriptionRecord {
  readonly id: string;
  readonly medication: CompiledMedication;
  active: boolean;
}

export interface DocumentRecord {
  readonly id: string;
  readonly def: DocumentDef;
  readonly text: string;
  readonly day: number;
  readonly minute: number;
}

const DAYS_PER_YEAR = 365.25;
const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

export function generatePatient(model: CompiledProfile, seed: number, index: number): PatientRecord {
  const rng = patientStream(seed, index);
  const spec = model.profile.document.spec;
  const ref = model.referenceDay;
  const id = `pat-${seed}-${index}`;

  const cell = rng.weighted(model.bandSexCumulative);
  const band = cell >> 1;
  const sex = (cell & 1) as 0 | 1;
  const bandDef = model.bands[band] as { min: number; max: number };
  const age = rng.int(bandDef.min, bandDef.max);
  const birthDay = addYears(ref, -age) - rng.int(0, 364);
  const given = rng.pick(sex === 0 ? spec.names.male : spec.names.female);
  const family = rng.pick(spec.names.family);
  const city = rng.pick(spec.names.cities);
  const pseudonym = pseudonymFor(seed, index, rng.int(0, 9));
  const latent = rng.normal();
  const tags = new Uint8Array(model.tagCount);

  const conditions: ConditionRecord[] = [];
  for (const c of model.conditions) {
    let p = c.base[cell] as number;
    for (const [tag, rr] of c.riskIf) if (tags[tag]) p *= rr;
    const b = c.def.latentRisk;
    if (b > 0) p *= Math.exp(b * latent - (b * b) / 2);
    if (rng.next() < Math.min(p, MAX_CONDITION_PROBABILITY)) {
      tags[c.tag] = 1;
      const lower = Math.min(age, Math.max(c.def.onset.minAge, age - c.def.onset.maxYearsBefore));
      const onsetAge = rng.int(lower, age);
      const onsetDay = Math.min(ref - 1, addYears(birthDay, onsetAge) + rng.int(0, 364));
      conditions.push({ id: `${id}-c${conditions.length}`, condition: c, onsetDay });
    }
  }

  let episode: EpisodeRecord | undefined;
  if (model.cases.length > 0) {
    const eligible = model.cases.filter((k) => k.def.minAge <= age);
    const pool = eligible.length > 0 ? eligible : model.cases;
    const chosen = pool[rng.weighted(cumulate(pool.map((k) => k.drawWeight)))] as CompiledCase;
    tags[chosen.tag] = 1;
    let acuity = -1;
    if (model.acuity && chosen.acuityCumulative) {
      acuity = rng.weighted(chosen.acuityCumulative);
      tags[(model.acuity.levels[acuity] as { tag: number }).tag] = 1;
    }
    const text = new Map<string, string>();
    for (const [key, variants] of Object.entries(chosen.def.text)) text.set(key, rng.pick(variants));
    const stay = chosen.def.durationDays;
    const lengthOfStay = stay ? rng.int(stay.min, stay.max) : 0;
    episode = { id: `${id}-c${conditions.length}`, case: chosen, acuity, text, lengthOfStay, startDay: ref, endDay: ref };
  }

  const medications = model.medications.filter((m) => tags[m.forTag] === 1 && rng.next() < m.def.probability);

  // Per-patient measurement levels: latent factor, a factor shared by a panel's parts, own noise.
  const levels: number[][] = model.measurements.map((m) => {
    const shared = rng.normal();
    return m.parts.map((part) => {
      const v = part.model;
      let level = v.mean + (part.ageShift[band] as number) + part.sexShift[sex];
      let sd = v.sd;
      for (const [tag, shift, effectSd] of part.effects) {
        if (tags[tag]) {
          level += shift;
          if (effectSd !== undefined) sd = effectSd;
        }
      }
      return level + sd * (v.latent * latent + v.shared * shared + part.idiosyncratic * rng.normal());
    });
  });

  const encounters = scheduleEncounters(model, rng, id, { age, band, birthDay, tags, conditions, episode });

  const patient: PatientRecord = { index, id, pseudonym, sex, band, age, birthDay, given, family, city, tags, conditions, episode, encounters };
  fillEncounters(model, rng, patient, levels, medications);
  return patient;
}

interface Scheduling {
  age: number;
  band: number;
  birthDay: number;
  tags: Uint8Array;
  conditions: readonly ConditionRecord[];
  episode: EpisodeRecord | undefined;
}

interface Slot {
  programme: CompiledProgramme;
  visit: number;
  startDay: number;
  startMinute: number;
  endDay: number;
  endMinute: number;
  reason: CodeableConcept | undefined;
}

function scheduleEncounters(model: CompiledProfile, rng: PatientRandom, patientId: string, who: Scheduling): EncounterRecord[] {
  const ref = model.referenceDay;
  const slots: Slot[] = [];
  const byProgramme: Slot[][] = [];
  for (const programme of model.programmes) {
    const mine: Slot[] = [];
    byProgramme.push(mine);
    if (programme.forTag >= 0 && !who.tags[programme.forTag]) continue;
    const s = programme.def.schedule;
    const days: number[] = [];
    if ('ratePerYear' in s) {
      const start = Math.max(ref - Math.round(s.windowYears * DAYS_PER_YEAR), who.birthDay);
      const years = (ref - start) / DAYS_PER_YEAR;
      const n = rng.poisson((programme.rate?.[who.band] ?? 0) * years);
      for (let i = 0; i < n; i++) days.push(rng.int(start, ref - 1));
      days.sort((a, b) => a - b);
    } else if ('everyMonths' in s) {
      const windowStart = Math.max(ref - Math.round(s.windowYears * DAYS_PER_YEAR), who.birthDay);
      const since = tagStart(programme.forTag, who);
      const start = Math.max(windowStart, since);
      const step = s.everyMonths * DAYS_PER_MONTH;
      // Keep the phase of the care cycle anchored at diagnosis, not at the window edge.
      const first = since + Math.ceil((start - since) / step) * step;
      for (let t = first; t < ref; t += step) {
        const day = Math.round(t) + (s.jitterDays > 0 ? rng.int(-s.jitterDays, s.jitterDays) : 0);
        if (day >= start && day < ref) days.push(day);
      }
    } else if ('episodeWithinYears' in s) {
      const los = who.episode?.lengthOfStay ?? 0;
      const day = ref - 1 - los - rng.int(0, Math.max(0, Math.round(s.episodeWithinYears * DAYS_PER_YEAR) - los - 1));
      days.push(day);
    } else {
      for (const earlier of byProgramme[programme.after] ?? []) {
        const day = earlier.endDay + rng.int(s.days.min, s.days.max);
        if (day < ref) days.push(day);
      }
    }
    for (const day of days) {
      const hours = programme.def.hours;
      const startMinute = hours ? rng.int(hours.from * 60, hours.to * 60 + 59) : -1;
      let endDay = day;
      let endMinute = startMinute;
      if ('episodeWithinYears' in s && who.episode && who.episode.lengthOfStay > 0) {
        endDay = day + who.episode.lengthOfStay;
        endMinute = hours ? rng.int(hours.from * 60, hours.to * 60 + 59) : -1;
      } else if (programme.def.durationMinutes && startMinute >= 0) {
        const total = startMinute + rng.int(programme.def.durationMinutes.min, programme.def.durationMinutes.max);
        endDay = day + Math.floor(total / 1440);
        endMinute = total % 1440;
      }
      if (endDay >= ref) endDay = ref - 1;
      const reason = programme.reasonCumulative ? programme.reasons[rng.weighted(programme.reasonCumulative)] : undefined;
      const slot: Slot = { programme, visit: mine.length, startDay: day, startMinute, endDay, endMinute, reason };
      mine.push(slot);
      slots.push(slot);
      if ('episodeWithinYears' in s && who.episode) {
        who.episode.startDay = day;
        who.episode.endDay = endDay;
      }
    }
  }
  slots.sort((a, b) => a.startDay - b.startDay || a.startMinute - b.startMinute || a.programme.index - b.programme.index || a.visit - b.visit);
  return slots.map((slot, n) => ({
    id: `${patientId}-e${n}`,
    programme: slot.programme,
    visit: slot.visit,
    startDay: slot.startDay,
    startMinute: slot.startMinute,
    endDay: slot.endDay,
    endMinute: slot.endMinute,
    reason: slot.reason,
    reasonId: !slot.programme.def.reasonIsTag ? undefined : slot.programme.forTag >= 0 ? tagResourceId(slot.programme.forTag, who) : who.episode?.id,
    observations: [],
    prescriptions: [],
    documents: [],
  }));
}

function tagStart(tag: number, who: Scheduling): number {
  const condition = who.conditions.find((c) => c.condition.tag === tag);
  if (condition) return condition.onsetDay;
  return who.episode?.startDay ?? who.birthDay;
}

function tagResourceId(tag: number, who: Scheduling): string | undefined {
  const condition = who.conditions.find((c) => c.condition.tag === tag);
  if (condition) return condition.id;
  return who.episode && who.episode.case.tag === tag ? who.episode.id : undefined;
}

function fillEncounters(model: CompiledProfile, rng: PatientRandom, patient: PatientRecord, levels: readonly number[][], medications: readonly CompiledMedication[]): void {
  const ref = model.referenceDay;
  let observationCount = 0;
  let prescriptionCount = 0;
  let documentCount = 0;
  const latest: (readonly number[] | undefined)[] = model.measurements.map(() => undefined);
  const prescribed = new Set<CompiledMedication>();
  for (const encounter of patient.encounters) {
    const programme = encounter.programme;
    const ageThen = patient.age - Math.floor((ref - encounter.startDay) / DAYS_PER_YEAR);
    for (const o of programme.observations) {
      if (ageThen < o.minAge) continue;
      if (o.onlyFor.length > 0 && !o.onlyFor.some((tag) => patient.tags[tag] === 1)) continue;
      const scheduled = o.everyNth > 0 && encounter.visit % o.everyNth === 0;
      if (!scheduled && !(o.probability > 0 && rng.next() < o.probability)) continue;
      const measurement = model.measurements[o.measurement] as CompiledMeasurement;
      const patientLevels = levels[o.measurement] as number[];
      const values = measurement.parts.map((part, i) => {
        const raw = (patientLevels[i] as number) + part.model.visitSd * rng.normal();
        const clamped = Math.min(part.model.max, Math.max(part.model.min, raw));
        return Math.round(clamped * part.scale) / part.scale;
      });
      latest[o.measurement] = values;
      encounter.observations.push({ id: `${patient.id}-o${observationCount++}`, measurement, values, acuity: -1 });
    }
    if (programme.def.assessAcuity && patient.episode && patient.episode.acuity >= 0) {
      encounter.observations.push({ id: `${patient.id}-o${observationCount++}`, measurement: undefined, values: [], acuity: patient.episode.acuity });
    }
    if (programme.def.prescribe !== 'none') {
      for (const medication of medications) {
        if (programme.def.prescribe === 'own' && medication.forTag !== programme.forTag) continue;
        prescribed.add(medication);
        encounter.prescriptions.push({ id: `${patient.id}-m${prescriptionCount++}`, medication, active: false });
      }
    }
    for (const def of programme.documents) {
      const context = noteContext(model, patient, encounter, latest, prescribed);
      const signedFrom = encounter.endDay > encounter.startDay ? encounter.endDay : encounter.startDay;
      const total = (encounter.endMinute >= 0 ? encounter.endMinute : 9 * 60) + def.signedAfterMinutes;
      encounter.documents.push({
        id: `${patient.id}-d${documentCount++}`,
        def,
        text: renderTemplate(def.template, context),
        day: signedFrom + Math.floor(total / 1440),
        minute: total % 1440,
      });
    }
  }
  // The last prescription of each medication is the one in force at the reference date.
  const seen = new Set<CompiledMedication>();
  for (let e = patient.encounters.length - 1; e >= 0; e--) {
    const list = (patient.encounters[e] as EncounterRecord).prescriptions;
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i] as PrescriptionRecord;
      if (!seen.has(p.medication)) {
        seen.add(p.medication);
        p.active = true;
      }
    }
  }
}

function noteContext(
  model: CompiledProfile,
  patient: PatientRecord,
  encounter: EncounterRecord,
  latest: readonly (readonly number[] | undefined)[],
  prescribed: ReadonlySet<CompiledMedication>,
): Map<string, string> {
  const female = patient.sex === 1;
  const ctx = new Map<string, string>([
    ['patient.given', patient.given],
    ['patient.family', patient.family],
    ['patient.name', `${patient.given} ${patient.family}`],
    ['patient.salutation', female ? 'mevrouw' : 'meneer'],
    ['patient.sexWord', female ? 'vrouw' : 'man'],
    ['patient.pronoun', female ? 'zij' : 'hij'],
    ['patient.possessive', female ? 'haar' : 'zijn'],
    ['patient.age', String(patient.age)],
    ['patient.birthDate', dutchDay(patient.birthDay)],
    ['patient.city', patient.city],
    ['encounter.label', encounter.programme.def.label],
    ['encounter.date', dutchDay(encounter.startDay)],
    ['encounter.time', encounter.startMinute >= 0 ? clockTime(encounter.startMinute) : 'onbekend'],
    ['encounter.endDate', dutchDay(encounter.endDay)],
    ['encounter.days', String(encounter.endDay - encounter.startDay)],
    ['reason', encounter.reason?.text ?? patient.episode?.case.def.label ?? encounter.programme.def.label],
  ]);
  const active = patient.conditions.filter((c) => c.onsetDay <= encounter.startDay).map((c) => c.condition.def.label);
  ctx.set('conditions', active.length > 0 ? active.join(', ') : 'geen');
  const meds = [...prescribed].map((m) => `${m.def.label}, ${m.def.dosage}`);
  ctx.set('medications', meds.length > 0 ? meds.map((m) => `- ${m}`).join('\n') : '- geen');
  ctx.set('medications.inline', meds.length > 0 ? meds.join('; ') : 'geen');
  model.measurements.forEach((m, i) => {
    const values = latest[i];
    if (!values) {
      ctx.set(`obs.${m.id}`, 'niet bepaald');
      return;
    }
    const parts = m.parts.map((part, j) => formatDecimalNl(values[j] as number, part.decimals));
    ctx.set(`obs.${m.id}`, `${parts.join('/')} ${(m.parts[0] as { unit: { display: string } }).unit.display}`);
  });
  const episode = patient.episode;
  if (episode) {
    ctx.set('case.label', episode.case.def.label);
    ctx.set('episode.date', dutchDay(episode.startDay));
    ctx.set('episode.endDate', dutchDay(episode.endDay));
    ctx.set('episode.days', String(episode.endDay - episode.startDay));
    if (episode.acuity >= 0 && model.acuity) {
      const level = model.acuity.levels[episode.acuity] as { code: string; display: string; maxWaitMinutes: number };
      ctx.set('acuity.code', level.code);
      ctx.set('acuity.display', level.display);
      ctx.set('acuity.maxWait', String(level.maxWaitMinutes));
    }
    // Fragments may use the patient's values ("CRP {{obs.crp}}"), so they are filled first.
    for (const [key, fragment] of episode.text) ctx.set(`case.${key}`, renderTemplate(fragment, ctx));
  }
  return ctx;
}
