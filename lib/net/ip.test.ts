import { describe, expect, it } from 'vitest';
import { addressKey, canonicalIp, inSubnet, ipFamily, ipFromBytes, reservedAddressProblem, sameIp, subnetOf } from './ip';

describe('ipFamily', () => {
  it.each([
    ['192.168.111.30', 4],
    ['fd00::5', 6],
    ['2001:db8::1', 6],
    ['2001:DB8::0023', 6],
    ['::ffff:192.168.111.30', 6],
    ['192.168.1', undefined],
    ['0x7f.1', undefined],
    ['256.1.1.1', undefined],
    // Go's net.ParseIP rejects these; so does the console.
    ['192.168.001.1', undefined],
    ['fe80::1%eth0', undefined],
    ['2001:db8::00023', undefined],
    ['::ffff:01.2.3.4', undefined],
    ['app1', undefined],
    ['', undefined],
  ] as const)('%j is %s', (text, family) => {
    expect(ipFamily(text)).toBe(family);
  });
});

describe('canonicalIp: as Go’s net.IP.String() prints it', () => {
  it.each([
    ['2001:db8::0023', '2001:db8::23'],
    ['2001:DB8::23', '2001:db8::23'],
    ['2001:0db8:0000:0000:0000:0000:0000:0023', '2001:db8::23'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    // IPv4-mapped: Go holds it equal to the IPv4 address and prints it so.
    ['::ffff:192.168.111.30', '192.168.111.30'],
    ['::FFFF:C0A8:6F1E', '192.168.111.30'],
    // A dotted tail is the last 32 bits, mapped or not (ipaddr.js alone would map ::1.2.3.4).
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['192.168.111.30', '192.168.111.30'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['192.168.001.1', undefined],
    ['fe80::1%eth0', undefined],
    ['app1', undefined],
  ] as const)('%j → %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });
});

describe('sameIp and addressKey', () => {
  it('compare addresses, not text', () => {
    expect(sameIp('2001:db8::0023', '2001:db8::23')).toBe(true);
    expect(sameIp('2001:DB8::23', '2001:db8:0:0:0:0:0:23')).toBe(true);
    expect(sameIp('::ffff:10.0.0.1', '10.0.0.1')).toBe(true);
    expect(sameIp('2001:db8::23', '2001:db8::24')).toBe(false);
    expect(sameIp('app1', 'app1')).toBe(false);
  });

  it('keys names case-insensitively and IPs canonically', () => {
    expect(addressKey('2001:DB8::0023')).toBe('2001:db8::23');
    expect(addressKey('Worker-3.Example.com')).toBe('worker-3.example.com');
  });
});

describe('ipFromBytes', () => {
  it('prints 4- and 16-byte addresses as Go does, and nothing else', () => {
    expect(ipFromBytes(new Uint8Array([192, 168, 111, 30]))).toBe('192.168.111.30');
    expect(ipFromBytes(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 0x23]))).toBe('2001:db8::23');
    expect(ipFromBytes(new Uint8Array([...Array(10).fill(0), 0xff, 0xff, 10, 0, 0, 1]))).toBe('10.0.0.1');
    expect(ipFromBytes(new Uint8Array([10, 0, 0, 1, 255, 255, 255, 0]))).toBeUndefined();
  });
});

describe('inSubnet', () => {
  it('says whether an address is in a subnet, of its own family only', () => {
    expect(inSubnet('192.168.111.1', '192.168.111.30', 24)).toBe(true);
    expect(inSubnet('192.168.112.1', '192.168.111.30', 24)).toBe(false);
    expect(inSubnet('fd00::1', 'fd00::5', 64)).toBe(true);
    expect(inSubnet('FD00::0001', 'fd00::5', 64)).toBe(true);
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
    expect(subnetOf('2001:DB8:0:0:8000::1', 65)).toBe('2001:db8:0:0:8000::/65');
    expect(subnetOf('::1.2.3.4', 120)).toBe('::102:300/120');
  });
});
