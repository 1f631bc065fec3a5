import { isCelError, run, isCelList } from '@bufbuild/cel';
import { WORKLOAD_CEL_RULES, WORKLOAD_RESOURCE_RULES, type WorkloadCelRule } from '../workload-cel/index.ts';
import { evaluateWorkloadRules, type WorkloadRuleResult } from '../workload-cel/evaluate.ts';
import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { at, isList, isObject, literalString, type ValueObject } from '../model/value.ts';
import { compliant, nonCompliant, unknownBecause, type CheckContext, type Evaluation, type FormatCheck, type RuleDefinition } from '../rule.ts';

/**
 * The workload rules of policies/workload-cel evaluated in CI exactly as the API server evaluates
 * them at admission: the same CEL text, the same variables, on every workload manifest. The CEL
 * decides; this module only finds the objects the policy matches, the tenant's registries, and,
 * for a denial, which container caused it (by re-running the same expression on one container).
 */

const KIND_OF_RESOURCE: Readonly<Record<string, string>> = {
  pods: 'Pod', replicationcontrollers: 'ReplicationController', deployments: 'Deployment', replicasets: 'ReplicaSet', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', jobs: 'Job', cronjobs: 'CronJob',
};

/** `group/kind` pairs the ValidatingAdmissionPolicy matches, derived from its resource rules. */
const MATCHED = new Set(
  WORKLOAD_RESOURCE_RULES.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => KIND_OF_RESOURCE[res]).filter(Boolean).map((k) => `${g}/${k}`))),
);

export function isWorkload(resource: Resource): boolean {
  const apiVersion = literalString(resource.properties.apiVersion) ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return MATCHED.has(`${group}/${resource.type}`);
}

export function podSpecPath(kind: string): string {
  return kind === 'Pod' ? 'spec' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
}

/** The registries a tenant may pull from: its plan, else the literal list of the artifact's admission policy. */
export function allowedRegistries(context: CheckContext): readonly string[] | undefined {
  if (context.tenant) return context.tenant.allowedRegistries;
  return registriesFromPolicy(context.artifact);
}

const policyRegistries = new WeakMap<NormalisedArtifact, readonly string[] | undefined>();
function registriesFromPolicy(artifact: NormalisedArtifact): readonly string[] | undefined {
  if (policyRegistries.has(artifact)) return policyRegistries.get(artifact);
  let found: string[] | undefined;
  for (const r of artifact.resources) {
    if (r.type !== 'ValidatingAdmissionPolicy') continue;
    const variables = at(r.properties, 'spec', 'variables');
    for (const v of isList(variables) ? variables : []) {
      if (literalString(at(v, 'name')) !== 'allowedRegistries') continue;
      const value = run(literalString(at(v, 'expression')) ?? '', {});
      if (!isCelError(value) && isCelList(value)) found = [...value].filter((x): x is string => typeof x === 'string');
    }
  }
  policyRegistries.set(artifact, found);
  return found;
}

const results = new WeakMap<Resource, Map<string, readonly WorkloadRuleResult[]>>();
function evaluate(resource: Resource, registries: readonly string[]): readonly WorkloadRuleResult[] {
  const key = registries.join('\n');
  let byRegistries = results.get(resource);
  if (!byRegistries) results.set(resource, (byRegistries = new Map()));
  let found = byRegistries.get(key);
  if (!found) byRegistries.set(key, (found = evaluateWorkloadRules(resource.properties, registries)));
  return found;
}

/** The object with its pod spec's containers replaced by `containers` (and no init or ephemeral ones). */
function withContainers(object: ValueObject, path: string, containers: readonly ValueObject[]): ValueObject {
  const keys = path.split('.');
  const rebuild = (node: ValueObject, i: number): ValueObject => {
    if (i === keys.length) {
      const { initContainers: _i, ephemeralContainers: _e, ...rest } = node;
      return { ...rest, containers: [...containers] };
    }
    const child = node[keys[i]!];
    return { ...node, [keys[i]!]: rebuild(isObject(child) ? child : {}, i + 1) };
  };
  return rebuild(object, 0);
}

/**
 * Where a denial comes from, as property paths: the pod spec when the rule denies the pod even
 * without containers (hostNetwork, hostPath volumes), else each container the rule denies on its
 * own. The same CEL decides; this only re-runs it on smaller objects.
 */
function culprits(resource: Resource, rule: WorkloadCelRule, registries: readonly string[]): string[] {
  const base = podSpecPath(resource.type);
  const denies = (object: ValueObject) => evaluateWorkloadRules(object, registries).find((r) => r.rule.id === rule.id)?.allowed === false;
  if (denies(withContainers(resource.properties, base, []))) return [base];
  const spec = at(resource.properties, ...base.split('.'));
  const paths: string[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = at(spec, list);
    (isList(containers) ? containers : []).forEach((c, i) => {
      if (isObject(c) && denies(withContainers(resource.properties, base, [c]))) paths.push(`${base}.${list}[${i}]`);
    });
  }
  return paths.length > 0 ? paths : [base];
}

export function workloadCelCheck(ruleId: string): FormatCheck {
  const rule = WORKLOAD_CEL_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`policies/workload-cel has no rule ${ruleId}`);
  const needsRegistries = rule.expression.includes('variables.allowedRegistries');
  return function* (context) {
    const registries = allowedRegistries(context);
    for (const resource of context.artifact.resources) {
      if (!isWorkload(resource)) continue;
      const result = evaluate(resource, registries ?? []).find((r) => r.rule.id === ruleId)!;
      if (result.allowed) {
        yield compliant(resource, podSpecPath(resource.type));
      } else if (needsRegistries && registries === undefined) {
        // Only the registry list is missing; what the expression decides without it (a tag, a
        // missing digest) is another rule's, which needs no list and so is never UNKNOWN.
        yield unknownBecause(resource, podSpecPath(resource.type), `Whether ${rule.title.charAt(0).toLowerCase()}${rule.title.slice(1)}`, `the allowed registries are unknown: no plan for tenant ${context.tenantId ?? '(none)'} and no admission policy in the artifact`);
      } else {
        const why = result.error ? ` (the expression failed: ${result.error}; the API server denies on failure)` : '';
        for (const path of culprits(resource, rule, registries ?? [])) yield nonCompliant(resource, path, `${rule.message}${why}`) as Evaluation;
      }
    }
  };
}

/**
 * A catalog entry for a workload CEL rule: the title and the decision come from
 * policies/workload-cel, the reasons and references from the catalog file.
 */
export function workloadCelRule(entry: Omit<RuleDefinition, 'title' | 'implementations' | 'enforcedAtRunTime' | 'severity'>): RuleDefinition {
  const cel = WORKLOAD_CEL_RULES.find((r) => r.id === entry.id);
  if (!cel) throw new Error(`policies/workload-cel has no rule ${entry.id}`);
  return {
    ...entry,
    title: cel.title,
    severity: 'error',
    enforcedAtRunTime: {
      mechanism: 'validating-admission-policy',
      source: 'policies/workload-cel/index.ts',
      description: 'the tenant namespace’s ValidatingAdmissionPolicy evaluates the same CEL expression at admission and denies the workload',
    },
    implementations: { kubernetes: workloadCelCheck(entry.id) },
  };
}
