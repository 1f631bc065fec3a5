import { EU_REGION_LIST, nonEuRegionsIn, isEuRegion } from '../aws/regions.ts';
import { artifactAnchor } from '../model/resource.ts';
import { Interpolation, isObject, literalString, walk, type Value } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/**
 * Every region an artifact names, anywhere (provider region, ARN, endpoint, service name, zone),
 * is in the EU. A CloudFormation template does not name the region it is deployed to: where the
 * caller knows it (CDK's stack environment in `cdk synth`) it is checked too, and otherwise the
 * platform's service control policy holds the deploy to the EU. The Terraform provider's region
 * is in the file, and an unset or variable region is UNKNOWN.
 */
const textsOf = (value: Value): string[] =>
  typeof value === 'string' ? [value] : value instanceof Interpolation ? value.parts.filter((p): p is string => typeof p === 'string') : [];

/** Whether any string below `value` names a non-EU region; nearly every resource names none. */
function mentionsNonEuRegion(value: Value): boolean {
  if (typeof value === 'string') return NAMES_A_ZONE.test(value) && nonEuRegionsIn(value).length > 0;
  if (Array.isArray(value)) return value.some(mentionsNonEuRegion);
  if (value instanceof Interpolation) return textsOf(value).some(mentionsNonEuRegion);
  if (isObject(value)) {
    for (const key in value) if (mentionsNonEuRegion(value[key]!)) return true;
  }
  return false;
}

/** Every region name ends in a dash and a digit: a cheap test before the full pattern. */
const NAMES_A_ZONE = /-\d/;

function* scan(context: CheckContext): Iterable<Evaluation> {
  const deployRegion = context.artifact.deployRegion;
  if (deployRegion !== undefined) {
    const anchor = artifactAnchor(context.artifact);
    yield isEuRegion(deployRegion)
      ? compliant(anchor, '')
      : nonCompliant(anchor, '', `the stack is deployed to ${deployRegion}, which is not an EU region (${EU_REGION_LIST})`);
  }
  for (const resource of context.artifact.resources) {
    let clean = true;
    // Most resources name no region at all: test the cheap way first, find the paths only on a hit.
    if (mentionsNonEuRegion(resource.properties)) {
      for (const { path, value } of walk(resource.properties)) {
        for (const text of textsOf(value)) {
          for (const region of nonEuRegionsIn(text)) {
            clean = false;
            yield nonCompliant(resource, path, `names the non-EU region ${region} (${JSON.stringify(text)}); health data stays in EU regions (${EU_REGION_LIST})`);
          }
        }
      }
    }
    if (resource.type === 'provider.aws') {
      const region = resource.properties.region;
      const literal = literalString(region);
      if (region === undefined) {
        clean = false;
        yield unknown(resource, 'region', 'The AWS region', region, 'no region in the provider block, so AWS_REGION or the profile decides at run time');
      } else if (literal === undefined) {
        clean = false;
        yield unknown(resource, 'region', 'The AWS region', region);
      } else if (!isEuRegion(literal) && nonEuRegionsIn(literal).length === 0) {
        clean = false;
        yield nonCompliant(resource, 'region', `region ${JSON.stringify(literal)} is not an EU region (${EU_REGION_LIST})`);
      }
    }
    if (clean) yield compliant(resource, '');
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-RES-001',
  title: 'Every region in the artifact is an EU region',
  rationale:
    'Health data must be stored and processed in the Union. A region outside the EU in any provider block, ARN, endpoint or service name means data, keys, logs or Terraform state could land outside the EU. eu-west-2 (London) and eu-central-2 (Zurich) are in Europe but not in the EU and count as non-EU.',
  remediation: 'Use one of the EU regions from tenancy/eu-regions.ts everywhere; set the Terraform provider region explicitly instead of relying on the environment.',
  severity: 'error',
  supports: ['ehds-87', 'gdpr-chapter-v', 'nen-7510-5-23'],
  crossReferences: { controlTower: ['CT.MULTISERVICE.PV.1'] },
  enforcedAtRunTime: {
    mechanism: 'service-control-policy',
    source: 'policies/adapters/service-control-policy.ts',
    description: 'the platform stack’s service control policy denies every request outside the EU regions, global services excepted',
  },
  implementations: { cloudformation: scan, terraform: scan, kubernetes: scan },
};
