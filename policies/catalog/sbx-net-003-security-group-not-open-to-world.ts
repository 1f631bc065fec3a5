import type { Resource } from '../model/resource.ts';
import { isUnresolved, listOf, literalString, nestedBlocks, type Value } from '../model/value.ts';
import { judgeCidr } from '../network/cidr.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** The CIDR properties of a rule, with their paths. */
function cidrs(rule: Record<string, Value>, base: string, keys: readonly string[]): { path: string; value: Value }[] {
  const out: { path: string; value: Value }[] = [];
  for (const key of keys) {
    const v = rule[key];
    if (v === undefined) continue;
    const list = listOf(v);
    if (Array.isArray(v)) list.forEach((item, i) => out.push({ path: `${base}${key}[${i}]`, value: item }));
    else out.push({ path: `${base}${key}`, value: v });
  }
  return out;
}

interface Entry {
  readonly path: string;
  readonly value: Value;
  readonly direction: string;
  /** For an UNKNOWN: what cannot be decided, when it is more than one CIDR. */
  readonly what?: string;
}

function judge(resource: Resource, entries: Entry[]): Evaluation[] {
  const out: Evaluation[] = [];
  for (const e of entries) {
    const text = literalString(e.value);
    if (text === undefined) {
      if (isUnresolved(e.value)) out.push(unknown(resource, e.path, e.what ?? `The ${e.direction} CIDR`, e.value));
      continue;
    }
    const cidr = judgeCidr(text);
    if (cidr.verdict === 'internet') out.push(nonCompliant(resource, e.path, `${e.direction} ${text}, which ${cidr.why}: a tenant security group is never open to the internet`));
    else if (cidr.verdict === 'invalid') out.push(nonCompliant(resource, e.path, `${e.direction} ${JSON.stringify(text)}, which ${cidr.why}, so nothing tells how far the rule opens`));
  }
  return out.length > 0 ? out : [compliant(resource, '')];
}

const CFN_KEYS = ['CidrIp', 'CidrIpv6'];
const TF_BLOCK_KEYS = ['cidr_blocks', 'ipv6_cidr_blocks'];

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const r of context.artifact.resources) {
    const p = r.properties;
    const entries: Entry[] = [];
    const add = (list: { path: string; value: Value }[], direction: string) => entries.push(...list.map((x) => ({ ...x, direction })));
    // Inline rules, dynamic ones and whole lists only the deploy can tell (Fn::If, a list parameter) included.
    const inline = (key: string, keys: readonly string[], direction: string) => {
      const found = nestedBlocks(p, key);
      for (const { block, path } of found.blocks) add(cidrs(block, `${path}.`, keys), direction);
      for (const u of found.unresolved) entries.push({ path: u.path, value: u.value, direction, what: `Whether the ${direction.split(' ')[0]} rules open the group to the internet` });
    };
    switch (r.type) {
      case 'AWS::EC2::SecurityGroup':
        inline('SecurityGroupIngress', CFN_KEYS, 'ingress from');
        inline('SecurityGroupEgress', CFN_KEYS, 'egress to');
        break;
      case 'AWS::EC2::SecurityGroupIngress':
        add(cidrs(p, '', CFN_KEYS), 'ingress from');
        break;
      case 'AWS::EC2::SecurityGroupEgress':
        add(cidrs(p, '', CFN_KEYS), 'egress to');
        break;
      case 'aws_security_group':
      case 'aws_default_security_group':
        inline('ingress', TF_BLOCK_KEYS, 'ingress from');
        inline('egress', TF_BLOCK_KEYS, 'egress to');
        break;
      case 'aws_security_group_rule':
        add(cidrs(p, '', TF_BLOCK_KEYS), literalString(p.type) === 'egress' ? 'egress to' : 'ingress from');
        break;
      case 'aws_vpc_security_group_ingress_rule':
        add(cidrs(p, '', ['cidr_ipv4', 'cidr_ipv6']), 'ingress from');
        break;
      case 'aws_vpc_security_group_egress_rule':
        add(cidrs(p, '', ['cidr_ipv4', 'cidr_ipv6']), 'egress to');
        break;
      default:
        continue;
    }
    yield* judge(r, entries);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-NET-003',
  title: 'No security group rule allows traffic from or to the internet (0.0.0.0/0, ::/0 or any other public /8 or wider)',
  rationale: 'Security groups are the last gate around the tenant’s endpoints and workloads. A rule for the whole internet, in either direction, turns the isolated network into an open one the day a route appears; 0.0.0.0/1 plus 128.0.0.0/1 is the whole internet too, so any range of a /8 or wider (IPv6: /16 or wider) that reaches public addresses counts.',
  remediation: 'Allow only the tenant VPC’s CIDR or other security groups; for egress, name the endpoints’ security group or prefix lists, never 0.0.0.0/0 or ::/0.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'nen-7510-8-20'],
  crossReferences: { cdkNag: ['EC2RestrictedInbound', 'EC2RestrictedCommonPorts'], controlTower: ['CT.EC2.PR.3', 'CT.EC2.PR.4'] },
  implementations: { cloudformation: check, terraform: check },
};
