import { z } from 'zod';
import { PLAN_API_VERSIONS } from './plan-schema.ts';
import { CARE_SETTINGS, DATA_CLASSIFICATIONS } from './tenant.ts';

/**
 * A tenant profile (`sandbox-templates/profiles/<name>.yaml`): defaults and limits shared by every
 * plan that names it. Profiles are reviewed by the platform team; plans only choose within them.
 */

const amount = z.number().nonnegative();
const computeAmounts = z.strictObject({
  cpu: amount.positive(),
  memoryGiB: amount.positive(),
  gpu: amount.int(),
  storageGiB: amount.positive(),
});

const retentionFloors = z.strictObject({
  'ai-system-logs': z.number().int().positive().optional(),
  'access-logs': z.number().int().positive().optional(),
  'patient-record-logs': z.number().int().positive().optional(),
  documentation: z.number().int().positive().optional(),
});

export const profileSchema = z.strictObject({
  apiVersion: z.enum(PLAN_API_VERSIONS),
  kind: z.literal('SandboxProfile'),
  metadata: z.strictObject({ name: z.string().min(1), description: z.string().min(1) }),
  spec: z.strictObject({
    compute: z.strictObject({ defaults: computeAmounts, limits: computeAmounts }),
    instanceFamilies: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1),
    allowedRegistries: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/)).min(1),
    // A profile may raise the legal floors (never lower them: see retention.ts).
    retentionDays: retentionFloors.default({}),
    datasets: z.strictObject({
      allowed: z.array(z.string().min(1)).min(1),
      defaults: z
        .array(z.strictObject({ profile: z.string().min(1), patients: z.number().int().positive(), seed: z.number().int().min(0) }))
        .default([]),
    }),
  }),
});

export type SandboxProfile = z.output<typeof profileSchema>;

/**
 * The part of a dataset profile the plan loader needs. The rest of the file belongs to the
 * synthetic-data generator, so unknown keys are allowed here on purpose.
 */
export const datasetProfileHeaderSchema = z.looseObject({
  apiVersion: z.enum(PLAN_API_VERSIONS),
  kind: z.literal('DatasetProfile'),
  metadata: z.looseObject({ name: z.string().min(1) }),
  spec: z.looseObject({
    careSetting: z.enum(CARE_SETTINGS),
    classification: z.enum(DATA_CLASSIFICATIONS),
  }),
});

export type DatasetProfileHeader = z.output<typeof datasetProfileHeaderSchema>;
