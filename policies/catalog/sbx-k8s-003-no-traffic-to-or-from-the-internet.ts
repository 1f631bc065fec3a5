import { at, isList, isObject, literalString, type Value } from '../model/value.ts';
import { judgeCidr } from '../network/cidr.ts';
import { compliant, eachResource, nonCompliant, type Evaluation, type RuleDefinition } from '../rule.ts';

/** A peer list that reaches the internet: absent (all destinations), or an ipBlock covering public addresses. */
function openPeers(rule: Value, key: 'to' | 'from'): { open: boolean; path: string; why: string }[] {
  if (!isObject(rule)) return [];
  const peers = rule[key];
  if (peers === undefined || (isList(peers) && peers.length === 0)) return [{ open: true, path: '', why: `no ${key}: every address, the internet included` }];
  const out: { open: boolean; path: string; why: string }[] = [];
  (isList(peers) ? peers : []).forEach((peer, i) => {
    const cidr = literalString(at(peer, 'ipBlock', 'cidr'));
    const verdict = cidr === undefined ? undefined : judgeCidr(cidr);
    if (verdict && verdict.verdict !== 'bounded') out.push({ open: true, path: `.${key}[${i}].ipBlock.cidr`, why: `ipBlock ${cidr}, which ${verdict.why}` });
    if (isObject(peer) && Object.keys(peer).length === 0) out.push({ open: true, path: `.${key}[${i}]`, why: 'an empty peer: every address' });
  });
  return out;
}

const kubernetes = eachResource(['NetworkPolicy'], (policy) => {
  const out: Evaluation[] = [];
  for (const [direction, key] of [['egress', 'to'], ['ingress', 'from']] as const) {
    const rules = at(policy.properties, 'spec', direction);
    (isList(rules) ? rules : []).forEach((rule, i) => {
      for (const o of openPeers(rule, key)) out.push(nonCompliant(policy, `spec.${direction}[${i}]${o.path}`, `${policy.id} allows ${direction} ${key === 'to' ? 'to' : 'from'} ${o.why}`));
    });
  }
  return out.length > 0 ? out : [compliant(policy, 'spec')];
});

export const rule: RuleDefinition = {
  id: 'SBX-K8S-003',
  title: 'No NetworkPolicy allows traffic to or from the internet (0.0.0.0/0, ::/0, any public /8 or wider) or any address',
  rationale: 'The default deny is only as strong as the allowances beside it. An egress rule without a destination, or to 0.0.0.0/0 or ::/0 (or their halves, 0.0.0.0/1 and 128.0.0.0/1), lets a workload send the tenant’s data to the internet; an ingress rule for any address opens it from outside.',
  remediation: 'Allow only named peers: pods and namespaces by selector (kube-dns for DNS) or the narrow CIDRs of in-cluster services, never a public range of a /8 or wider (IPv6: /16) or an empty peer list.',
  severity: 'error',
  supports: ['ai-act-59-1-e', 'ai-act-59-1-d', 'ehds-73-2', 'nen-7510-8-20'],
  crossReferences: {},
  implementations: { kubernetes },
};
