import { z } from 'zod';
import { EU_REGIONS } from './eu-regions.ts';
import { isoDate } from './iso-date.ts';
import {
  DATA_CLASSIFICATIONS,
  MEDICAL_DEVICE_CLASSES,
  PERSON_ROLES,
  PUBLIC_INTEREST_AREAS,
  RISK_CLASSES,
  TENANT_STATUSES,
} from './tenant.ts';

/**
 * The shape of a sandbox plan (the machine-readable AI Act Art. 57(5) plan), exactly as in
 * ARCHITECTURE.md. Every object is strict: an unknown key is an error, because a misspelt
 * `stauts: suspended` silently ignored would leave a tenant running that someone meant to stop.
 * Cross-field and cross-file rules live in plan-rules.ts.
 */

export const PLAN_API_VERSIONS = ['regulatory-sandbox/v1'] as const;
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9-]{2,30}$/;
// Person ids end up in IAM role names and Kubernetes subjects: keep them short and plain.
export const PERSON_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,19}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

const nonEmptyText = (what: string) =>
  z.string({ error: `must be ${what}` }).trim().min(1, { error: `must be ${what}, not empty` });

const personSchema = z.strictObject({
  id: z
    .string({ error: 'must be a person id such as u-100' })
    .regex(PERSON_ID_PATTERN, { error: `must match ${PERSON_ID_PATTERN.source} (lower case, digits, dashes, at most 20 characters)` }),
  name: nonEmptyText('the person’s name'),
  role: oneOf(PERSON_ROLES),
  email: z.string({ error: 'must be an e-mail address' }).regex(EMAIL_PATTERN, { error: 'must be an e-mail address' }),
});

const datasetSchema = z.strictObject({
  profile: nonEmptyText('the name of a dataset profile in sandbox-templates/datasets/'),
  patients: z
    .number({ error: 'must be a whole number of patients' })
    .int({ error: 'must be a whole number of patients' })
    .positive({ error: 'must be at least 1' })
    .max(10_000_000, { error: 'must be at most 10 000 000 per dataset' }),
  seed: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0 or more' })
    .max(0xffff_ffff, { error: 'must fit in 32 bits (at most 4294967295)' }),
  classification: oneOf(DATA_CLASSIFICATIONS).optional(),
  justification: nonEmptyText('a justification').optional(),
});

const positive = (unit: string) =>
  z.number({ error: `must be a number of ${unit}` }).positive({ error: `must be more than 0 ${unit}` });

const computeSchema = z.strictObject({
  cpu: positive('vCPUs').optional(),
  memoryGiB: positive('GiB').optional(),
  gpu: z
    .number({ error: 'must be a whole number of GPUs' })
    .int({ error: 'must be a whole number of GPUs' })
    .min(0, { error: 'must be 0 or more GPUs' })
    .optional(),
  storageGiB: positive('GiB').optional(),
});

export const planSchema = z.strictObject({
  apiVersion: oneOf(PLAN_API_VERSIONS),
  kind: z.literal('SandboxPlan', { error: 'must be SandboxPlan' }),
  metadata: z.strictObject({
    id: z
      .string({ error: 'must be the tenant id' })
      .regex(TENANT_ID_PATTERN, { error: `must match ${TENANT_ID_PATTERN.source} (starts with a letter; lower case, digits and dashes; 3 to 31 characters)` }),
    participant: nonEmptyText('the participating organisation'),
  }),
  spec: z.strictObject({
    profile: nonEmptyText('the name of a profile in sandbox-templates/profiles/'),
    purpose: nonEmptyText('a sentence describing the intended purpose'),
    publicInterest: oneOf(PUBLIC_INTEREST_AREAS),
    riskClass: oneOf(RISK_CLASSES),
    medicalDeviceClass: oneOf(MEDICAL_DEVICE_CLASSES),
    region: z.enum(EU_REGIONS, {
      error: `must be an AWS region inside the EU (EHDS Art. 87, GDPR Chapter V): one of ${EU_REGIONS.join(', ')}`,
    }),
    period: z.strictObject({ start: isoDate, end: isoDate }),
    people: z.array(personSchema, { error: 'must be a list of people' }).min(1, { error: 'must name at least one person' }),
    datasets: z.array(datasetSchema, { error: 'must be a list of datasets' }).optional(),
    compute: computeSchema.optional(),
    status: oneOf(TENANT_STATUSES).default('active'),
  }),
});

export type SandboxPlan = z.output<typeof planSchema>;
