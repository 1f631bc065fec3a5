import type { CompiledProfile } from './compiled-profile.ts';
import type { PatientRecord } from './patient-record.ts';

/**
 * Running counts for the datasheet, kept as plain integers per cell (band·2 + sex) so that shard
 * datasheets can be summed and the whole dataset never has to be held in memory.
 */
export interface DatasetCounts {
  patients: number;
  /** Patients per band·2 + sex. */
  ageSex: number[];
  /** Per condition id: patients with the condition per band·2 + sex. */
  conditions: Record<string, number[]>;
  /** Per case id: patients whose episode is that case. */
  cases: Record<string, number>;
  /** Per acuity level code. */
  acuity: Record<string, number>;
}

export function emptyCounts(model: CompiledProfile): DatasetCounts {
  const cells = model.bands.length * 2;
  return {
    patients: 0,
    ageSex: new Array<number>(cells).fill(0),
    conditions: Object.fromEntries(model.conditions.map((c) => [c.id, new Array<number>(cells).fill(0)])),
    cases: Object.fromEntries(model.cases.map((c) => [c.id, 0])),
    acuity: Object.fromEntries((model.acuity?.levels ?? []).map((l) => [l.code, 0])),
  };
}

export function countPatient(model: CompiledProfile, counts: DatasetCounts, patient: PatientRecord): void {
  const cell = patient.band * 2 + patient.sex;
  counts.patients++;
  counts.ageSex[cell] = (counts.ageSex[cell] ?? 0) + 1;
  for (const c of patient.conditions) {
    const row = counts.conditions[c.condition.id] as number[];
    row[cell] = (row[cell] ?? 0) + 1;
  }
  if (patient.episode) {
    counts.cases[patient.episode.case.id] = (counts.cases[patient.episode.case.id] ?? 0) + 1;
    const level = model.acuity?.levels[patient.episode.acuity];
    if (level) counts.acuity[level.code] = (counts.acuity[level.code] ?? 0) + 1;
  }
}
