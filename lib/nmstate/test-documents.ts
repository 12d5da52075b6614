import { staticNmstateYaml } from './document';
import type { NmstatePolicyId } from './policies';

/**
 * NMState documents for the table tests of the browser's checks (lib/nmstate/validate.test.ts),
 * each also given to the real nmstatectl gc 2.2 by server/nmstate/nmstatectl.integration.test.ts,
 * so a row cannot claim what nmstate does not do.
 */

/** The seed procedure's static config, with values filled in. */
export const SEED_DOCUMENT = staticNmstateYaml({ ip: '192.168.111.40', prefix: 24, gateway: '192.168.111.1', dns: '192.168.111.1' });

export const DUAL_STACK_DOCUMENT = `interfaces:
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

/** Documents nmstatectl gc accepts and an earlier browser check refused (issue 12). */
export const NMSTATECTL_ACCEPTS: readonly { name: string; yaml: string }[] = [
  {
    name: 'a prefix length written as a string',
    yaml: `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4:
    enabled: true
    address:
    - ip: 198.51.100.21
      prefix-length: "24"
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: 198.51.100.1
    next-hop-interface: eno1
`,
  },
  {
    name: 'a linux-bridge br-ex with port eno1 (controller: br-ex, both families disabled) holding the static IP',
    yaml: `interfaces:
- name: br-ex
  type: linux-bridge
  state: up
  bridge:
    options:
      stp:
        enabled: false
    port:
    - name: eno1
  ipv4:
    enabled: true
    address:
    - ip: 198.51.100.21
      prefix-length: 24
  ipv6:
    enabled: false
- name: eno1
  type: ethernet
  state: up
  controller: br-ex
  ipv4:
    enabled: false
  ipv6:
    enabled: false
dns-resolver:
  config:
    server:
    - 198.51.100.53
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: 198.51.100.1
    next-hop-interface: br-ex
`,
  },
  {
    name: "nmstate's base interface properties and the settings blocks of vrf, vxlan, mac-vlan, ipvlan, infiniband and veth",
    yaml: `interfaces:
- name: eno1
  type: ethernet
  state: up
  wait-ip: ipv4+ipv6
  driver: ixgbe
  min-mtu: 68
  max-mtu: 9000
  mtu: 1500
  mptcp:
    address-flags: []
  802.1x:
    identity: host1
    eap-methods:
    - tls
    private-key: /etc/pki/host1.key
    client-cert: /etc/pki/host1.crt
    ca-cert: /etc/pki/ca.crt
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.10
      prefix-length: 24
  ipv6:
    enabled: true
    dhcp: true
    autoconf: true
- name: vrf0
  type: vrf
  state: up
  vrf:
    port:
    - eno2
    route-table-id: 100
- name: eno2
  type: ethernet
  state: up
- name: vxlan0
  type: vxlan
  state: up
  vxlan:
    base-iface: eno1
    id: 100
    remote: 192.0.2.200
    destination-port: 4789
- name: macvlan0
  type: mac-vlan
  state: up
  mac-vlan:
    base-iface: eno1
    mode: bridge
    promiscuous: true
- name: ipvlan0
  type: ipvlan
  state: up
  ipvlan:
    base-iface: eno1
    mode: l2
- name: ib0
  type: infiniband
  state: up
  infiniband:
    mode: datagram
    pkey: "0xffff"
- name: veth0
  type: veth
  state: up
  veth:
    peer: veth0-peer
`,
  },
  {
    name: 'an IPv6 default route through a link-local next hop (fe80::/10 is on-link)',
    yaml: `interfaces:
- name: eth1
  type: ethernet
  state: up
  ipv6:
    enabled: true
    address:
    - ip: 2001:db8::132
      prefix-length: 64
routes:
  config:
  - destination: ::/0
    next-hop-address: fe80::f816:ffff:1:6758
    next-hop-interface: eth1
`,
  },
  {
    name: 'a route through an interface that gets its IPv4 address by DHCP',
    yaml: `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.10
      prefix-length: 24
- name: eth1
  type: ethernet
  state: up
  ipv4:
    enabled: true
    dhcp: true
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: 192.0.2.1
    next-hop-interface: eno1
  - destination: 203.0.113.0/24
    next-hop-address: 192.0.2.1
    next-hop-interface: eth1
`,
  },
  {
    name: 'booleans and numbers in the spellings nmstate reads (yes, "on", 0x18, 0o30, "+24")',
    yaml: `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4:
    enabled: yes
    dhcp: "off"
    address:
    - ip: 192.0.2.10
      prefix-length: 0x18
    - ip: 192.0.2.11
      prefix-length: "+24"
    - ip: 192.0.2.12
      prefix-length: 0o30
  ipv6:
    enabled: "on"
    dhcp: 1
    autoconf: "TRUE"
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: 192.0.2.1
    next-hop-interface: eno1
    metric: "100"
`,
  },
  {
    name: 'a bond of two NICs with a VLAN on top holding the address (numbers as strings)',
    yaml: `interfaces:
- name: bond0
  type: bond
  state: up
  link-aggregation:
    mode: active-backup
    options:
      miimon: "100"
    port:
    - eno1
    - eno2
  ipv4:
    enabled: false
  ipv6:
    enabled: false
- name: eno1
  type: ethernet
  state: up
- name: eno2
  type: ethernet
  state: up
- name: bond0.100
  type: vlan
  state: up
  vlan:
    base-iface: bond0
    id: "100"
  ipv4:
    enabled: true
    address:
    - ip: 192.0.2.10
      prefix-length: 24
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: 192.0.2.1
    next-hop-interface: bond0.100
`,
  },
];

/** Documents nmstatectl gc accepts whose reading is easy to get wrong: the browser accepts them too. */
export const NMSTATECTL_ALSO_ACCEPTS: readonly { name: string; yaml: string }[] = [
  { name: 'an interface marked absent, whatever else it says (nmstate reads only its name)', yaml: 'interfaces:\n- name: eno1\n  state: absent\n  ipv4: {enabled: maybe, address: [{ip: 1.2.3, prefix-length: 99}]}\n- name: eno2\n  ipv4: {enabled: false}\n' },
  { name: 'a removal route without destination or interface', yaml: `${SEED_DOCUMENT}  - next-hop-address: 192.168.111.254\n    state: absent\n` },
  { name: 'a route with state ignore, unread', yaml: `${SEED_DOCUMENT}  - destination: nowhere\n    state: ignore\n` },
  { name: 'a DNS server on a down interface with a static address', yaml: SEED_DOCUMENT.replace('state: up', 'state: down').replace(/routes:[\s\S]*/, '') },
  { name: 'a DNS server on a down DHCP interface with auto-dns: false', yaml: 'interfaces:\n- name: eno1\n  state: down\n  ipv4:\n    enabled: true\n    dhcp: true\n    auto-dns: false\ndns-resolver:\n  config:\n    server: [192.0.2.53]\n' },
  { name: 'an unknown interface type (nmstate warns and treats it as ethernet)', yaml: SEED_DOCUMENT.replace('type: ethernet', 'type: ether') },
  { name: 'a route without next hop address (on-link)', yaml: SEED_DOCUMENT.replace('    next-hop-address: 192.168.111.1\n', '') },
  { name: 'a host route without prefix', yaml: SEED_DOCUMENT.replace('destination: 0.0.0.0/0', 'destination: 203.0.113.7') },
];

/**
 * Documents the console flags: what, the document, the one issue expected, and the policy behind it.
 * Without a policy nmstatectl gc refuses the document too; with one, it accepts it (the
 * integration test checks both against the real tool).
 */
export const CONSOLE_FLAGS: [string, string, string | RegExp, NmstatePolicyId | undefined][] = [
  ['a document that is not YAML', 'interfaces: [\n', /Not valid YAML/, undefined],
  ['a document over 64 KiB', `${SEED_DOCUMENT}${'# a comment\n'.repeat(6000)}`, ": The network config is 71 KiB; the console takes at most 64 KiB (a host's NMState is a few).", 'document-size'],
  ['two YAML documents', `${SEED_DOCUMENT}---\n${SEED_DOCUMENT}`, ': nmstate reads one YAML document; remove the second "---" and what follows it.', undefined],
  ['a key written twice', SEED_DOCUMENT.replace('  state: up\n', '  state: up\n  state: up\n'), ': A key is written twice in one mapping; keep one.', 'unique-keys'],
  ['a list instead of a document', '- eno1\n', ': The network config must be an NMState document (a mapping with interfaces).', undefined],
  ['no interfaces', 'dns-resolver: {}\n', 'interfaces: List at least one interface.', 'interface-required'],
  ['an empty document', '', 'interfaces: List at least one interface.', 'interface-required'],
  ['an interface without a name', SEED_DOCUMENT.replace('- name: eno1\n  type', '- type'), 'interfaces[0].name: Every interface needs a name.', undefined],
  ['a numeric interface name', 'interfaces:\n- name: 1234\n  type: ethernet\n', 'interfaces[0].name: The interface name 1234 must be text: quote it ("1234").', undefined],
  ['an empty interface name', 'interfaces:\n- name: ""\n  type: ethernet\n', 'interfaces[0].name: Every interface needs a name.', 'interface-name-length'],
  ['an interface name over 15 characters', SEED_DOCUMENT.replaceAll('eno1', 'enp0s31f6-storage0'), 'interfaces[0].name: Interface name "enp0s31f6-storage0" is longer than 15 characters.', 'interface-name-length'],
  ['an interface listed twice', 'interfaces:\n- name: eno1\n  type: ethernet\n- name: eno1\n  type: ethernet\n', 'interfaces[1].name: Interface "eno1" is listed twice.', 'interface-name-unique'],
  ['an unknown state', SEED_DOCUMENT.replace('state: up', 'state: on'), 'interfaces[0].state: State must be up, down or absent, not "on".', undefined],
  ['ipv4 with addresses but no enabled', 'interfaces:\n- name: eno1\n  ipv4:\n    address:\n    - ip: 192.0.2.10\n      prefix-length: 24\n', 'interfaces[0].ipv4: ipv4 has no "enabled: true": nmstatectl gc then disables IPv4 and drops its addresses.', 'enabled-explicit'],
  ['enabled that is not a boolean', SEED_DOCUMENT.replace('enabled: true', 'enabled: maybe'), 'interfaces[0].ipv4.enabled: enabled must be true or false, not "maybe".', undefined],
  ['IPv6 autoconf without DHCP', 'interfaces:\n- name: eno1\n  ipv6:\n    enabled: true\n    autoconf: true\n', 'interfaces[0].ipv6.autoconf: nmstate does not support IPv6 autoconf without DHCP: add "dhcp: true".', undefined],
  ['prefix_length with an underscore', SEED_DOCUMENT.replace('prefix-length: 24', 'prefix_length: 24'), 'interfaces[0].ipv4.address[0].prefix_length: nmstate spells it prefix-length, with a hyphen.', undefined],
  ['an address that is not an IP', SEED_DOCUMENT.replace('ip: 192.168.111.40', 'ip: 192.168.111.040'), 'interfaces[0].ipv4.address[0].ip: 192.168.111.040 is not an IP address.', undefined],
  ['an IPv6 address under ipv4', SEED_DOCUMENT.replace('ip: 192.168.111.40', 'ip: fd00::40'), 'interfaces[0].ipv4.address[0].ip: fd00::40 is not an IPv4 address.', undefined],
  ['a prefix out of range', SEED_DOCUMENT.replace('prefix-length: 24', 'prefix-length: 33'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix written as a float', SEED_DOCUMENT.replace('prefix-length: 24', 'prefix-length: 24.0'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix string that is not a number', SEED_DOCUMENT.replace('prefix-length: 24', 'prefix-length: "24 "'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', undefined],
  ['a prefix of 0', SEED_DOCUMENT.replace('prefix-length: 24', 'prefix-length: 0'), 'interfaces[0].ipv4.address[0].prefix-length: The prefix length must be a whole number from 1 to 32.', 'prefix-nonzero'],
  ['the network address', SEED_DOCUMENT.replace('ip: 192.168.111.40', 'ip: 192.168.111.0'), "interfaces[0].ipv4.address[0].ip: 192.168.111.0 is the network address of 192.168.111.0/24: it cannot be a host's address.", 'host-address'],
  ['the broadcast address', SEED_DOCUMENT.replace('ip: 192.168.111.40', 'ip: 192.168.111.255'), "interfaces[0].ipv4.address[0].ip: 192.168.111.255 is the broadcast address of 192.168.111.0/24: it cannot be a host's address.", 'host-address'],
  ['a DNS server that is not an IP', SEED_DOCUMENT.replace('    - 192.168.111.1\nroutes', '    - dns.example.com\nroutes'), 'dns-resolver.config.server[0]: dns.example.com is not an IP address.', undefined],
  ['a duplicate DNS server', SEED_DOCUMENT.replace('    - 192.168.111.1\nroutes', '    - 192.168.111.1\n    - 192.168.111.1\nroutes'), 'dns-resolver.config.server[1]: DNS server 192.168.111.1 is listed twice.', 'dns-unique'],
  ['the same DNS server written two ways', DUAL_STACK_DOCUMENT.replace('routes:', 'dns-resolver:\n  config:\n    server:\n    - 2001:db8::0023\n    - 2001:db8::23\nroutes:'), 'dns-resolver.config.server[1]: DNS server 2001:db8::23 is listed twice.', 'dns-unique'],
  ['an IPv6 DNS server without an IPv6 interface', SEED_DOCUMENT.replace('    - 192.168.111.1\nroutes', '    - fd00::53\nroutes'), 'dns-resolver.config.server[0]: No interface can hold DNS server fd00::53: nmstate needs one with IPv6 enabled and a static address, or DHCP on an interface that is up.', undefined],
  [
    'IPv4 DNS servers around an IPv6 one',
    DUAL_STACK_DOCUMENT.replace('routes:', 'dns-resolver:\n  config:\n    server: [192.0.2.53, "2001:db8::53", 192.0.2.54]\nroutes:'),
    'dns-resolver.config.server[2]: Group the DNS servers by family: nmstate cannot keep IPv4 servers in the middle of IPv6 ones, or IPv6 in the middle of IPv4.',
    undefined,
  ],
  ['a route without destination', SEED_DOCUMENT.replace('  - destination: 0.0.0.0/0\n    next-hop-address', '  - next-hop-address'), 'routes.config[0].destination: Every route needs a destination, such as 0.0.0.0/0; nmstatectl gc drops a route without one.', 'route-destination'],
  ['a destination that is not an address', SEED_DOCUMENT.replace('destination: 0.0.0.0/0', 'destination: default'), 'routes.config[0].destination: default is not a destination such as 0.0.0.0/0 or 192.0.2.0/24.', undefined],
  ['a destination prefix out of range', SEED_DOCUMENT.replace('destination: 0.0.0.0/0', 'destination: 10.0.0.0/33'), 'routes.config[0].destination: 10.0.0.0/33 has a prefix length outside 0 to 32.', undefined],
  ['an empty next-hop address', SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: ""'), 'routes.config[0].next-hop-address: Enter the next-hop (gateway) address.', undefined],
  ['a next hop of the other family', SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: fd00::1'), "routes.config[0].next-hop-address: The next hop fd00::1 is not of the destination's family.", 'route-next-hop-family'],
  ['a gateway outside the subnet', SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 192.168.112.1'), "routes.config[0].next-hop-address: The gateway 192.168.112.1 is outside eno1's subnet (192.168.111.40/24).", 'gateway-on-link'],
  ['a gateway through an interface with no static address of its family', 'interfaces:\n- name: eno1\n  ipv4:\n    enabled: true\nroutes:\n  config:\n  - destination: 0.0.0.0/0\n    next-hop-address: 192.0.2.1\n    next-hop-interface: eno1\n', 'routes.config[0].next-hop-address: Interface "eno1" has no IPv4 address to reach 192.0.2.1 through.', 'gateway-on-link'],
  ['a gateway that is the host itself', SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 192.168.111.40'), "routes.config[0].next-hop-address: The gateway 192.168.111.40 is the host's own address.", 'gateway-not-self'],
  ['an IPv4 link-local gateway outside the subnet (only IPv6 link-local is on-link everywhere)', SEED_DOCUMENT.replace('next-hop-address: 192.168.111.1', 'next-hop-address: 169.254.0.1'), "routes.config[0].next-hop-address: The gateway 169.254.0.1 is outside eno1's subnet (192.168.111.40/24).", 'gateway-on-link'],
  ['a route without next-hop-interface', SEED_DOCUMENT.replace('    next-hop-interface: eno1\n', ''), 'routes.config[0].next-hop-interface: nmstate rejects a route without next-hop-interface.', undefined],
  ['a next-hop interface that does not exist', SEED_DOCUMENT.replace('next-hop-interface: eno1', 'next-hop-interface: eno9'), 'routes.config[0].next-hop-interface: Interface "eno9" is not in interfaces.', undefined],
  ['a next-hop interface that is down', SEED_DOCUMENT.replace('state: up', 'state: down'), 'routes.config[0].next-hop-interface: Interface "eno1" is down: nmstate routes only through interfaces that are up.', undefined],
  ['a route to 0.0.0.0/8', SEED_DOCUMENT.replace('destination: 0.0.0.0/0', 'destination: 0.0.0.0/8'), 'routes.config[0].destination: 0.0.0.0/8 is inside 0.0.0.0/8, which nmstate refuses as a destination; the default route is 0.0.0.0/0.', undefined],
  ['a removal route whose next hop is not an address', `${SEED_DOCUMENT}  - destination: 10.0.0.0/8\n    next-hop-address: ""\n    state: absent\n`, 'routes.config[1].next-hop-address: Enter the next-hop (gateway) address.', undefined],
  [
    'a DNS server whose only interface of its family gets DHCP but is down',
    'interfaces:\n- name: eno1\n  state: down\n  ipv4:\n    enabled: true\n    dhcp: true\ndns-resolver:\n  config:\n    server: [192.0.2.53]\n',
    'dns-resolver.config.server[0]: No interface can hold DNS server 192.0.2.53: nmstate needs one with IPv4 enabled and a static address, or DHCP on an interface that is up.',
    undefined,
  ],
  ['a route of a family the interface has disabled', SEED_DOCUMENT.replace('destination: 0.0.0.0/0\n    next-hop-address: 192.168.111.1', 'destination: ::/0\n    next-hop-address: fd00::1'), 'routes.config[0].next-hop-interface: Interface "eno1" has IPv6 disabled, so nmstate cannot route through it.', undefined],
];
