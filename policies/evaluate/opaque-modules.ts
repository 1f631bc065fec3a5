import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { describe, literalString } from '../model/value.ts';
import type { Evaluation, RuleDefinition } from '../rule.ts';

/**
 * A Terraform module call is a box this check cannot open: the resources it creates are defined
 * in its source (a registry module, a folder), not in the configuration being checked. Whatever a
 * rule asserts may be broken inside it, so every Terraform rule says UNKNOWN for every module
 * call, naming the module and its source, instead of passing it by. Checking the module's own
 * code, or the plan (`terraform show -json`), is what decides it.
 */
export function moduleCallsOf(artifact: NormalisedArtifact): readonly Resource[] {
  return artifact.format === 'terraform' ? artifact.resources.filter((r) => r.type === 'module') : [];
}

/** What `rule` says about each module call of an artifact (found once by `moduleCallsOf`). */
export function* moduleCalls(modules: readonly Resource[], rule: RuleDefinition): Iterable<Evaluation> {
  for (const resource of modules) {
    const source = resource.properties.source;
    const from = literalString(source) ?? describe(source);
    yield {
      outcome: 'UNKNOWN',
      resource,
      path: 'source',
      message: `“${rule.title}” cannot be decided before deploy for what ${resource.id} creates: a module call, whose resources are defined in ${from}, outside the configuration this check reads`,
    };
  }
}
