/**
 * Where the console's NMState checks differ from nmstate's, in one place: the enrollment UI
 * explains them from these lists and the differential test (`server/nmstate/
 * validate.differential.integration.test.ts`) accepts a disagreement with `nmstatectl gc` only
 * when one of these entries explains it.
 *
 * nmstate is the authority (SPEC §5): metal3's image customization runs `nmstatectl gc` on the
 * host's network Secret, so what it accepts is valid. The browser checks the rest of nmstate's
 * rules only where it can say better, at the field, what nmstate would also refuse.
 */

/** The largest network config the console takes, in KiB (policy document-size). */
export const NMSTATE_MAX_KIB = 64;

/**
 * The console's own rules: each refuses a document that `nmstatectl gc` (2.2) accepts, for the
 * reason given (usually that the host would boot without the network it was meant to get).
 */
export const NMSTATE_POLICIES = [
  {
    id: 'document-size',
    text: `The document is at most ${NMSTATE_MAX_KIB} KiB.`,
    why: `A host's NMState is a few KiB (a hundred interfaces take about 15). The console checks the config as it is typed, in the browser; a document of hundreds of KiB would freeze the page, and nmstatectl gc accepts it.`,
  },
  {
    id: 'interface-required',
    text: 'The document lists at least one interface.',
    why: 'A static network config without interfaces configures nothing; nmstatectl gc accepts it and the host would boot with no static address.',
  },
  {
    id: 'interface-name-length',
    text: 'An interface name is 1 to 15 bytes long.',
    why: 'Linux limits interface names to 15 bytes (IFNAMSIZ - 1); nmstatectl gc writes a profile for an empty or longer name that matches no device at boot.',
  },
  {
    id: 'interface-name-unique',
    text: 'Each interface is listed once.',
    why: 'nmstatectl gc keeps only the last entry of a name, so an edit to an earlier one silently does nothing; how much of the dropped entry it still checks depends on its type.',
    masksNmstate: true,
  },
  {
    id: 'unique-keys',
    text: 'No key appears twice in one mapping.',
    why: 'YAML requires unique keys; nmstatectl refuses a repeated top-level key but silently keeps one of two keys inside an interface.',
    masksNmstate: true,
  },
  {
    id: 'enabled-explicit',
    text: 'An ipv4 or ipv6 section with addresses, dhcp or autoconf says enabled: true.',
    why: 'nmstatectl gc reads a missing enabled as false and writes method=disabled, dropping the addresses: the host would boot without its static IP.',
  },
  {
    id: 'prefix-nonzero',
    text: 'A static address has a prefix length of at least 1.',
    why: 'nmstate accepts /0, which puts every address on-link; no host subnet is /0, so it is a typo for the real prefix.',
  },
  {
    id: 'host-address',
    text: 'A static IPv4 address is not the network or broadcast address of its subnet (except in /31 and /32).',
    why: 'nmstate and the kernel accept them, but a host with its network or broadcast address cannot talk to its neighbours.',
  },
  {
    id: 'dns-unique',
    text: 'No DNS server is listed twice (compared as addresses).',
    why: 'nmstate keeps both; resolv.conf uses only the first three servers (glibc MAXNS), so a duplicate pushes a real one out.',
  },
  {
    id: 'route-destination',
    text: 'Every route has a destination.',
    why: 'nmstatectl gc silently drops a route without destination: the host would boot without it.',
  },
  {
    id: 'route-next-hop-family',
    text: "A route's next hop is of its destination's family.",
    why: "nmstatectl gc writes, e.g., 0.0.0.0/0 via fd00::1 into the profile's [ipv4] section, which NetworkManager refuses to load.",
  },
  {
    id: 'gateway-on-link',
    text:
      "A route's next hop lies inside a static subnet of its next-hop interface, of the next hop's family. Exceptions, as nmstate and the kernel allow: " +
      'an IPv6 link-local next hop (fe80::/10) is on-link on any interface with IPv6 enabled, and an interface whose family has dhcp: true (or IPv6 ' +
      'autoconf: true) gets its address at boot, so no static subnet applies.',
    why: 'nmstate does not check it, but the kernel refuses a gateway it cannot reach on-link ("Nexthop has invalid gateway"): the host would boot without the route, usually its default route.',
  },
  {
    id: 'gateway-not-self',
    text: "A route's next hop is not one of the host's own addresses.",
    why: 'A host cannot route through itself; nmstate accepts it and the route never works.',
  },
] as const satisfies readonly { id: string; text: string; why: string; masksNmstate?: true }[];
// masksNmstate: with this mistake the browser cannot predict what else nmstate checks (which of two
// entries or keys it reads), so the differential test takes the policy as the explanation of
// whatever nmstatectl refuses in that document.

export type NmstatePolicy = (typeof NMSTATE_POLICIES)[number];
export type NmstatePolicyId = NmstatePolicy['id'];

export function nmstatePolicy(id: NmstatePolicyId): NmstatePolicy {
  // The list is the type's source, so every id has its entry.
  return NMSTATE_POLICIES.find((policy) => policy.id === id)!;
}

/**
 * What the browser leaves to `nmstatectl gc` on the server: mistakes nmstate refuses that the
 * browser does not look for, each with the pattern of nmstatectl's message for it. Keeping a copy
 * of nmstate's schema in the browser refused valid configs (issue 12), so unknown keys and the
 * settings blocks of every interface type are nmstate's to judge.
 */
export const LEFT_TO_NMSTATECTL = [
  {
    id: 'schema',
    text: "Unknown keys, interface types and every settings block (bridge, bond, vlan, ethtool, 802.1x, ...) and the types of their values.",
    why: "nmstate's schema is large and changes with each release; a copy in the browser drifted and refused valid configs.",
    // What nmstate's parser (serde) refuses, except what the browser reads itself: IP addresses,
    // prefix lengths and the enabled/dhcp/autoconf/auto-dns flags.
    nmstatectl:
      /^(?!.*(invalid IP address syntax|Need to be boolean|unknown field `prefix_length`|missing field `ip`|missing field `prefix-length`))(Provide file is not valid NetworkState: |NmstateError: InvalidArgument: Invalid property for )/,
  },
  {
    id: 'ports',
    text: 'Ports (interfaces with a controller, or listed as a port) carry no IP, and their controller exists.',
    why: "nmstate's message names the port and its controller; which controller types allow IPs on ports is nmstate's rule.",
    nmstatectl: /cannot have IP enabled as it is attached to controller|desired controller .* not found|port .* not found|is not found for|overbooked|has controller property set to/i,
  },
  {
    id: 'dns-link-local',
    text: 'IPv6 link-local DNS servers (fe80::1%eth1): their scope interface and whether it can hold them.',
    why: 'nmstate resolves the scope and picks the interface by rules of its own; its message names the interface.',
    nmstatectl: /link local DNS/,
  },
  {
    id: 'interface-settings',
    text: 'Interface settings checked against each other: MTU (at least 1280 with IPv6 enabled), a new bond needs its mode, ...',
    why: 'These follow each interface type and kernel limits, which nmstate knows and the browser would only copy.',
    nmstatectl: /MTU should be|Bond mode is mandatory/,
  },
  {
    id: 'gc-unsupported',
    text: 'Settings nmstatectl gc cannot write (for example dispatch scripts).',
    why: 'Only nmstatectl knows what its gen_conf mode supports.',
    nmstatectl: /not supported in gc/,
  },
] as const satisfies readonly { id: string; text: string; why: string; nmstatectl: RegExp }[];

export type LeftToNmstatectl = (typeof LEFT_TO_NMSTATECTL)[number];
