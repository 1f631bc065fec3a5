import { addYears, ageOn, clockTime, dutchDay } from './calendar.ts';
import {
  type CodeableConcept,
  type CompiledCase,
  type CompiledCondition,
  type CompiledMeasurement,
  type CompiledMedication,
  type CompiledProfile,
  type CompiledProgramme,
  DAYS_PER_YEAR,
  MAX_CONDITION_PROBABILITY,
} from './compiled-profile.ts';
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

const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;
const LAST_MINUTE = 24 * 60 - 1;
/** Notes of date-only encounters count from this clock time (see fhir-resources.ts instant()). */
const DATE_ONLY_NOTE_MINUTE = 9 * 60;

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
  // 1 to 364 days before the birthday that makes the patient `age` on the reference date, so that
  // nobody is born on (or has a birthday on) the reference date itself.
  const birthDay = addYears(ref, -age) - rng.int(1, 364);
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

  // Per-patient standardised deviation of every measured quantity: the latent factor, the profile's
  // named factors (shared across measurements), a factor shared by a panel's parts, own noise. The
  // level it scales moves with diagnoses and treatment, so it is evaluated per visit.
  const factors = model.factors.map(() => rng.normal());
  const deviations: number[][] = model.measurements.map((m) => {
    const shared = rng.normal();
    return m.parts.map((part) => {
      let z = part.model.latent * latent + part.model.shared * shared + part.idiosyncratic * rng.normal();
      for (const [f, l] of part.factorLoadings) z += l * (factors[f] as number);
      return z;
    });
  });

  const encounters = scheduleEncounters(model, rng, id, { band, birthDay, tags, conditions, episode });

  const patient: PatientRecord = { index, id, pseudonym, sex, band, birthDay, given, family, city, tags, conditions, episode, encounters };
  fillEncounters(model, rng, patient, deviations, medications);
  return patient;
}

interface Scheduling {
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

/** A day drawn for an encounter (NaN: draw it once the encounter's length is known) and the earliest day it may move to. */
type Planned = readonly [day: number, earliest: number];

function scheduleEncounters(model: CompiledProfile, rng: PatientRandom, patientId: string, who: Scheduling): EncounterRecord[] {
  const ref = model.referenceDay;
  const slots: Slot[] = [];
  const byProgramme: Slot[][] = [];
  for (const programme of model.programmes) {
    const mine: Slot[] = [];
    byProgramme.push(mine);
    if (programme.forTag >= 0 && !who.tags[programme.forTag]) continue;
    const s = programme.def.schedule;
    const planned: Planned[] = [];
    if ('ratePerYear' in s) {
      const start = Math.max(ref - Math.round(s.windowYears * DAYS_PER_YEAR), who.birthDay);
      const years = (ref - start) / DAYS_PER_YEAR;
      const n = rng.poisson((programme.rate?.[who.band] ?? 0) * years);
      const days: number[] = [];
      for (let i = 0; i < n; i++) days.push(rng.int(start, ref - 1));
      days.sort((a, b) => a - b);
      for (const day of days) planned.push([day, start]);
    } else if ('everyMonths' in s) {
      const windowStart = Math.max(ref - Math.round(s.windowYears * DAYS_PER_YEAR), who.birthDay);
      const since = tagStart(programme.forTag, who);
      const start = Math.max(windowStart, since);
      const step = s.everyMonths * DAYS_PER_MONTH;
      // Keep the phase of the care cycle anchored at diagnosis, not at the window edge; the first
      // visit is the diagnosis itself, on its day.
      const first = since + Math.ceil((start - since) / step) * step;
      for (let t = first; t < ref; t += step) {
        const day = Math.round(t) + (s.jitterDays > 0 && t !== since ? rng.int(-s.jitterDays, s.jitterDays) : 0);
        if (day >= start && day < ref) planned.push([day, start]);
      }
    } else if ('episodeWithinYears' in s) {
      if (!who.episode) continue;
      // Not before birth, and not before the patient reached the case's minimum age.
      const minAge = who.episode.case.def.minAge;
      const earliest = Math.max(ref - Math.round(s.episodeWithinYears * DAYS_PER_YEAR), who.birthDay, minAge > 0 ? addYears(who.birthDay, minAge) : who.birthDay);
      planned.push([Number.NaN, earliest]);
    } else {
      for (const earlier of byProgramme[programme.after] ?? []) {
        const day = earlier.endDay + rng.int(s.days.min, s.days.max);
        if (day < ref) planned.push([day, earlier.endDay]);
      }
    }
    const episodic = 'episodeWithinYears' in s;
    for (const [drawn, earliest] of planned) {
      const hours = programme.def.hours;
      const startMinute = hours ? rng.int(hours.from * 60, hours.to * 60 + 59) : -1;
      let span = 0;
      let endMinute = startMinute;
      if (episodic && who.episode && who.episode.lengthOfStay > 0) {
        span = who.episode.lengthOfStay;
        endMinute = hours ? rng.int(hours.from * 60, hours.to * 60 + 59) : -1;
      } else if (programme.def.durationMinutes && startMinute >= 0) {
        const total = startMinute + rng.int(programme.def.durationMinutes.min, programme.def.durationMinutes.max);
        span = Math.floor(total / 1440);
        endMinute = total % 1440;
      }
      let day = drawn;
      if (Number.isNaN(day)) {
        // The episode's day is drawn so that the stay and its notes end before the reference day.
        const latest = ref - 1 - span - noteDays(programme, endMinute);
        day = latest >= earliest ? rng.int(earliest, latest) : earliest;
      }
      const reason = programme.reasonCumulative ? programme.reasons[rng.weighted(programme.reasonCumulative)] : undefined;
      const slot: Slot = { programme, visit: mine.length, startDay: day, startMinute, endDay: day + span, endMinute, reason };
      fitBefore(slot, ref, earliest);
      mine.push(slot);
      slots.push(slot);
      if (episodic && who.episode) {
        who.episode.startDay = slot.startDay;
        who.episode.endDay = slot.endDay;
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

/** Minutes from the start of an encounter's last day to a note signed `delayMinutes` after the encounter ends. */
function noteMinutes(endMinute: number, delayMinutes: number): number {
  return (endMinute >= 0 ? endMinute : DATE_ONLY_NOTE_MINUTE) + delayMinutes;
}

/** Days from an encounter's last day to the day its last note is signed (0 without notes). */
function noteDays(programme: CompiledProgramme, endMinute: number): number {
  if (programme.documents.length === 0) return 0;
  return Math.floor(noteMinutes(endMinute, programme.noteDelayMinutes) / 1440);
}

/**
 * Keeps an encounter and its notes before the reference day: moves the whole encounter back by the
 * days it overruns, never before `earliest` (birth, the window, the event it follows). Only when
 * that cannot work (a patient born a day ago) does it squeeze the encounter into the last day.
 */
function fitBefore(slot: Slot, ref: number, earliest: number): void {
  const overrun = slot.endDay + noteDays(slot.programme, slot.endMinute) - (ref - 1);
  if (overrun <= 0) return;
  if (slot.startDay - overrun >= earliest) {
    slot.startDay -= overrun;
    slot.endDay -= overrun;
    return;
  }
  slot.startDay = ref - 1;
  slot.endDay = ref - 1;
  if (slot.startMinute >= 0) {
    slot.endMinute = Math.max(0, LAST_MINUTE - (slot.programme.documents.length > 0 ? slot.programme.noteDelayMinutes : 0));
    slot.startMinute = Math.min(slot.startMinute, slot.endMinute);
  }
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

function fillEncounters(model: CompiledProfile, rng: PatientRandom, patient: PatientRecord, deviations: readonly number[][], medications: readonly CompiledMedication[]): void {
  const ref = model.referenceDay;
  let observationCount = 0;
  let prescriptionCount = 0;
  let documentCount = 0;
  // When each tag's effects begin: a condition at its onset (the diagnosis date); cases and acuity
  // levels hold for the whole (single) episode.
  const tagStart = new Float64Array(model.tagCount).fill(Number.NEGATIVE_INFINITY);
  for (const c of patient.conditions) tagStart[c.condition.tag] = c.onsetDay;
  // Treatment starts at diagnosis, or at discharge for an episode's medication; NaN: not taken.
  const medicationStart = new Float64Array(model.medications.length).fill(Number.NaN);
  for (const m of medications) {
    const since = tagStart[m.forTag] as number;
    medicationStart[m.index] = since > Number.NEGATIVE_INFINITY ? since : (patient.episode?.endDay ?? ref);
  }
  const band = patient.band;
  const latest: (readonly number[] | undefined)[] = model.measurements.map(() => undefined);
  const prescribed = new Set<CompiledMedication>();
  for (const encounter of patient.encounters) {
    const programme = encounter.programme;
    const day = encounter.startDay;
    const ageThen = ageOn(patient.birthDay, day);
    for (const o of programme.observations) {
      if (ageThen < o.minAge) continue;
      if (o.onlyFor.length > 0 && !o.onlyFor.some((tag) => patient.tags[tag] === 1)) continue;
      const scheduled = o.everyNth > 0 && encounter.visit % o.everyNth === 0;
      if (!scheduled && !(o.probability > 0 && rng.next() < o.probability)) continue;
      const measurement = model.measurements[o.measurement] as CompiledMeasurement;
      const deviation = deviations[o.measurement] as number[];
      const values = measurement.parts.map((part, i) => {
        const v = part.model;
        let level = v.mean + (part.ageShift[band] as number) + part.sexShift[patient.sex];
        let sd = v.sd;
        for (const [tag, shift, effectSd, beforeOnset, perDay] of part.effects) {
          if (!patient.tags[tag]) continue;
          const onset = tagStart[tag] as number;
          if (day < onset) {
            level += beforeOnset;
            continue;
          }
          level += shift;
          if (perDay !== 0) level += perDay * (day - onset);
          if (effectSd !== undefined) sd = effectSd;
        }
        for (const [medication, shift, overDays] of part.treatments) {
          const since = medicationStart[medication] as number;
          if (!(day >= since)) continue;
          level += overDays > 0 && day - since < overDays ? (shift * (day - since)) / overDays : shift;
        }
        let value = Math.min(v.max, Math.max(v.min, level + sd * (deviation[i] as number) + v.visitSd * rng.normal()));
        for (const [tag, ceiling] of part.diagnosticCeilings) {
          // Undiagnosed, a diagnostic value would have been the diagnosis: reflect it below the threshold.
          if (value > ceiling && !(patient.tags[tag] && day >= (tagStart[tag] as number))) value = Math.max(v.min, 2 * ceiling - value);
        }
        return Math.round(value * part.scale) / part.scale;
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
      // Signed after the encounter's end; scheduling leaves room for that before the reference day,
      // and the clamp is the last resort that keeps every note before it.
      const total = noteMinutes(encounter.endMinute, def.signedAfterMinutes);
      let noteDay = encounter.endDay + Math.floor(total / 1440);
      let noteMinute = total % 1440;
      if (noteDay >= ref) {
        noteDay = ref - 1;
        noteMinute = LAST_MINUTE;
      }
      const context = noteContext(model, patient, encounter, ageOn(patient.birthDay, noteDay), latest, prescribed);
      encounter.documents.push({ id: `${patient.id}-d${documentCount++}`, def, text: renderTemplate(def.template, context), day: noteDay, minute: noteMinute });
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
  /** On the note's own date: a letter written after a birthday states the new age. */
  age: number,
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
    ['patient.age', String(age)],
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
