import { describe, expect, it } from 'vitest';
import { inSubnet, ipFamily, reservedAddressProblem, subnetOf } from './ip';

describe('ipFamily', () => {
  it.each([
    ['192.168.111.30', 4],
    ['fd00::5', 6],
    ['2001:db8::1', 6],
    ['192.168.1', undefined],
    ['0x7f.1', undefined],
    ['256.1.1.1', undefined],
    ['app1', undefined],
    ['', undefined],
  ] as const)('%j is %s', (text, family) => {
    expect(ipFamily(text)).toBe(family);
  });
});

describe('inSubnet', () => {
  it('says whether an address is in a subnet, of its own family only', () => {
    expect(inSubnet('192.168.111.1', '192.168.111.30', 24)).toBe(true);
    expect(inSubnet('192.168.112.1', '192.168.111.30', 24)).toBe(false);
    expect(inSubnet('fd00::1', 'fd00::5', 64)).toBe(true);
    expect(inSubnet('fd00::1', '192.168.111.30', 24)).toBe(false);
  });
});

describe('reservedAddressProblem', () => {
  it.each([
    ['192.168.111.0', 24, '192.168.111.0 is the network address of 192.168.111.0/24'],
    ['192.168.111.255', 24, '192.168.111.255 is the broadcast address of 192.168.111.0/24'],
    ['192.168.111.30', 24, undefined],
    ['10.0.0.0', 31, undefined],
    ['fd00::', 64, undefined],
  ] as const)('%s/%i', (ip, prefix, problem) => {
    expect(reservedAddressProblem(ip, prefix)).toBe(problem);
  });
});

describe('subnetOf', () => {
  it('writes the subnet as a CIDR', () => {
    expect(subnetOf('192.168.111.30', 24)).toBe('192.168.111.0/24');
    expect(subnetOf('fd00::5', 64)).toBe('fd00::/64');
  });
});
