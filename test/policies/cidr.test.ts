import { describe, expect, it } from 'vitest';
import { nonEuRegionsIn } from '../../policies/aws/regions.ts';
import { judgeCidr } from '../../policies/network/cidr.ts';

/** CIDRs are judged by the addresses they cover, not by how "everything" happens to be spelled. */
describe('judgeCidr', () => {
  it.each([
    '0.0.0.0/0',
    '0.0.0.0/1',
    '128.0.0.0/1',
    '64.0.0.0/2',
    '11.0.0.0/8',
    '8.0.0.0/7',
    '::/0',
    '::0/0',
    '0::0/0',
    '0:0:0:0:0:0:0:0/0',
    '::/1',
    '2000::/3',
    '2a00::/12',
    '::ffff:0.0.0.0/96',
    '::ffff:0:0/97',
    '64:ff9b::/96',
    '::/80',
  ])('%s reaches the internet', (cidr) => {
    expect(judgeCidr(cidr).verdict).toBe('internet');
  });

  it.each(['10.0.0.0/8', '127.0.0.0/8', '0.0.0.0/8', '224.0.0.0/3', '240.0.0.0/4', '10.64.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '203.0.113.0/24', '12.0.0.0/9', '255.255.255.255/32', 'fc00::/7', 'fe80::/10', 'ff00::/8', '8000::/1', '2001:db8::/32', '2a05:d000::/25', '::ffff:10.0.0.0/104', '::1/128'])(
    '%s does not',
    (cidr) => {
      expect(judgeCidr(cidr).verdict).toBe('bounded');
    },
  );

  it.each(['0.0.0.0', '0.0.0.0/0/0', '0.0.0.0/33', '256.0.0.0/8', '::/129', 'fe80::1%eth0/64', 'anywhere', '0.0.0.0/-1', ''])('%j is no CIDR', (cidr) => {
    expect(judgeCidr(cidr).verdict).toBe('invalid');
  });
});

describe('non-EU regions in text', () => {
  it.each([
    ['https://s3-us-west-2.amazonaws.com/mirror', 'us-west-2'],
    ['mirror.s3-website-us-east-1.amazonaws.com', 'us-east-1'],
    ['s3-website.ap-south-1.amazonaws.com', 'ap-south-1'],
    ['s3.dualstack.sa-east-1.amazonaws.com', 'sa-east-1'],
    ['arn:aws:kms:us-east-1:123456789012:key/x', 'us-east-1'],
    ['com.amazonaws.ca-central-1.s3', 'ca-central-1'],
  ])('finds the region in %s', (text, region) => {
    expect(nonEuRegionsIn(text)).toEqual([region]);
  });

  it.each(['bus-us-east-1x', 'focus-us-west-2', 'xs3-us-west-2.example', 's3-eu-west-1.amazonaws.com', 'mirror.s3-website-eu-central-1.amazonaws.com'])('finds none in %s', (text) => {
    expect(nonEuRegionsIn(text)).toEqual([]);
  });
});
