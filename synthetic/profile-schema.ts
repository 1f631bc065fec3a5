import { z } from 'zod';

/**
 * The shape of a dataset profile (`sandbox-templates/datasets/<name>.yaml`). Everything clinical or
 * demographic lives in the profile (reference figures with their sources, code lists, value models,
 * note templates); the engine only knows the vocabulary below. The header (apiVersion, kind,
 * metadata, careSetting, classification, referenceDate) is also read by the plan loader.
 */

const id = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be a lower-case id (a-z, 0-9, -)');
const probability = z.number().min(0).max(1);
const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  // YAML 1.1 parsers turn 2026-01-01 into a Date; accept both spellings and keep the string.
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
    return z.NEVER;
  }
  return text;
});

export const codingSchema = z.strictObject({
  system: z.string().regex(/^(https?:\/\/|urn:)\S+$/, 'must be a URI (http(s):// or urn:)'),
  code: z.string().regex(/^[^\s]+( [^\s]+)*$/, 'must be a FHIR code (no leading, trailing or double spaces)'),
  display: z.string().min(1),
});
export type Coding = z.infer<typeof codingSchema>;

const bySex = z.strictObject({ male: z.number().min(0), female: z.number().min(0) });
const prevalenceBySex = z.strictObject({ male: probability, female: probability });

const sourceSchema = z.strictObject({
  citation: z.string().min(1),
  year: z.number().int().min(1990).max(2100),
  url: z.string().url().optional(),
  note: z.string().optional(),
});

const ageBandSchema = z.strictObject({
  label: z.string().min(1),
  min: z.number().int().min(0),
  max: z.number().int().min(0).max(110),
  male: z.number().min(0),
  female: z.number().min(0),
});

const loading = z.number().min(-1).max(1);

/**
 * A value model: a per-patient level (correlated through the latent factor, named factors and, for
 * panels, a factor shared by the components) that moves with the patient's conditions and
 * treatment over time, plus per-visit noise.
 */
const valueModelSchema = z.strictObject({
  mean: z.number(),
  sd: z.number().min(0),
  visitSd: z.number().min(0).default(0),
  min: z.number(),
  max: z.number(),
  /** Loading on the patient's latent (cardio-metabolic or severity) factor: drives correlations. */
  latent: loading.default(0),
  /** Loading on a factor shared by the components of one measurement (systolic with diastolic). */
  shared: loading.default(0),
  /** Loadings on factors named in spec.factors, shared across measurements (HbA1c with fasting glucose). */
  factors: z.record(id, loading).optional(),
  sexShift: bySex.partial().optional(),
  ageShift: z.record(z.string(), z.number()).optional(),
  /**
   * Shifts by tag: a condition id, a case id or an acuity level code the patient carries. A
   * condition's shift (and sd) holds from its onset (the diagnosis date) on, growing by perYear since
   * then; before onset the patient shows beforeOnset instead.
   */
  effects: z
    .record(
      z.string(),
      z.strictObject({ shift: z.number().default(0), sd: z.number().min(0).optional(), beforeOnset: z.number().default(0), perYear: z.number().default(0) }),
    )
    .optional(),
  /**
   * Treatment effects by medication id: the shift reached `overDays` after the medication starts
   * (at the onset of the condition it treats, or at discharge for an episode's medication), linear
   * until then.
   */
  treatment: z.record(id, z.strictObject({ shift: z.number(), overDays: z.number().int().min(0).default(0) })).optional(),
});
export type ValueModel = z.infer<typeof valueModelSchema>;

const unitSchema = z.strictObject({ ucum: z.string().min(1), display: z.string().min(1) });

const componentSchema = z.strictObject({
  label: z.string().min(1),
  codings: z.array(codingSchema).min(1),
  unit: unitSchema,
  decimals: z.number().int().min(0).max(4),
  value: valueModelSchema,
});

const measurementSchema = z
  .strictObject({
    label: z.string().min(1),
    category: z.enum(['vital-signs', 'laboratory', 'exam', 'survey']),
    codings: z.array(codingSchema).min(1),
    unit: unitSchema.optional(),
    decimals: z.number().int().min(0).max(4).optional(),
    value: valueModelSchema.optional(),
    /** For panels (blood pressure): each component has its own code and value model. */
    components: z.record(id, componentSchema).optional(),
  })
  .superRefine((m, ctx) => {
    const single = m.value !== undefined && m.unit !== undefined && m.decimals !== undefined;
    if (single === (m.components !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either value + unit + decimals, or components' });
    }
  });
export type Measurement = z.infer<typeof measurementSchema>;

const conditionSchema = z.strictObject({
  label: z.string().min(1),
  codings: z.array(codingSchema).min(1),
  prevalence: z.strictObject({ source: id, byAgeBand: z.record(z.string(), prevalenceBySex) }),
  /** Risk rises with the latent factor as exp(b·z − b²/2): the mean stays at the reference. */
  latentRisk: z.number().min(0).max(2).default(0),
  /** Relative risk when the patient has an earlier-listed condition; normalised per band and sex. */
  riskIf: z.record(id, z.number().min(1).max(20)).optional(),
  onset: z.strictObject({ minAge: z.number().int().min(0), maxYearsBefore: z.number().int().min(0) }),
  /**
   * Single measured values that establish the diagnosis by themselves (measurement id → threshold).
   * A patient without the condition, or before its onset, never shows a value at or above one:
   * such a value would have been the diagnosis.
   */
  diagnosticThresholds: z.record(id, z.number()).optional(),
});
export type ConditionDef = z.infer<typeof conditionSchema>;

const medicationSchema = z.strictObject({
  label: z.string().min(1),
  codings: z.array(codingSchema).min(1),
  dosage: z.string().min(1),
  /** The condition or case this medication treats; the patient gets it with this probability. */
  for: id,
  probability,
});
export type MedicationDef = z.infer<typeof medicationSchema>;

const rangeSchema = z.strictObject({ min: z.number().min(0), max: z.number().min(0) });

const acuityLevelSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9]+$/),
  display: z.string().min(1),
  /** HL7 v3 ActPriority code for Encounter.priority. */
  priority: z.enum(['EM', 'UR', 'R', 'EL', 'S', 'A']),
  maxWaitMinutes: z.number().int().min(0),
});

const caseSchema = z.strictObject({
  label: z.string().min(1),
  codings: z.array(codingSchema).min(1),
  /** The reference share of this case in the setting's case mix (the representativeness target). */
  weight: z.number().min(0),
  minAge: z.number().int().min(0).default(0),
  clinicalStatus: z.enum(['active', 'resolved']).default('active'),
  durationDays: rangeSchema.optional(),
  acuity: z.record(z.string(), z.number().min(0)).optional(),
  /** Dutch fragments for the notes; one variant of each is chosen per patient. */
  text: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/, 'must be a fragment name (letters, digits, -)'), z.array(z.string().min(1)).min(1)).default({}),
});
export type CaseDef = z.infer<typeof caseSchema>;

const scheduleSchema = z.union([
  z.strictObject({ ratePerYear: z.record(z.string(), z.number().min(0).max(60)), windowYears: z.number().min(0.1).max(20) }),
  z.strictObject({ everyMonths: z.number().int().min(1).max(60), windowYears: z.number().min(0.1).max(20), jitterDays: z.number().int().min(0).max(60).default(0) }),
  z.strictObject({ episodeWithinYears: z.number().min(0.01).max(20) }),
  z.strictObject({ after: id, days: rangeSchema }),
]);

const programmeSchema = z.strictObject({
  id,
  label: z.string().min(1),
  /** `everyone`, or a condition or case id: only patients with that tag get these encounters. */
  for: z.union([z.literal('everyone'), id]).default('everyone'),
  class: z.enum(['AMB', 'IMP', 'EMER', 'VR', 'HH']),
  type: codingSchema,
  schedule: scheduleSchema,
  /** Local clock time of the encounter start; without it encounters carry dates only. */
  hours: z.strictObject({ from: z.number().int().min(0).max(23), to: z.number().int().min(0).max(23) }).optional(),
  /** Length of a same-day contact (needs `hours`); stays use the case's durationDays instead. */
  durationMinutes: rangeSchema.optional(),
  reasons: z.array(z.strictObject({ codings: z.array(codingSchema).min(1), label: z.string().min(1), weight: z.number().min(0) })).optional(),
  /** Reference the programme's condition or case as Encounter.reasonReference. */
  reasonIsTag: z.boolean().default(false),
  observations: z
    .array(
      z.strictObject({
        measurement: id,
        probability: probability.default(0),
        everyNth: z.number().int().min(1).optional(),
        minAge: z.number().int().min(0).default(0),
        /** Only for patients carrying one of these tags (NT-proBNP for heart failure). */
        onlyFor: z.array(id).min(1).optional(),
      }),
    )
    .default([]),
  /** Acuity assessment (triage urgency) as an Observation at this encounter. */
  assessAcuity: z.boolean().default(false),
  /** `own`: renew the medications for this programme's tag at each visit; `all`: every medication the patient takes. */
  prescribe: z.enum(['none', 'own', 'all']).default('none'),
  documents: z.array(id).default([]),
});
export type Programme = z.infer<typeof programmeSchema>;

const documentSchema = z.strictObject({
  title: z.string().min(1),
  type: codingSchema,
  category: codingSchema.optional(),
  /** Minutes after the encounter start (or end, for stays) at which the note is signed. */
  signedAfterMinutes: z.number().int().min(0).default(60),
  template: z.string().min(1),
});
export type DocumentDef = z.infer<typeof documentSchema>;

export const datasetProfileSchema = z.strictObject({
  apiVersion: z.literal('regulatory-sandbox/v1'),
  kind: z.literal('DatasetProfile'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'must match ^[a-z][a-z0-9-]{2,40}$'),
    description: z.string().min(1),
  }),
  spec: z.strictObject({
    careSetting: z.enum(['primary-care', 'hospital', 'emergency']),
    classification: z.literal('synthetic'),
    referenceDate: isoDate,
    intendedUse: z.string().min(1),
    preparation: z.array(z.string().min(1)).min(1),
    assumptions: z.array(z.string().min(1)).min(1),
    knownGaps: z.array(z.string().min(1)).min(1),
    sources: z.record(id, sourceSchema),
    population: z.strictObject({ source: id, description: z.string().min(1), ageBands: z.array(ageBandSchema).min(1) }),
    names: z.strictObject({
      male: z.array(z.string().min(1)).min(1),
      female: z.array(z.string().min(1)).min(1),
      family: z.array(z.string().min(1)).min(1),
      cities: z.array(z.string().min(1)).min(1),
    }),
    latentFactor: z.string().min(1),
    /** Further patient factors (name → what it stands for) that value models load on by name. */
    factors: z.record(id, z.string().min(1)).default({}),
    conditions: z.record(id, conditionSchema).default({}),
    episode: z
      .strictObject({
        source: id,
        description: z.string().min(1),
        cases: z.record(id, caseSchema),
        acuity: z
          .strictObject({ codings: z.array(codingSchema).min(1), system: z.string().regex(/^(https?:\/\/|urn:)\S+$/), label: z.string().min(1), levels: z.array(acuityLevelSchema).min(2) })
          .optional(),
      })
      .optional(),
    measurements: z.record(id, measurementSchema).default({}),
    medications: z.record(id, medicationSchema).default({}),
    encounters: z.array(programmeSchema).min(1),
    documents: z.record(id, documentSchema).default({}),
  }),
});

export type DatasetProfileSpec = z.infer<typeof datasetProfileSchema>;
export type ResourceType = 'Patient' | 'Encounter' | 'Condition' | 'Observation' | 'MedicationRequest' | 'DocumentReference';
