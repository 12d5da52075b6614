import { describe, expect, it } from 'vitest';
import { staticNmstateYaml } from './document';
import { NMSTATE_POLICIES, type NmstatePolicyId } from './policies';
import { NMSTATECTL_ACCEPTS } from './test-documents';
import { validateNmstate } from './validate';

/** The seed procedure's static config, with values filled in. */
const VALID = staticNmstateYaml({ ip: '192.168.111.40', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

const messages = (yaml: string) => validateNmstate(yaml).issues.map((i) => `${i.path}: ${i.message}`);

const DUAL_STACK = `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.10
      prefix-length: 24
  ipv6:
    enabled: true
    address:
    - ip: 2001:db8::10
      prefix-length: 64
routes:
  config:
  - destination: ::/0
    next-hop-address: 2001:db8::1
    next-hop-interface: eno1
`;

/** Rows that flag a document: what, the document, the one issue expected, and its policy (none: nmstate refuses it too). */
const FLAGGED: [string, string, string | RegExp, NmstatePolicyId | undefined][] = [
  ['a document that is not YAML', 'interfaces: [\n', /Not valid YAML/, undefined],
  ['two YAML documents', `${VALID}---\n${VALID}`, ': nmstate reads one YAML document; remove the second "---" and what follows it.', undefined],
  ['a key written twice', VALID.replace('  state: up\n', '  state: up\n  state: up\n'), ': A key is written twice in one mapping; keep one.', 'unique-keys'],
  ['a list instead of a document', '- eno1\n', ': The network config must be an NMState document (a mapping with interfaces).', undefined],
  ['no interfaces', 'dns-resolver: {}\n', 'interfaces: List at least one interface.', 'interface-required'],
  ['an empty document', '', 'interfaces: List at least one interface.', 'interface-required'],
  ['an interface without a name', VALID.replace('- name: eno1\n  type', '- type'), 'interfaces[0].name: Every interface needs a name.', undefined],
  ['a numeric interface name', 'interfaces:\n- name: 1234\n  type: ethernet\n', 'interfaces[0].name: The interface name 1234 must be text: quote it ("1234").', undefined],
  ['an empty interface name', 'interfaces:\n- name: ""\n  type: ethernet\n', 'interfaces[0].name: Every interface needs a name.', 'interface-name-length'],
  ['an interface name over 15 characters', VALID.replaceAll('eno1', 'enp0s31f6-storage0'), 'interfaces[0].name: Interface name "enp0s31f6-storage0" is longer than 15 characters.', 'interface-name-length'],
  ['an interface listed twice', 'interfaces:\n- name: eno1\n  type: ethernet\n- name: eno1\n  type: ethernet\n', 'interfaces[1].name: Interface "eno1" is listed twice.', 'interface-name-unique'],
  ['an unknown state', VALID.replace('state: up', 'state: on'), 'interfaces[0].state: State must be up, down or absent, not "on".', undefined],
  ['ipv4 with addresses but no enabled', 'interfaces:\n- name: eno1\n  ipv4:\n    address:\n    - ip: 192.0.2.10\n      prefix-length: 24\n', 'interfaces[0].ipv4: ipv4 has no "enabled: true": nmstatectl gc then disables IPv4 and drops its addresses.', 'enabled-explicit'],
  ['enabled that is not a boolean', VALID.replace('enabled: true', 'enabled: maybe'), 'interfaces[0].ipv4.enabled: enabled must be true or false, not "maybe".', undefined],
  ['IPv6 autoconf without DHCP', 'interfaces:\n- name: eno1\n  ipv6:\n    enabled: true\n    autoconf: true\n', 'interfaces[0].ipv6.autoconf: nmstate does not support IPv6 autoconf without DHCP: add "dhcp: true".', undefined],
  ['prefix_length with an underscore', VALID.replace('prefix-length: 24', 'prefix_length: 24'), 'interfaces[0].ipv4.address[0].prefix_length: nmstate spells it prefix-length, with a hyphen.', undefined],
  ['an address that is not an IP', VALID.replace('ip: 192.168.111.40', 'ip: 192.168.111.040'), 'interfaces[0].ipv4.address[0].ip: 192.168.111.040 is not an IP address.', undefined],
  ['an IPv6 address under ipv4', VALID.replace('ip: 192.168.111.40', 'ip: fd00::40'), 'interfaces[0].ipv4.address[0].ip: fd00::40 is not an IPv4 address.', undefined],
  ['a prefix out of range', VALID.replace('prefix-length: 24', 'prefix-length: 33'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix written as a float', VALID.replace('prefix-length: 24', 'prefix-length: 24.0'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix string that is not a number', VALID.replace('prefix-length: 24', 'prefix-length: "24 "'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix of 0', VALID.replace('prefix-length: 24', 'prefix-length: 0'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', 'prefix-nonzero'],
  ['the network address', VALID.replace('ip: 192.168.111.40', 'ip: 192.168.111.0'), "interfaces[0].ipv4.address[0].ip: 192.168.111.0 is the network address of 192.168.111.0/24: it cannot be a host's address.", 'host-address'],
  ['the broadcast address', VALID.replace('ip: 192.168.111.40', 'ip: 192.168.111.255'), "interfaces[0].ipv4.address[0].ip: 192.168.111.255 is the broadcast address of 192.168.111.0/24: it cannot be a host's address.", 'host-address'],
  ['a DNS server that is not an IP', VALID.replace('    - 192.168.111.1\nroutes', '    - dns.example.com\nroutes'), 'dns-resolver.config.server[0]: dns.example.com is not an IP address.', undefined],
  ['a duplicate DNS server', VALID.replace('    - 192.168.111.1\nroutes', '    - 192.168.111.1\n    - 192.168.111.1\nroutes'), 'dns-resolver.config.server[1]: DNS server 192.168.111.1 is listed twice.', 'dns-unique'],
  ['the same DNS server written two ways', DUAL_STACK.replace('routes:', 'dns-resolver:\n  config:\n    server:\n    - 2001:db8::0023\n    - 2001:db8::23\nroutes:'), 'dns-resolver.config.server[1]: DNS server 2001:db8::23 is listed twice.', 'dns-unique'],
  ['an IPv6 DNS server without an IPv6 interface', VALID.replace('    - 192.168.111.1\nroutes', '    - fd00::53\nroutes'), 'dns-resolver.config.server[0]: No interface has IPv6 enabled with an address or DHCP, so nmstate has nowhere to put DNS server fd00::53.', undefined],
  ['a route without destination', VALID.replace('  - destination: 0.0.0.0/0\n    next-hop-address', '  - next-hop-address'), 'routes.config[0].destination: Every route needs a destination, such as 0.0.0.0/0; nmstatectl gc drops a route without one.', 'route-destination'],
  ['a destination that is not an address', VALID.replace('destination: 0.0.0.0/0', 'destination: default'), 'routes.config[0].destination: default is not a destination such as 0.0.0.0/0 or 192.0.2.0/24.', undefined],
  ['a destination prefix out of range', VALID.replace('destination: 0.0.0.0/0', 'destination: 10.0.0.0/33'), 'routes.config[0].destination: 10.0.0.0/33 has a prefix length outside 0 to 32.', undefined],
  ['an empty next-hop address', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: ""'), 'routes.config[0].next-hop-address: Enter the next-hop (gateway) address.', undefined],
  ['a next hop of the other family', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: fd00::1'), "routes.config[0].next-hop-address: The next hop fd00::1 is not of the destination's family.", 'route-next-hop-family'],
  ['a gateway outside the subnet', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 192.168.112.1'), "routes.config[0].next-hop-address: The gateway 192.168.112.1 is outside eno1's subnet (192.168.111.40/24).", 'gateway-on-link'],
  ['a gateway through an interface with no static address of its family', 'interfaces:\n- name: eno1\n  ipv4:\n    enabled: true\nroutes:\n  config:\n  - destination: 0.0.0.0/0\n    next-hop-address: 192.0.2.1\n    next-hop-interface: eno1\n', 'routes.config[0].next-hop-address: Interface "eno1" has no IPv4 address to reach 192.0.2.1 through.', 'gateway-on-link'],
  ['a gateway that is the host itself', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 192.168.111.40'), "routes.config[0].next-hop-address: The gateway 192.168.111.40 is the host's own address.", 'gateway-not-self'],
  ['an IPv4 link-local gateway outside the subnet (only IPv6 link-local is on-link everywhere)', VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 169.254.0.1'), "routes.config[0].next-hop-address: The gateway 169.254.0.1 is outside eno1's subnet (192.168.111.40/24).", 'gateway-on-link'],
  ['a route without next-hop-interface', VALID.replace('    next-hop-interface: eno1\n', ''), 'routes.config[0].next-hop-interface: nmstate rejects a route without next-hop-interface.', undefined],
  ['a next-hop interface that does not exist', VALID.replace('next-hop-interface: eno1', 'next-hop-interface: eno9'), 'routes.config[0].next-hop-interface: Interface "eno9" is not in interfaces.', undefined],
  ['a next-hop interface that is down', VALID.replace('state: up', 'state: down'), 'routes.config[0].next-hop-interface: Interface "eno1" is down: nmstate routes only through interfaces that are up.', undefined],
  ['a route of a family the interface has disabled', VALID.replace('destination: 0.0.0.0/0\n    next-hop-address: 192.168.111.1', 'destination: ::/0\n    next-hop-address: fd00::1'), 'routes.config[0].next-hop-interface: Interface "eno1" has IPv6 disabled, so nmstate cannot route through it.', undefined],
];

describe('validateNmstate', () => {
  it('accepts the seed procedure’s document and returns its address', () => {
    expect(validateNmstate(VALID)).toEqual({ issues: [], addresses: [{ interface: 'eno1', ip: '192.168.111.40', prefix: 24 }] });
  });

  it('accepts an interface whose IP is disabled (state up, enabled false)', () => {
    expect(messages('interfaces:\n- name: eno2\n  type: ethernet\n  state: up\n  ipv4:\n    enabled: false\n  ipv6:\n    enabled: false\n')).toEqual([]);
  });

  it.each(NMSTATECTL_ACCEPTS.map((d) => [d.name, d.yaml]))('accepts what nmstatectl gc accepts: %s', (_, yaml) => {
    expect(messages(yaml)).toEqual([]);
  });

  it('reads a prefix written as a string as its number', () => {
    const [stringPrefix] = NMSTATECTL_ACCEPTS;
    expect(validateNmstate(stringPrefix!.yaml).addresses).toEqual([{ interface: 'eno1', ip: '198.51.100.21', prefix: 24 }]);
  });

  it('leaves unknown keys and settings blocks to nmstatectl (it is the authority on its schema)', () => {
    expect(messages(VALID.replace('  state: up\n', '  state: up\n  dispatch:\n    post-activation: echo up\n  future-setting: 1\n'))).toEqual([]);
  });

  it.each(FLAGGED)('flags %s', (_, yaml, expected, policy) => {
    const { issues } = validateNmstate(yaml);
    const found = issues.map((i) => `${i.path}: ${i.message}`);
    if (expected instanceof RegExp) expect(found.some((m) => expected.test(m))).toBe(true);
    else expect(found).toEqual([expected]);
    expect(issues.map((i) => i.policy)).toEqual(issues.map(() => policy));
  });

  it('tests every policy it lists, and lists every policy it applies', () => {
    const tested = new Set(FLAGGED.map(([, , , policy]) => policy).filter(Boolean));
    expect([...tested].sort()).toEqual(NMSTATE_POLICIES.map((p) => p.id).sort());
  });

  it('says why a route cannot go through a family left without enabled: true, as nmstate refuses it', () => {
    expect(validateNmstate(VALID.replace('    enabled: true\n', '')).issues).toEqual([
      expect.objectContaining({ path: 'interfaces[0].ipv4', policy: 'enabled-explicit' }),
      { path: 'dns-resolver.config.server[0]', line: 12, message: 'No interface has IPv4 enabled with an address or DHCP, so nmstate has nowhere to put DNS server 192.168.111.1.' },
      { path: 'routes.config[0].next-hop-interface', line: 17, message: 'Interface "eno1" has IPv4 disabled (its ipv4 has no "enabled: true"), so nmstate cannot route through it.' },
    ]);
  });

  it('points at the YAML line of the problem', () => {
    const [issue] = validateNmstate(VALID.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 10.0.0.1')).issues;
    expect(issue?.line).toBe(VALID.split('\n').findIndex((line) => line.includes('next-hop-address')) + 1);
  });

  it('returns only the addresses nmstate will configure', () => {
    const yaml = `${DUAL_STACK.replace(/routes:[\s\S]*/, '')}- name: eno2
  type: ethernet
  state: up
  ipv4:
    enabled: false
    address:
    - ip: 192.0.2.20
      prefix-length: 24
- name: eno3
  type: ethernet
  state: absent
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.30
      prefix-length: 24
`;
    expect(validateNmstate(yaml).addresses).toEqual([
      { interface: 'eno1', ip: '192.0.2.10', prefix: 24 },
      { interface: 'eno1', ip: '2001:db8::10', prefix: 64 },
    ]);
  });
});
