import { describe, expect, it } from 'vitest';
import { nmstateAddresses } from './addresses';
import { staticNmstateYaml } from './document';

const seedYaml = staticNmstateYaml({ ip: '10.0.0.5', prefix: 24, gateway: '10.0.0.1', dns: '10.0.0.1' });

describe('nmstateAddresses', () => {
  it('reads the address of the seed procedure’s NMState document', () => {
    expect(nmstateAddresses(seedYaml)).toEqual(['10.0.0.5']);
  });

  it('skips families that are disabled and lists IPv4 before IPv6', () => {
    const yaml = `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4: {enabled: false}
  ipv6: {enabled: true, address: [{ip: "fd00::5", prefix-length: 64}]}
- name: eno2
  type: ethernet
  state: up
  ipv4: {enabled: true, address: [{ip: 192.0.2.9, prefix-length: 24}]}
`;
    expect(nmstateAddresses(yaml)).toEqual(['192.0.2.9', 'fd00::5']);
  });

  it('lists IPv4 before IPv6, and nothing for DHCP or broken YAML', () => {
    expect(nmstateAddresses('interfaces: [{name: a, ipv6: {enabled: true, address: [{ip: "fd00::5"}]}}, {name: b, ipv4: {enabled: "yes", address: [{ip: 10.1.1.1}]}}]')).toEqual([
      '10.1.1.1',
      'fd00::5',
    ]);
    expect(nmstateAddresses('interfaces: [{name: eno1, ipv4: {enabled: true, dhcp: true}}]')).toEqual([]);
    expect(nmstateAddresses('interfaces: [')).toEqual([]);
  });

  it('has none for a family without "enabled: true", which nmstatectl gc disables', () => {
    expect(nmstateAddresses('interfaces: [{name: b, ipv4: {address: [{ip: 10.1.1.1, prefix-length: 24}]}}]')).toEqual([]);
  });
});
