import { daysBetween } from '../tenancy/index.ts';
import type { EvidenceBasis, GuardrailRule, RequirementEvidence, RequirementStatus } from './evidence-model.ts';

/**
 * The sixteen requirements of shared/reference/regulation.md, each mapped in plain language to the
 * evidence in this report that supports it. The words are "supports", never "satisfies": whether a
 * sandbox complies is for the authority to judge, not for a tool. A test parses the table from
 * regulation.md and holds this list to it, so a change there shows up here.
 */

export interface Requirement {
  readonly number: number;
  readonly source: string;
  readonly requirement: string;
  readonly control: string;
  /** The guardrail catalog's legal references (policies/legal-references.ts) whose rules serve this requirement. */
  readonly references: readonly string[];
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    number: 1,
    source: 'AI Act 59(1)(d)',
    requirement: "personal data processed in a functionally separate, isolated, protected environment under the participant's control, open only to authorised persons",
    control: 'one stack / namespace per tenant; no internet gateway, no public IP, no public bucket; default-deny NetworkPolicy; a tenant-specific KMS key',
    references: ['ai-act-59-1-d'],
  },
  {
    number: 2,
    source: 'AI Act 59(1)(d); EHDS 73(1)',
    requirement: 'only named, authorised persons; unique personal accounts',
    control: 'IAM roles and Kubernetes RoleBindings generated from `spec.people` only; no wildcard principals; MFA condition on human roles',
    references: ['ehds-73-1'],
  },
  {
    number: 3,
    source: 'AI Act 59(1)(e); EHDS 73(2)',
    requirement: 'nothing created in the sandbox leaves it; only non-personal results may be downloaded',
    control: "storage reachable only through the tenant's VPC endpoint; no replication out; results leave only through the export airlock, approved by a second person, logged",
    references: ['ai-act-59-1-e', 'ehds-73-2'],
  },
  {
    number: 4,
    source: 'AI Act 59(1)(f)',
    requirement: 'no decisions affecting data subjects',
    control: 'no network route from a tenant to clinical systems; no write path upstream',
    references: ['ai-act-59-1-f'],
  },
  {
    number: 5,
    source: 'AI Act 59(1)(c), 57(11)',
    requirement: 'monitoring, and the means to stop processing',
    control: '`sandbox suspend`: revoke roles, scale workloads to zero, isolate network; logged',
    references: ['ai-act-59-1-c'],
  },
  {
    number: 6,
    source: 'AI Act 59(1)(g); GDPR 32',
    requirement: 'encrypt; delete personal data at the end of participation',
    control: 'encryption at rest with the tenant key and TLS-only access; at exit the data stores go and the key is scheduled for deletion (crypto-shredding), with a deletion record in the ledger',
    references: ['ai-act-59-1-g', 'gdpr-32'],
  },
  {
    number: 7,
    source: 'AI Act 59(1)(h)',
    requirement: 'processing logs kept for the duration of participation',
    control: "log stores live outside the tenant's blast radius, with Object Lock retention reaching past `period.end`",
    references: ['ai-act-59-1-h'],
  },
  {
    number: 8,
    source: 'AI Act 12, 19(1), 26(6)',
    requirement: "automatic event logs over the system's life; kept at least six months",
    control: 'CloudTrail with log-file validation, data events on tenant buckets; log retention ≥ 183 days; the sandbox ledger for model runs',
    references: ['ai-act-12', 'ai-act-19-1', 'ai-act-26-6'],
  },
  {
    number: 9,
    source: 'AI Act 59(1)(i); Annex IV 2(g)',
    requirement: 'training/testing described and kept with the technical documentation; test logs dated and signed',
    control: 'every model run recorded with dataset hash, model digest, command, outputs hash; the evidence report is signed',
    references: [],
  },
  {
    number: 10,
    source: 'AI Act 57(7), 59(1)(j)',
    requirement: 'exit report; short public summary',
    control: "`sandbox exit` writes the exit report with the ledger's root hash and the deletion record",
    references: ['ai-act-57-7'],
  },
  {
    number: 11,
    source: 'AI Act 59(1)(b)',
    requirement: 'personal data only where synthetic or anonymised data will not do',
    control: 'datasets are synthetic by default; any other classification needs a recorded justification in the plan',
    references: [],
  },
  {
    number: 12,
    source: 'AI Act 10(2)–(4)',
    requirement: 'data governance: origin, preparation, assumptions, representativeness, bias examination',
    control: 'every generated dataset ships a datasheet and a representativeness table (age × sex against the reference population)',
    references: [],
  },
  {
    number: 13,
    source: 'EHDS 73(1)(e)',
    requirement: 'access and activity logs kept at least one year',
    control: 'access-log class with retention ≥ 365 days',
    references: ['ehds-73-1-e'],
  },
  {
    number: 14,
    source: 'EHDS 87; GDPR Chapter V',
    requirement: 'health data stored and processed in the EU',
    control: 'EU regions only in every artifact; an SCP that denies other regions at run time',
    references: ['ehds-87', 'gdpr-chapter-v'],
  },
  {
    number: 15,
    source: 'Dutch decree on electronic data processing by care providers, Art. 5; NEN 7513',
    requirement: 'log who did what to which record, when, on whose behalf, from where, through which system; keep ≥ 5 years where the decree applies',
    control: 'ledger events carry the NEN 7513 fields; a configurable retention floor per data source (1827 days where hospital data is involved)',
    references: ['nen-7513', 'dutch-decree-5'],
  },
  {
    number: 16,
    source: 'AI Act 18',
    requirement: 'documentation kept 10 years',
    control: 'documentation archive class with retention 3653 days',
    references: ['ai-act-18'],
  },
];

/** What one requirement's evidence says: sentences, the sections they point to, and the verdict. */
interface Assessment {
  readonly evidence: string[];
  readonly sections: Set<string>;
  status: RequirementStatus;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function mapRequirements(basis: EvidenceBasis, rulesByReference: ReadonlyMap<string, readonly GuardrailRule[]>): RequirementEvidence[] {
  return REQUIREMENTS.map((r) => {
    const a: Assessment = { evidence: [], sections: new Set(), status: 'supported' };
    guardrailEvidence(a, basis, r, rulesByReference);
    SPECIFIC[r.number]?.(a, basis);
    if (a.evidence.length === 0) {
      a.evidence.push('No evidence for this requirement is recorded yet.');
      a.status = 'pending';
    }
    return { number: r.number, source: r.source, requirement: r.requirement, control: r.control, status: a.status, evidence: a.evidence, sections: [...a.sections] };
  });
}

function attention(a: Assessment): void {
  a.status = 'attention';
}

/** Only lowers "supported" to "pending": an open problem found elsewhere stays visible. */
function pending(a: Assessment): void {
  if (a.status === 'supported') a.status = 'pending';
}

function guardrailEvidence(a: Assessment, b: EvidenceBasis, r: Requirement, rulesByReference: ReadonlyMap<string, readonly GuardrailRule[]>): void {
  if (r.references.length === 0) return;
  const rules = new Map<string, GuardrailRule>();
  for (const ref of r.references) for (const rule of rulesByReference.get(ref) ?? []) rules.set(rule.id, rule);
  if (rules.size === 0) return;
  a.sections.add('guardrails');
  const ids = [...rules.keys()].sort();
  if (!b.guardrails) {
    a.evidence.push(`${plural(ids.length, 'guardrail')} of the catalog ${ids.length === 1 ? 'supports' : 'support'} this requirement (${ids.join(', ')}), but no guardrail results are in the build directory yet.`);
    pending(a);
    return;
  }
  const findings = b.guardrails.findings.filter((f) => rules.has(f.ruleId));
  const open = findings.filter((f) => !f.waiver && f.severity !== 'note');
  const errors = open.filter((f) => f.severity === 'error').length;
  const waived = findings.filter((f) => f.waiver).length;
  const notes = findings.filter((f) => !f.waiver && f.severity === 'note').length;
  const subject = `${plural(ids.length, 'guardrail')} that ${ids.length === 1 ? 'supports' : 'support'} this requirement (${ids.join(', ')}) checked the tenant's synthesized artifacts`;
  const found = [
    errors > 0 && plural(errors, 'open error finding'),
    open.length - errors > 0 && plural(open.length - errors, 'open warning'),
    waived > 0 && `${plural(waived, 'waived finding')} (listed with reason and approver)`,
    notes > 0 && `${plural(notes, 'note')} on what only the deploy can decide`,
  ].filter((x): x is string => typeof x === 'string');
  a.evidence.push(found.length === 0 ? `${subject}: no finding.` : `${subject}: ${found.join(', ')}${open.length > 0 ? ` (${[...new Set(open.map((f) => f.ruleId))].join(', ')})` : ''}.`);
  if (open.length > 0) attention(a);
}

function retention(a: Assessment, b: EvidenceBasis, name: string, floor: number, why: string): void {
  const cls = b.plan?.retention.find((c) => c.name === name);
  if (!b.plan) return;
  a.sections.add('plan');
  if (!cls) {
    a.evidence.push(`The plan's tenant has no ${name} log store.`);
    attention(a);
  } else if (cls.days < floor) {
    a.evidence.push(`The ${name} log store keeps records ${cls.days} days, below the floor of ${floor} days set by ${why}.`);
    attention(a);
  } else a.evidence.push(`The ${name} log store keeps records ${cls.days} days under Object Lock (${cls.source}); the floor set by ${why} is ${floor} days.`);
}

function ledgerIntegrity(a: Assessment, b: EvidenceBasis): void {
  a.sections.add('ledger');
  const l = b.ledger;
  if (!l.available) {
    a.evidence.push(`The ledger could not be read (${l.problem ?? 'unknown problem'}).`);
    attention(a);
  } else if (!l.ok) {
    a.evidence.push(`The ledger failed verification at seq ${l.firstBad?.seq ?? '?'} (${l.firstBad?.problem ?? '?'}): its records cannot be relied on until this is explained.`);
    attention(a);
  } else {
    a.evidence.push(
      `The ledger verified intact: ${plural(l.events, 'event')}, hash-chained, with ${plural(l.checkpoints, 'signed checkpoint')}; ${plural(l.tenantEvents, 'event')} belong to this tenant.`,
    );
  }
}

const isPerson = (actor: string | undefined): boolean => actor !== undefined && !actor.startsWith('svc:');

/** Requirement-specific evidence, beyond the guardrails that support each one. */
const SPECIFIC: Readonly<Record<number, (a: Assessment, b: EvidenceBasis) => void>> = {
  1(a, b) {
    if (b.environment) {
      a.sections.add('environment');
      const engines = Object.keys(b.environment.resources);
      a.evidence.push(
        `The tenant's environment is its own: ${plural(Object.keys(b.environment.files).length, 'artifact')}${engines.length ? ` (${engines.map((e) => `${e}: ${b.environment!.resources[e]} resources`).join(', ')})` : ''} under fingerprint ${b.environment.fingerprint.slice(0, 16)}….`,
      );
      if (b.environment.recordedFingerprint && b.environment.recordedFingerprint !== b.environment.fingerprint) {
        a.evidence.push('The build directory does not hold the environment the ledger last recorded: the artifacts changed after the last recorded synth.');
        attention(a);
      }
    } else {
      a.evidence.push('No environment fingerprint is in the build directory yet (run `sandbox up`).');
      pending(a);
    }
  },
  2(a, b) {
    if (!b.plan) return;
    a.sections.add('plan');
    const roles = new Map<string, number>();
    for (const p of b.plan.people) roles.set(p.role, (roles.get(p.role) ?? 0) + 1);
    a.evidence.push(
      `Access is generated from the ${plural(b.plan.people.length, 'named person', 'named people')} of the plan (${[...roles].map(([role, n]) => `${n} ${role}`).join(', ')}), each with a personal id recorded as the actor of their ledger events.`,
    );
    if (b.refusals.length > 0) {
      a.sections.add('refusals');
      a.evidence.push(`${plural(b.refusals.length, 'attempt')} by a person without the role, outside the plan or at the wrong time ${b.refusals.length === 1 ? 'was' : 'were'} refused and logged with the reason.`);
    }
  },
  3(a, b) {
    a.sections.add('exports');
    const refusedExports = b.refusals.filter((r) => r.type.startsWith('export.'));
    if (b.exports.length === 0) a.evidence.push('No export was requested: nothing has left the tenant through the airlock.');
    else {
      const decided = b.exports.filter((e) => e.decision);
      const approved = decided.filter((e) => e.decision!.kind === 'approved').length;
      a.evidence.push(
        `${plural(b.exports.length, 'export request')} went through the airlock: ${approved} approved, ${decided.length - approved} rejected, ${b.exports.length - decided.length} awaiting a decision; ${plural(b.exports.filter((e) => e.released).length, 'release')} recorded with file hashes.`,
      );
      const selfDecided = b.exports.filter((e) => e.decision && e.requested && e.decision.actor === e.requested.actor);
      const releasedUnapproved = b.exports.filter((e) => e.released && e.decision?.kind !== 'approved');
      if (selfDecided.length > 0 || releasedUnapproved.length > 0) {
        a.evidence.push(`${plural(selfDecided.length + releasedUnapproved.length, 'request')} lack a decision by a second person (${[...selfDecided, ...releasedUnapproved].map((e) => e.requestId).join(', ')}).`);
        attention(a);
      } else if (decided.length > 0) a.evidence.push('Every decision was taken by a person other than the requester.');
    }
    if (refusedExports.length > 0) {
      a.sections.add('refusals');
      a.evidence.push(`${plural(refusedExports.length, 'export step')} (such as a requester deciding their own request) ${refusedExports.length === 1 ? 'was' : 'were'} refused and logged.`);
    }
  },
  4(a, b) {
    if (b.runs.length === 0) return;
    a.sections.add('runs');
    const isolated = b.runs.filter((r) => r.network === 'none').length;
    a.evidence.push(`${isolated} of ${plural(b.runs.length, 'recorded model run')} ran with no network at all (its own network namespace).`);
    if (isolated < b.runs.filter((r) => r.started).length) attention(a);
  },
  5(a, b) {
    a.sections.add('lifecycle');
    if (b.plan) a.evidence.push(`The tenant's status in the plan is ${b.plan.status}.`);
    const steps = b.lifecycle.filter((e) => e.type === 'tenant.suspended' || e.type === 'tenant.resumed' || e.type === 'tenant.expired');
    a.evidence.push(
      steps.length === 0
        ? 'No suspension was needed so far. `sandbox suspend` is recorded in the ledger; once its rendering is deployed, roles are read-only, the quota admits no new pod or job and the network is isolated. Jobs and pods already running are stopped by the kubectl steps the command prints and the event records (details.workloadStop), which the cluster operator runs.'
        : `${plural(steps.length, 'suspension step')} recorded in the ledger (${steps.map((s) => `${s.type.replace('tenant.', '')} on ${s.time.slice(0, 10)}`).join(', ')}). Each suspension records the steps that stop running workloads; whether they were run shows in the cluster's audit log, not in this ledger.`,
    );
    ledgerIntegrity(a, b);
  },
  6(a, b) {
    a.sections.add('datasets');
    const exited = b.plan?.status === 'exited' || b.lifecycle.some((e) => e.type === 'tenant.exited');
    if (!exited) {
      a.evidence.push('Deletion happens at exit (the data stores go and the tenant key is scheduled for deletion); the tenant has not exited.');
      return;
    }
    const recorded = b.datasets.filter((d) => d.recorded);
    const deleted = recorded.filter((d) => d.recorded!.deleted);
    a.evidence.push(`${deleted.length} of ${plural(recorded.length, 'generated dataset')} have a deletion record in the ledger.`);
    if (deleted.length < recorded.length) attention(a);
  },
  7(a, b) {
    if (!b.plan) return;
    const { start, end } = b.plan.period;
    retention(a, b, 'processing-logs', Math.max(1, daysBetween(start, end)), `the participation from ${start} to ${end}`);
  },
  8(a, b) {
    retention(a, b, 'ai-system-logs', 183, 'AI Act Art. 19(1)');
    ledgerIntegrity(a, b);
  },
  9(a, b) {
    a.sections.add('runs');
    a.sections.add('ledger');
    if (b.runs.length === 0) {
      a.evidence.push('No model run is recorded yet.');
      pending(a);
    } else {
      const complete = b.runs.filter((r) => r.command && r.datasetSha256 && r.finished && r.outputsSha256 !== undefined).length;
      a.evidence.push(
        `${plural(b.runs.length, 'model run')} recorded, dated by the ledger: ${complete} with command, dataset hash, exit code and outputs hash${b.runs.some((r) => r.modelDigest) ? `; ${b.runs.filter((r) => r.modelDigest).length} with a model digest` : ''}.`,
      );
      if (complete < b.runs.length) a.evidence.push(`${b.runs.length - complete} run(s) have no finished record yet.`);
    }
    a.evidence.push('The JSON form of this report is signed with the ledger key, and the ledger signs its checkpoints and head with the same key.');
  },
  10(a, b) {
    a.sections.add('lifecycle');
    const exit = b.lifecycle.find((e) => e.type === 'tenant.exited');
    if (!exit) {
      a.evidence.push('The tenant has not exited: `sandbox exit` writes the exit report and records it in the ledger.');
      pending(a);
      return;
    }
    if (!b.exitReportSha256) {
      a.evidence.push(`The ledger records the exit on ${exit.time.slice(0, 10)}, but the exit report is not in the build directory.`);
      attention(a);
    } else if (exit.exitReportSha256 && exit.exitReportSha256 !== b.exitReportSha256) {
      a.evidence.push('The exit report in the build directory is not the one whose hash the ledger recorded at exit.');
      attention(a);
    } else a.evidence.push(`The exit report (sha256 ${b.exitReportSha256.slice(0, 16)}…) is the one recorded in the ledger at exit on ${exit.time.slice(0, 10)}.`);
  },
  11(a, b) {
    if (!b.plan) return;
    a.sections.add('plan');
    a.sections.add('datasets');
    const other = b.plan.datasets.filter((d) => d.classification !== 'synthetic');
    if (other.length === 0) a.evidence.push(`${b.plan.datasets.length === 1 ? "The plan's one dataset is" : `All ${b.plan.datasets.length} datasets of the plan are`} synthetic: no personal data is processed.`);
    else {
      for (const d of other) a.evidence.push(`Dataset ${d.profile} is ${d.classification}; the plan's justification: ${d.justification ?? '(none given)'}.`);
      if (other.some((d) => !d.justification)) attention(a);
    }
  },
  12(a, b) {
    a.sections.add('datasets');
    if (b.datasets.length === 0) {
      a.evidence.push('No dataset is generated yet.');
      pending(a);
      return;
    }
    for (const d of b.datasets) {
      if (!d.files) a.evidence.push(`Dataset ${d.profile} is not in the build directory.`);
      else if (!d.files.datasheet) {
        a.evidence.push(`Dataset ${d.profile} has no datasheet.`);
        attention(a);
      } else {
        a.evidence.push(
          `Dataset ${d.profile} ships a datasheet (origin, preparation, assumptions, known gaps) and ${plural(d.files.datasheet.tables.length, 'representativeness table')}${d.files.datasheet.largestDeviation ? `; largest deviation: ${d.files.datasheet.largestDeviation}` : ''}.`,
        );
      }
    }
    if (b.datasets.every((d) => !d.files)) pending(a);
  },
  13(a, b) {
    retention(a, b, 'access-logs', 365, 'EHDS Art. 73(1)(e)');
    a.sections.add('ledger');
    const reads = b.ledger.tenantCounts['ledger.accessed'] ?? 0;
    a.evidence.push(`Reads of this tenant's records are logged too: ${plural(reads, 'ledger.accessed event')} so far.`);
  },
  14(a, b) {
    if (!b.plan) return;
    a.sections.add('plan');
    a.evidence.push(`The plan places the tenant in ${b.plan.region}, an EU region; the platform's service control policy denies other regions at run time.`);
  },
  15(a, b) {
    a.sections.add('ledger');
    const people = [...b.runs.map((r) => r.started?.actor), ...b.exports.map((e) => e.requested?.actor)].filter(isPerson).length;
    a.evidence.push(
      `Every ledger event records who acted (a person of the plan or a named service, with on whose behalf), what and which record (type and objects), when, from where (access point) and through which system (source)${people ? `; ${plural(people, 'action')} in this report name the person who took them` : ''}.`,
    );
    const hospital = b.plan?.datasets.some((d) => d.careSetting !== 'primary-care');
    if (hospital) retention(a, b, 'patient-record-logs', 1827, 'the Dutch decree Art. 5');
    else if (b.plan) a.evidence.push('No hospital data is involved, so the five-year NEN 7513 floor does not apply to this tenant.');
    ledgerIntegrity(a, b);
  },
  16(a, b) {
    retention(a, b, 'documentation', 3653, 'AI Act Art. 18');
  },
};
