import { describe, expect, it } from 'vitest';
import { staticNetworkYaml } from '../seed';
import { firstStaticIp } from './kubelet';

describe('firstStaticIp', () => {
  it('reads the address of the seed procedure’s NMState document', () => {
    expect(firstStaticIp(staticNetworkYaml({ ip: '10.0.0.5', prefix: 24, gateway: '10.0.0.1', dns: '10.0.0.1' }))).toBe('10.0.0.5');
  });

  it('skips interfaces whose IP is disabled and prefers IPv4', () => {
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
    expect(firstStaticIp(yaml)).toBe('192.0.2.9');
  });

  it('falls back to IPv6, and to nothing', () => {
    expect(firstStaticIp('interfaces: [{name: eno1, ipv6: {enabled: true, address: [{ip: "fd00::5"}]}}]')).toBe('fd00::5');
    expect(firstStaticIp('interfaces: []')).toBeUndefined();
  });
});
