import { NEEDS_PROVISIONING_NETWORK } from '@/lib/metal3/bmc';

/**
 * The console's own enrollment policies: what it refuses although the cluster (the apiserver, the
 * BareMetalHost CRD schema and BMO's admission webhook) would create the objects. Everything else
 * the enrollment schema refuses, the cluster refuses too; `server/enroll.integration.test.ts`
 * checks that both ways on generated enrollments, and a refusal it finds the cluster would accept
 * must carry one of these ids.
 *
 * `text` is what the user reads, `{name}` standing for a value of the input. The NMState rules of
 * the static network config are listed in lib/nmstate/policies.ts; here they are one entry.
 */
export interface EnrollmentPolicy {
  id: string;
  /** The enrollment form field the refusal is shown at. */
  field: string;
  text: string;
  /** Why the console refuses what the cluster would accept, and the upstream source of the rule. */
  why: string;
  /** The shared schema (browser and server), or the server alone (it needs the cluster's inventory). */
  checkedBy: 'schema' | 'server';
}

export const ENROLLMENT_POLICIES = [
  {
    id: 'new-worker-virtual-media',
    field: 'bmc.address',
    text: `The {driver} driver ${NEEDS_PROVISIONING_NETWORK}. Use a virtual-media driver such as redfish-virtualmedia or idrac-virtualmedia.`,
    why: "A user-provisioned cluster runs metal3 with provisioningNetwork: Disabled (SPEC §1), so only drivers that boot by virtual media (hardwareutils RequiresProvisioningNetwork() false) can provision a new worker. BMO's webhook has no such rule: the host would register, then never provision. Existing hosts are not provisioned, so any driver will do.",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-address-required',
    field: 'bmc.address',
    text: 'Enter the BMC address.',
    why: 'BMO\'s webhook checks an address only when there is one (validateHost: `if host.Spec.BMC.Address != ""`), and the CRD accepts "". BMO then fails registration with "missing BMC address".',
    checkedBy: 'schema',
  },
  {
    id: 'bmc-host-required',
    field: 'bmc.address',
    text: 'The BMC address has no host.',
    why: "Go's url.Parse reads `redfish-virtualmedia:///redfish/v1` or `ipmi://:623` with an empty host, and checkDNSValid allows an empty host (hardwareutils access.go). There is nothing to connect to.",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-port-range',
    field: 'bmc.address',
    text: '{port} is not a port (1–65535).',
    why: "Go's url.Parse takes any run of digits after the host's last colon as the port (validOptionalPort), 0 and 99999 included. No BMC listens there, so registration would fail.",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-host-numeric',
    field: 'bmc.address',
    text: '{host} is not an IP address: an IPv4 address is four numbers from 0 to 255, without leading zeros.',
    why: "checkDNSValid's name pattern accepts labels of digits only, so 300.1.1.1, 10.0.0 or 010.0.0.1 pass as DNS names, and Go's net.ParseIP reads none of them as an address. No DNS name is all numeric (RFC 3696 §2), so the BMC could never be reached.",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-address-without-credentials',
    field: 'bmc.address',
    text: "Put the BMC user name and password in their fields, not in the address: the address is stored in clear in the host's spec.",
    why: "Go's url.Parse accepts `user:password@` before the host and BMO lets it through. Anyone who may read BareMetalHosts could read credentials stored there. They belong in the BMC Secret.",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-username-required',
    field: 'bmc.username',
    text: 'Enter the BMC user name.',
    why: "A Secret may hold an empty username, but BMO refuses it only when it registers the host: \"Validation error with BMC credentials: Missing BMC connection detail 'username' in credentials\" (hardwareutils bmc/credentials.go).",
    checkedBy: 'schema',
  },
  {
    id: 'bmc-password-required',
    field: 'bmc.password',
    text: 'Enter the BMC password.',
    why: "A Secret may hold an empty password, but BMO refuses it only when it registers the host: \"Validation error with BMC credentials: Missing BMC connection details 'password' in credentials\" (hardwareutils bmc/credentials.go).",
    checkedBy: 'schema',
  },
  {
    id: 'boot-mac-six-pairs',
    field: 'bootMACAddress',
    text: 'A MAC address is six pairs of hex digits separated by colons, such as 52:54:00:12:34:56.',
    why: "The CRD's pattern for bootMACAddress is not anchored and Go's net.ParseMAC also reads 8- and 20-byte addresses, so the cluster takes 52:54:00:12:34:56:78:9a; and BMO's webhook runs ParseMAC only when it could read the BMC address, so beside an unreadable or empty address even x52:54:00:12:34:56 passes. Ironic, where BMO registers the boot NIC as a port, takes only six colon-separated pairs (ironic.common.utils.is_valid_mac): registration would fail.",
    checkedBy: 'schema',
  },
  {
    id: 'expected-node-name',
    field: 'expectedNodeName',
    text: 'A node name may use lowercase letters, digits, "-" and ".", must start and end with a letter or digit, and has at most 253 characters.',
    why: 'It is only an annotation, which takes any text; but a Node name is a DNS-1123 subdomain, so no node could ever match it, and the console links nodes and checks their CSRs by it.',
    checkedBy: 'schema',
  },
  {
    id: 'user-data-secret-name',
    field: 'userDataSecret',
    text: 'A Secret name may use lowercase letters, digits, "-" and ".", must start and end with a letter or digit, and has at most 253 characters.',
    why: 'The CRD takes any text in spec.userData.name, but no Secret can have a name that is not a DNS-1123 subdomain, so provisioning would fail for want of user data.',
    checkedBy: 'schema',
  },
  {
    id: 'custom-deploy-install-coreos',
    field: 'customDeployMethod',
    text: 'The custom deploy method is install_coreos.',
    why: "The CRD takes any method name; OpenShift's deploy ramdisk implements install_coreos only, so any other fails provisioning.",
    checkedBy: 'schema',
  },
  {
    id: 'root-device-name-names-a-device',
    field: 'rootDeviceHints.deviceName',
    text: '"{deviceName}" names no device: write the name after /dev/ or /dev/disk/by-path/, such as /dev/sda, without spaces.',
    why: 'BMO\'s webhook only checks the directory (validateRootDeviceHints), so /dev/, /dev/disk/by-path/ or "/dev/sd a" pass. Ironic matches the hint exactly against the kernel\'s device names, which are never empty and have no white space: provisioning would find no root device.',
    checkedBy: 'schema',
  },
  {
    id: 'root-device-hctl',
    field: 'rootDeviceHints.hctl',
    text: 'An HCTL is four numbers, such as 0:0:0:0.',
    why: "The CRD takes any text; Ironic compares the hint exactly with each disk's SCSI address Host:Channel:Target:Lun, so anything else matches no disk and provisioning fails.",
    checkedBy: 'schema',
  },
  {
    id: 'root-device-hints-known',
    field: 'rootDeviceHints',
    text: 'Unrecognized key: "{key}"',
    why: 'The apiserver prunes fields the CRD does not define, silently: a misspelt hint would vanish and another disk could be chosen.',
    checkedBy: 'schema',
  },
  {
    id: 'static-network-config-required',
    field: 'networkConfig',
    text: 'A static network needs its NMState config.',
    why: 'Without it the console creates no network Secret while the host names one in preprovisioningNetworkDataName; the cluster accepts that, and image customization then fails for want of the Secret.',
    checkedBy: 'schema',
  },
  {
    id: 'network-config-only-static',
    field: 'networkConfig',
    text: 'Only a static network has an NMState config.',
    why: 'DHCP workers and existing hosts get no network Secret: the config would be dropped without a word.',
    checkedBy: 'schema',
  },
  {
    id: 'network-config-size',
    field: 'networkConfig',
    text: 'The network config is longer than 64 KiB.',
    why: "A Secret holds up to 1 MiB, but one host's NMState is a few KiB; the limit bounds what the editor and the server parse.",
    checkedBy: 'schema',
  },
  {
    id: 'network-config-nmstate',
    field: 'networkConfig',
    text: 'Line {line}: {problem}',
    why: "A Secret takes any text, and metal3's image customization runs `nmstatectl gc` on its nmstate key only when it builds the host's image, after everything exists. The console checks it as nmstate would, before; each rule is listed in lib/nmstate/policies.ts.",
    checkedBy: 'schema',
  },
  {
    id: 'boot-mac-unique',
    field: 'bootMACAddress',
    text: '{mac} is the boot MAC of host {host}.',
    why: 'No webhook catches a duplicate boot MAC: BMO (through Ironic) fails registration with "MAC address <mac> conflicts with existing node <namespace>~<name>" and retries forever (SPEC §3).',
    checkedBy: 'server',
  },
  {
    id: 'boot-mac-not-inspected-nic',
    field: 'bootMACAddress',
    text: '{mac} is a NIC of host {host} (found by inspection).',
    why: "Ironic already has that MAC as a port of the other host's node, so registration fails as for a duplicate boot MAC (SPEC §3).",
    checkedBy: 'server',
  },
  {
    id: 'bmc-address-unique',
    field: 'bmc.address',
    text: '{address} is the BMC address of host {host}.',
    why: "Neither BMO's webhook nor Ironic compares BMC addresses: two hosts would drive one machine's power and virtual media, each undoing the other. Compared by host (as an address), port and path, so two systems behind one BMC (different Redfish paths) are not a conflict.",
    checkedBy: 'server',
  },
  {
    id: 'static-ip-unique',
    field: 'networkConfig',
    text: '{ip} is in the network config of host {host}.',
    why: 'Nothing in the cluster compares static addresses: the two hosts would fight over it once booted (SPEC §5).',
    checkedBy: 'server',
  },
  {
    id: 'static-ip-not-a-node',
    field: 'networkConfig',
    text: '{ip} is the InternalIP of node {node}.',
    why: 'Nothing in the cluster compares static addresses: the new host would take a running node\'s address (SPEC §5).',
    checkedBy: 'server',
  },
  {
    id: 'node-name-free',
    field: 'expectedNodeName',
    text: 'Node {node} {holder}: the new host could not join under that name.',
    why: 'A new worker joins as its expected node name (its host name when none is given). Nothing in the cluster checks it at enrollment; later its client CSR fails "No Node of that name exists yet" (cluster-machine-approver refuses it too), or two hosts wait for one node.',
    checkedBy: 'server',
  },
] as const satisfies readonly EnrollmentPolicy[];

export type EnrollmentPolicyId = (typeof ENROLLMENT_POLICIES)[number]['id'];

export function enrollmentPolicy(id: EnrollmentPolicyId): EnrollmentPolicy {
  const policy = ENROLLMENT_POLICIES.find((p) => p.id === id);
  if (!policy) throw new Error(`no enrollment policy ${id}`);
  return policy;
}

/** The policy's text with its `{placeholders}` filled in. */
export function policyMessage(id: EnrollmentPolicyId, values: Record<string, string | number> = {}): string {
  return enrollmentPolicy(id).text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function isEnrollmentPolicyId(id: unknown): id is EnrollmentPolicyId {
  return typeof id === 'string' && ENROLLMENT_POLICIES.some((p) => p.id === id);
}

/** The policy a schema issue stands for, or undefined when it is a rule the cluster enforces too. */
export function policyOfIssue(issue: { code: string; path: readonly PropertyKey[]; params?: Record<string, unknown> }): EnrollmentPolicyId | undefined {
  const id = issue.params?.policy;
  if (isEnrollmentPolicyId(id)) return id;
  if (issue.code === 'unrecognized_keys' && issue.path.join('.') === 'rootDeviceHints') return 'root-device-hints-known';
  return undefined;
}
