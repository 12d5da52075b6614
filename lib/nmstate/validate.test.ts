import { describe, expect, it } from 'vitest';
import { staticNmstateYaml } from './document';
import { validateNmstate } from './validate';

/** The seed procedure's static config, with values filled in. */
const VALID = staticNmstateYaml({ ip: '192.168.111.40', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

const messages = (yaml: string) => validateNmstate(yaml).issues.map((i) => `${i.path}: ${i.message}`);

describe('validateNmstate', () => {
  it('accepts the seed procedure’s document and returns its address', () => {
    expect(validateNmstate(VALID)).toEqual({ issues: [], addresses: [{ interface: 'eno1', ip: '192.168.111.40', prefix: 24 }] });
  });

  it('accepts an interface whose IP is disabled (state up, enabled false)', () => {
    expect(messages('interfaces:\n- name: eno2\n  type: ethernet\n  state: up\n  ipv4:\n    enabled: false\n  ipv6:\n    enabled: false\n')).toEqual([]);
  });

  it.each([
    ['a document that is not YAML', 'interfaces: [\n', /Not valid YAML/],
    ['no interfaces', 'dns-resolver: {}\n', 'interfaces: List at least one interface.'],
    ['an interface name over 15 characters', VALID.replaceAll('eno1', 'enp0s31f6-storage0'), 'interfaces[0].name: Interface name "enp0s31f6-storage0" is longer than 15 characters.'],
    ['prefix_length with an underscore', VALID.replace('prefix-length: 24', 'prefix_length: 24'), 'interfaces[0].ipv4.address[0].prefix_length: nmstate spells it prefix-length, with a hyphen.'],
    ['an IPv6 address under ipv4', VALID.replace('ip: 192.168.111.40', 'ip: fd00::40'), 'interfaces[0].ipv4.address[0].ip: fd00::40 is not an IPv4 address.'],
    ['a prefix out of range', VALID.replace('prefix-length: 24', 'prefix-length: 33'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.'],
    ['the network address', VALID.replace('ip: 192.168.111.40', 'ip: 192.168.111.0'), "interfaces[0].ipv4.address[0].ip: 192.168.111.0 is the network address of 192.168.111.0/24: it cannot be a host's address."],
    ['the broadcast address', VALID.replace('ip: 192.168.111.40', 'ip: 192.168.111.255'), "interfaces[0].ipv4.address[0].ip: 192.168.111.255 is the broadcast address of 192.168.111.0/24: it cannot be a host's address."],
    ['an unknown state', VALID.replace('state: up', 'state: on'), 'interfaces[0].state: State must be up, down or absent, not "on".'],
    ['a duplicate DNS server', VALID.replace('    - 192.168.111.1\nroutes', '    - 192.168.111.1\n    - 192.168.111.1\nroutes'), 'dns-resolver.config.server[1]: DNS server 192.168.111.1 is listed twice.'],
    ['a gateway outside the subnet', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 192.168.112.1'), "routes.config[0].next-hop-address: The gateway 192.168.112.1 is outside eno1's subnet (192.168.111.40/24)."],
    ['a route without next-hop-interface', VALID.replace('    next-hop-interface: eno1\n', ''), 'routes.config[0].next-hop-interface: nmstate rejects a route without next-hop-interface.'],
    ['a next-hop interface that does not exist', VALID.replace('next-hop-interface: eno1', 'next-hop-interface: eno9'), 'routes.config[0].next-hop-interface: Interface "eno9" is not in interfaces.'],
    ['a next hop of a family the interface has no address of', VALID.replace('destination: 0.0.0.0/0\n    next-hop-address: 192.168.111.1', 'destination: ::/0\n    next-hop-address: fd00::1'), 'routes.config[0].next-hop-address: Interface "eno1" has no IPv6 address to reach fd00::1 through.'],
  ])('flags %s', (_, yaml, expected) => {
    const found = messages(yaml);
    if (expected instanceof RegExp) expect(found.some((m) => expected.test(m))).toBe(true);
    else expect(found).toEqual([expected]);
  });

  it('points at the YAML line of the problem', () => {
    const [issue] = validateNmstate(VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 10.0.0.1')).issues;
    expect(issue?.line).toBe(VALID.split('\n').findIndex((line) => line.includes('next-hop-address')) + 1);
  });
});
