import { isoDateTime, isoDay } from './calendar.ts';
import type { CompiledProfile } from './compiled-profile.ts';
import type { EncounterRecord, PatientRecord } from './patient-record.ts';
import type { ResourceType } from './profile-schema.ts';
import { PSEUDONYM_SYSTEM } from './pseudonym.ts';

/**
 * Writes a structured patient as FHIR R4 resources, one JSON line each. Every resource carries the
 * HL7 ActReason code HTEST in meta.security, so no copy of these records can pass for real patient
 * data, and every reference points at a resource emitted for the same patient.
 *
 * Most of each line is constant per profile (codings, category, meta), so those fragments are
 * serialised once when the profile is compiled and spliced in here; only ids, dates, numbers and
 * profile strings vary. Ids, dates and numbers are built from digits and fixed ASCII and need no
 * escaping; every other string goes through JSON.stringify. This is what lets the generator write
 * faster than JSON.stringify can serialise the same resources as objects (see
 * bench/synthetic.bench.ts); the tests parse and schema-validate every line.
 */
export const HTEST = Object.freeze({
  system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  code: 'HTEST',
  display: 'test health data',
});
const META = JSON.stringify({ security: [HTEST] });

export type EmitResource = (type: ResourceType, json: string) => void;

const q = JSON.stringify;
const concept = (system: string, code: string, display: string): string => q({ coding: [{ system, code, display }] });
const CLINICAL_ACTIVE = concept('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active');
const CLINICAL_RESOLVED = concept('http://terminology.hl7.org/CodeSystem/condition-clinical', 'resolved', 'Resolved');
const CONFIRMED = concept('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed');
const PROBLEM_LIST = `[${concept('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item')}]`;
const ENCOUNTER_DIAGNOSIS = `[${concept('http://terminology.hl7.org/CodeSystem/condition-category', 'encounter-diagnosis', 'Encounter Diagnosis')}]`;
const SURVEY = `[${concept('http://terminology.hl7.org/CodeSystem/observation-category', 'survey', 'Survey')}]`;
const GENDER = ['"male"', '"female"'] as const;
// A pseudonym is not the patient's official identifier: `secondary`, as FHIR's identifier-use says.
const IDENTIFIER_PREFIX = `[{"use":"secondary","system":${q(PSEUDONYM_SYSTEM)},"value":"`;

function when(day: number, minute: number): string {
  return minute >= 0 ? isoDateTime(day, minute) : isoDay(day);
}

/** FHIR `instant` needs a time: date-only encounters sign their notes at the document's minute. */
function instant(day: number, minute: number): string {
  return isoDateTime(day, minute >= 0 ? minute : 9 * 60);
}

const head = (type: ResourceType, id: string): string => `{"resourceType":"${type}","id":"${id}","meta":${META}`;

export function emitPatientResources(model: CompiledProfile, patient: PatientRecord, emit: EmitResource): void {
  const subject = `"subject":{"reference":"Patient/${patient.id}"}`;
  emit(
    'Patient',
    `${head('Patient', patient.id)},"identifier":${IDENTIFIER_PREFIX}${patient.pseudonym}"}],"active":true` +
      `,"name":[{"use":"official","family":${q(patient.family)},"given":[${q(patient.given)}]}]` +
      `,"gender":${GENDER[patient.sex]},"birthDate":"${isoDay(patient.birthDay)}"` +
      `,"address":[{"use":"home","city":${q(patient.city)},"country":"NL"}]}`,
  );

  for (const c of patient.conditions) {
    const onset = isoDay(c.onsetDay);
    emit(
      'Condition',
      `${head('Condition', c.id)},"clinicalStatus":${CLINICAL_ACTIVE},"verificationStatus":${CONFIRMED},"category":${PROBLEM_LIST}` +
        `,"code":${c.condition.code.json},${subject},"onsetDateTime":"${onset}","recordedDate":"${onset}"}`,
    );
  }

  const episode = patient.episode;
  const stay = episode ? patient.encounters.find((e) => 'episodeWithinYears' in e.programme.def.schedule) : undefined;
  if (episode && stay) {
    const resolved = episode.case.def.clinicalStatus === 'resolved';
    const onset = when(stay.startDay, stay.startMinute);
    emit(
      'Condition',
      `${head('Condition', episode.id)},"clinicalStatus":${resolved ? CLINICAL_RESOLVED : CLINICAL_ACTIVE},"verificationStatus":${CONFIRMED}` +
        `,"category":${ENCOUNTER_DIAGNOSIS},"code":${episode.case.code.json},${subject},"encounter":{"reference":"Encounter/${stay.id}"}` +
        `,"onsetDateTime":"${onset}"${resolved ? `,"abatementDateTime":"${when(stay.endDay, stay.endMinute)}"` : ''},"recordedDate":"${onset}"}`,
    );
  }

  for (const encounter of patient.encounters) emitEncounter(model, patient, encounter, subject, emit);
}

function emitEncounter(model: CompiledProfile, patient: PatientRecord, encounter: EncounterRecord, subject: string, emit: EmitResource): void {
  const programme = encounter.programme;
  const start = when(encounter.startDay, encounter.startMinute);
  const end = when(encounter.endDay, encounter.endMinute);
  const acuityLevel = patient.episode && programme.def.assessAcuity && model.acuity ? model.acuity.levels[patient.episode.acuity] : undefined;
  emit(
    'Encounter',
    `${head('Encounter', encounter.id)},"status":"finished","class":${programme.classJson},"type":[${programme.type.json}]` +
      (acuityLevel ? `,"priority":${acuityLevel.priorityJson}` : '') +
      `,${subject},"period":{"start":"${start}","end":"${end}"}` +
      (encounter.reason ? `,"reasonCode":[${encounter.reason.json}]` : '') +
      (encounter.reasonId ? `,"reasonReference":[{"reference":"Condition/${encounter.reasonId}"}]` : '') +
      '}',
  );
  const context = `"encounter":{"reference":"Encounter/${encounter.id}"}`;
  for (const o of encounter.observations) {
    const m = o.measurement;
    let value: string;
    let category: string;
    let code: string;
    if (m) {
      category = `[${m.category.json}]`;
      code = m.code.json;
      if (m.isPanel) {
        value = `"component":[${m.parts.map((part, i) => `{"code":${part.code.json},"valueQuantity":{"value":${o.values[i]}${part.unitJson}}}`).join(',')}]`;
      } else {
        value = `"valueQuantity":{"value":${o.values[0]}${(m.parts[0] as (typeof m.parts)[number]).unitJson}}`;
      }
    } else if (model.acuity) {
      category = SURVEY;
      code = model.acuity.code.json;
      value = `"valueCodeableConcept":${(model.acuity.levels[o.acuity] as (typeof model.acuity.levels)[number]).value.json}`;
    } else {
      continue;
    }
    emit('Observation', `${head('Observation', o.id)},"status":"final","category":${category},"code":${code},${subject},${context},"effectiveDateTime":"${start}",${value}}`);
  }
  for (const p of encounter.prescriptions) {
    const med = p.medication;
    const reasonId = patient.conditions.find((c) => c.condition.tag === med.forTag)?.id ?? (patient.episode?.case.tag === med.forTag ? patient.episode.id : undefined);
    emit(
      'MedicationRequest',
      `${head('MedicationRequest', p.id)},"status":"${p.active ? 'active' : 'completed'}","intent":"order","medicationCodeableConcept":${med.code.json}` +
        `,${subject},${context},"authoredOn":"${isoDay(encounter.endDay)}"` +
        (reasonId ? `,"reasonReference":[{"reference":"Condition/${reasonId}"}]` : '') +
        `,"dosageInstruction":${med.dosageJson}}`,
    );
  }
  for (const d of encounter.documents) {
    const bytes = Buffer.from(d.text, 'utf8');
    const date = instant(d.day, d.minute);
    const attachment = { contentType: 'text/plain; charset=utf-8', language: 'nl', data: bytes.toString('base64'), size: bytes.length, title: d.def.title, creation: date };
    emit(
      'DocumentReference',
      `${head('DocumentReference', d.id)},"status":"current","docStatus":"final","type":${q({ coding: [d.def.type], text: d.def.title })}` +
        (d.def.category ? `,"category":[${q({ coding: [d.def.category] })}]` : '') +
        `,${subject},"date":"${date}","description":${q(d.def.title)},"content":[{"attachment":${q(attachment)}}]` +
        `,"context":{"encounter":[{"reference":"Encounter/${encounter.id}"}],"period":{"start":"${start}","end":"${end}"}}}`,
    );
  }
}
