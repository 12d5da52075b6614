/**
 * NMState documents that `nmstatectl gc` 2.2 accepts and an earlier browser check refused
 * (issue 12). Shared by the unit table test (the browser must accept them) and the nmstatectl
 * integration test (nmstate does accept them), so both read the same text.
 */
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
