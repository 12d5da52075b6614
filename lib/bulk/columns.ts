/**
 * The columns of a bulk enrollment: the CSV's header names, the review table's column labels and
 * what each holds, in one list (the CSV template, the reader, the table and the README's column
 * reference are all made from it).
 */

export interface BulkColumn {
  /** The row cell it fills (lib/bulk/rows.ts). */
  id: BulkCellId;
  /** Its name in the CSV header. */
  header: string;
  /** Its label in the review table. */
  label: string;
  /** Must the CSV header name it? */
  required: boolean;
  /** What it holds, as the user reads it. */
  help: string;
  /** The template's example row. */
  example: string;
}

export type BulkCellId =
  | 'name'
  | 'expectedNodeName'
  | 'bmcAddress'
  | 'bmcUsername'
  | 'bmcPassword'
  | 'disableCertificateVerification'
  | 'bootMACAddress'
  | 'bootMode'
  | 'rootDevice'
  | 'network'
  | 'interface'
  | 'ip'
  | 'gateway'
  | 'dns'
  | 'nmstate';

export const BULK_COLUMNS: readonly BulkColumn[] = [
  { id: 'name', header: 'name', label: 'Host name', required: true, help: 'The BareMetalHost in openshift-machine-api: lowercase letters, digits, "-" and ".". Its Secrets are <name>-bmc-secret and <name>-network-config-secret.', example: 'openshift-worker-5' },
  { id: 'expectedNodeName', header: 'expected_node_name', label: 'Expected node name', required: false, help: 'Optional: the node name the host will join as, when it differs from the host name.', example: '' },
  {
    id: 'bmcAddress',
    header: 'bmc_address',
    label: 'BMC address',
    required: true,
    help: '<driver>[+http|+https]://<host>[:port][/path]. A new worker needs a virtual-media driver (redfish-virtualmedia, idrac-virtualmedia, ilo5-virtualmedia, ...).',
    example: 'redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/5',
  },
  { id: 'bmcUsername', header: 'bmc_username', label: 'BMC user', required: true, help: 'The BMC user name.', example: 'admin' },
  { id: 'bmcPassword', header: 'bmc_password', label: 'BMC password', required: true, help: 'Written only into the BMC Secret, never shown again. Quote it if it holds commas, quotes or line breaks, doubling each quote: "pa,ss""word".', example: 'change-me' },
  { id: 'disableCertificateVerification', header: 'disable_certificate_verification', label: 'Skip BMC certificate check', required: false, help: 'true or false (blank: false). Only for BMCs with self-signed certificates.', example: 'false' },
  { id: 'bootMACAddress', header: 'boot_mac', label: 'Boot MAC', required: true, help: 'The MAC of the NIC the host boots from, six pairs of hex digits: 52:54:00:12:34:56. The virtual-media drivers need it.', example: '52:54:00:00:05:00' },
  { id: 'bootMode', header: 'boot_mode', label: 'Boot mode', required: false, help: 'UEFI, UEFISecureBoot or legacy (blank: UEFI).', example: 'UEFI' },
  { id: 'rootDevice', header: 'root_device', label: 'Root device', required: false, help: 'Optional root device hint (deviceName): /dev/sda or /dev/disk/by-path/<path>.', example: '/dev/sda' },
  { id: 'network', header: 'network', label: 'Network', required: true, help: 'static (addresses from an NMState config) or dhcp.', example: 'static' },
  { id: 'interface', header: 'interface', label: 'Interface', required: false, help: 'static: the NIC to configure, e.g. eno1.', example: 'eno1' },
  { id: 'ip', header: 'ip', label: 'IP/prefix', required: false, help: 'static: the interface address and prefix length, 192.168.111.60/24 (IPv6 works too).', example: '192.168.111.60/24' },
  { id: 'gateway', header: 'gateway', label: 'Gateway', required: false, help: "static, optional: the default route's next hop, inside the interface's subnet.", example: '192.168.111.1' },
  { id: 'dns', header: 'dns', label: 'DNS servers', required: false, help: 'static, optional: DNS servers separated by spaces or semicolons.', example: '192.168.111.1' },
  {
    id: 'nmstate',
    header: 'nmstate',
    label: 'NMState',
    required: false,
    help: 'static: a whole NMState document instead of interface, ip, gateway and dns, for what those cannot say (bonds, VLANs, several addresses). Quote it; its line breaks stay.',
    example: '',
  },
];

export function bulkColumn(id: BulkCellId): BulkColumn {
  const column = BULK_COLUMNS.find((c) => c.id === id);
  if (!column) throw new Error(`no bulk column ${id}`);
  return column;
}

/** Where the batch's cells must be quoted in a CSV: a comma, a quote or a line break in them. */
const needsQuotes = (value: string) => /[",\r\n]/.test(value) || value !== value.trim();
const csvField = (value: string) => (needsQuotes(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The downloadable template: the header and one example row (RFC 4180, CRLF line ends). */
export function bulkCsvTemplate(): string {
  return `${[BULK_COLUMNS.map((c) => c.header), BULK_COLUMNS.map((c) => c.example)].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A CSV of rows of cells by header (the bench and tests write batches with it). */
export function bulkCsv(rows: readonly Partial<Record<string, string>>[]): string {
  const lines = [BULK_COLUMNS.map((c) => c.header), ...rows.map((row) => BULK_COLUMNS.map((c) => row[c.header] ?? ''))];
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}
