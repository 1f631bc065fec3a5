import { kubernetes, object } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-K8S-003', [
  kubernetes('pass', 'DNS egress to kube-dns only'),
  kubernetes('fail', 'egress to 0.0.0.0/0 added beside DNS', (o) => {
    object(o, 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].to.push({ ipBlock: { cidr: '0.0.0.0/0' } });
  }, { resource: 'NetworkPolicy/sbx-demo-tenant/allow-dns-egress', path: 'spec.egress[0].to[1].ipBlock.cidr' }),
  kubernetes('fail', 'egress to half the internet, 128.0.0.0/1', (o) => {
    object(o, 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].to.push({ ipBlock: { cidr: '128.0.0.0/1' } });
  }, { resource: 'NetworkPolicy/sbx-demo-tenant/allow-dns-egress', path: 'spec.egress[0].to[1].ipBlock.cidr' }),
  kubernetes('fail', 'ingress from every IPv6 address, written 0::0/0', (o) => {
    object(o, 'NetworkPolicy', 'allow-dns-egress').spec.ingress = [{ from: [{ ipBlock: { cidr: '0::0/0' } }] }];
  }, { resource: 'NetworkPolicy/sbx-demo-tenant/allow-dns-egress', path: 'spec.ingress[0].from[0].ipBlock.cidr' }),
  kubernetes('fail', 'an egress rule without destinations (everywhere on port 53)', (o) => {
    delete object(o, 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].to;
  }, { resource: 'NetworkPolicy/sbx-demo-tenant/allow-dns-egress', path: 'spec.egress[0]' }),
]);
