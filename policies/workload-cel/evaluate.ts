import { celEnv, isCelError, parse, plan, type CelValue } from '@bufbuild/cel';
import { WORKLOAD_CEL_RULES } from './index.ts';
import type { WorkloadCelRule } from './rule.ts';
import { workloadCelVariables } from './workload-variables.ts';

/**
 * Evaluates the workload rules on one object the way the API server does: the variables in order,
 * then each validation; an expression that errors denies (the policy's failurePolicy is Fail).
 */
export interface WorkloadRuleResult {
  readonly rule: WorkloadCelRule;
  readonly allowed: boolean;
  /** Set when the expression could not be evaluated on this object (e.g. a field the kind lacks). */
  readonly error?: string;
}

type Program = ReturnType<typeof compile>;
const env = celEnv();
const programs = new Map<string, Program>();

function compile(expression: string) {
  return plan(env, parse(expression));
}

function programFor(expression: string): Program {
  let program = programs.get(expression);
  if (!program) {
    program = compile(expression);
    programs.set(expression, program);
  }
  return program;
}

export function evaluateWorkloadRules(object: unknown, allowedRegistries: readonly string[]): WorkloadRuleResult[] {
  const variables: Record<string, CelValue> = {};
  const failedVariables: string[] = [];
  for (const variable of workloadCelVariables(allowedRegistries)) {
    const value = programFor(variable.expression)({ object: object as never, variables });
    if (isCelError(value)) failedVariables.push(`variables.${variable.name}: ${value.message}`);
    else variables[variable.name] = value;
  }
  return WORKLOAD_CEL_RULES.map((rule) => {
    const value = programFor(rule.expression)({ object: object as never, variables });
    if (isCelError(value)) return { rule, allowed: false, error: [value.message, ...failedVariables].join('; ') };
    if (typeof value !== 'boolean') return { rule, allowed: false, error: `evaluated to ${String(value)}, not a bool` };
    return { rule, allowed: value };
  });
}
