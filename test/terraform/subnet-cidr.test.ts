import { describe, expect, it } from 'vitest';
import { subnetCidr } from '../../stacks/terraform/subnet-cidr.ts';

describe('subnetCidr (as Terraform cidrsubnet)', () => {
  it('splits a /16 into consecutive /20s', () => {
    expect([0, 1, 2, 15].map((i) => subnetCidr('10.64.0.0/16', 4, i))).toEqual(['10.64.0.0/20', '10.64.16.0/20', '10.64.32.0/20', '10.64.240.0/20']);
  });

  it('carries into higher octets', () => {
    expect(subnetCidr('10.0.0.0/8', 8, 255)).toBe('10.255.0.0/16');
    expect(subnetCidr('192.168.1.0/24', 2, 3)).toBe('192.168.1.192/26');
  });

  it('rejects what cidrsubnet rejects', () => {
    expect(() => subnetCidr('10.64.0.0/16', 4, 16)).toThrow(/no subnet 16/);
    expect(() => subnetCidr('10.64.0.0/30', 4, 0)).toThrow(RangeError);
    expect(() => subnetCidr('10.64.0/16', 4, 0)).toThrow(/not an IPv4 CIDR/);
  });
});
