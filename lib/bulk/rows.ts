import { networkProblems } from '@/lib/enroll/wizard';
import { type HostEnrollment, hostEnrollmentSchema } from '@/lib/enroll/schema';
import { ipFamily } from '@/lib/net/ip';
import { type InterfaceForm, applyFormToNmstate, emptyInterface } from '@/lib/nmstate/form';
import { validateNmstate } from '@/lib/nmstate/validate';
import { fieldErrors } from '@/lib/validation';
import type { BulkCellId } from './columns';

/**
 * One host of a bulk enrollment, as the review table holds it: the cells as typed (text, one
 * boolean), where it came from, and what the reader could not take. It becomes the input of the
 * wizard's own hostEnrollmentSchema (lib/enroll/schema.ts), so a row gets the verdict a single
 * enrollment of the same host gets; every problem is reported at a cell (BulkCellId) or, for the
 * few fields without a column, at the row.
 */

export interface BulkCells {
  name: string;
  expectedNodeName: string;
  bmcAddress: string;
  bmcUsername: string;
  bmcPassword: string;
  disableCertificateVerification: boolean;
  bootMACAddress: string;
  /** '' until chosen (a value the reader could not take). */
  bootMode: '' | 'UEFI' | 'UEFISecureBoot' | 'legacy';
  rootDevice: string;
  /** '' until chosen. */
  network: '' | 'static' | 'dhcp';
  interface: string;
  ip: string;
  gateway: string;
  dns: string;
  nmstate: string;
}

export interface BulkRow {
  /** The row's submission id (a UUID): its key in the table, and what a retried create is recognised by. */
  id: string;
  /** Where it came from: the CSV line, or the line of its BareMetalHost document. */
  line: number;
  cells: BulkCells;
  /** Fields of a YAML host that have no column (other root device hints, a user-data Secret), kept as read. */
  extra: { rootDeviceHints?: Record<string, string | number | boolean>; userDataSecret?: string };
  /** What the reader could not take, by cell (a network that is neither static nor dhcp, ...); editing the cell clears it. */
  readProblems: Partial<Record<BulkCellId, string>>;
}

/**
 * Where a file is not what it should be, 1-based: the line, then for YAML the character column,
 * for CSV the field's number in its row (what csv-parse reports) and the header naming that field
 * when the header row was read.
 */
export interface ReadProblem {
  line: number;
  /** YAML: the character column. */
  column?: number;
  /** CSV: the field's number in its row. */
  field?: number;
  /** CSV: the header of the field's column, when known. */
  header?: string;
  message: string;
}

/** Where a read problem is, as the page says it: "Line 3, column 11" (YAML) or "Line 2, field 4 (bmc_password)" (CSV). */
export function readProblemPlace(problem: ReadProblem): string {
  if (problem.field !== undefined) return `Line ${problem.line}, field ${problem.field}${problem.header ? ` (${problem.header})` : ''}`;
  return problem.column !== undefined ? `Line ${problem.line}, column ${problem.column}` : `Line ${problem.line}`;
}

/** A file read into rows, or the problems that keep it from being read. */
export type ReadResult = { ok: true; rows: BulkRow[] } | { ok: false; problems: ReadProblem[] };

/** More hosts than this are refused: a batch is a rack or a few, and the server takes at most this many. */
export const MAX_BATCH_ROWS = 500;

/** Where a problem without a column is shown: the row as a whole. */
export type BulkProblemAt = BulkCellId | 'row';

export const BOOT_MODES = ['UEFI', 'UEFISecureBoot', 'legacy'] as const;

export function emptyCells(): BulkCells {
  return {
    name: '',
    expectedNodeName: '',
    bmcAddress: '',
    bmcUsername: '',
    bmcPassword: '',
    disableCertificateVerification: false,
    bootMACAddress: '',
    bootMode: 'UEFI',
    rootDevice: '',
    network: '',
    interface: '',
    ip: '',
    gateway: '',
    dns: '',
    nmstate: '',
  };
}

const NETWORK_COLUMNS = ['interface', 'ip', 'gateway', 'dns'] as const;
const usesNetworkColumns = (cells: BulkCells) => NETWORK_COLUMNS.some((id) => cells[id].trim() !== '');

/** DNS servers as the dns cell lists them: separated by spaces, semicolons or commas. */
const dnsServersOf = (text: string) => text.split(/[\s;,]+/).filter(Boolean);

/**
 * The NMState document of a static row: the nmstate cell as written, else one made from the
 * interface, ip, gateway and dns cells by the wizard's own form writer (lib/nmstate/form.ts); ''
 * when the row says nothing of its network.
 */
export function rowNetworkConfig(cells: BulkCells): string {
  if (cells.nmstate.trim()) return cells.nmstate;
  if (!usesNetworkColumns(cells)) return '';
  const [address = '', prefix = ''] = cells.ip.trim().split('/');
  const family = ipFamily(address) === 6 ? 'ipv6' : 'ipv4';
  const base = emptyInterface(cells.interface.trim());
  const iface: InterfaceForm = {
    ...base,
    ipv4: family === 'ipv4' ? { enabled: true, address, prefix } : { ...base.ipv4, enabled: false },
    ipv6: family === 'ipv6' ? { enabled: true, address, prefix } : base.ipv6,
  };
  const gateway = cells.gateway.trim();
  return applyFormToNmstate('', { interfaces: [iface], dnsServers: dnsServersOf(cells.dns), defaultRoute: { nextHop: gateway, interface: gateway ? cells.interface.trim() : '' } });
}

/** The input of hostEnrollmentSchema for a row: what the wizard's enrollmentInput makes of its form. */
export function rowEnrollmentInput(row: Pick<BulkRow, 'cells' | 'extra'>): Record<string, unknown> {
  const { cells, extra } = row;
  const hints = { ...extra.rootDeviceHints, ...(cells.rootDevice.trim() ? { deviceName: cells.rootDevice.trim() } : {}) };
  const networkConfig = cells.network === 'static' ? rowNetworkConfig(cells) : cells.nmstate;
  return {
    kind: cells.network,
    name: cells.name,
    expectedNodeName: cells.expectedNodeName.trim() || undefined,
    bmc: { address: cells.bmcAddress, username: cells.bmcUsername, password: cells.bmcPassword, disableCertificateVerification: cells.disableCertificateVerification },
    bootMACAddress: cells.bootMACAddress,
    bootMode: cells.bootMode,
    rootDeviceHints: Object.keys(hints).length > 0 ? hints : undefined,
    userDataSecret: extra.userDataSecret,
    customDeployMethod: 'install_coreos',
    networkConfig: networkConfig.trim() ? networkConfig : undefined,
  };
}

const SCHEMA_FIELD_CELLS: Record<string, BulkCellId> = {
  kind: 'network',
  name: 'name',
  expectedNodeName: 'expectedNodeName',
  'bmc.address': 'bmcAddress',
  'bmc.username': 'bmcUsername',
  'bmc.password': 'bmcPassword',
  'bmc.disableCertificateVerification': 'disableCertificateVerification',
  bootMACAddress: 'bootMACAddress',
  bootMode: 'bootMode',
};

const NETWORK_FORM_CELLS: [RegExp, BulkCellId][] = [
  [/^interfaces\.\d+\.name$|^interfaces$/, 'interface'],
  [/^interfaces\.\d+\.ipv[46]/, 'ip'],
  [/^dnsServers$/, 'dns'],
  [/^defaultRoute\./, 'gateway'],
];

/**
 * The cell a problem of the enrollment schema's `field` belongs to (the server's problems come by
 * the same field names): the network config's to the nmstate cell when the row has a document,
 * else to the cell it was made from (`ip` when none says more); fields without a column to the row.
 */
export function cellOfField(field: string, cells: BulkCells): BulkProblemAt {
  const direct = SCHEMA_FIELD_CELLS[field];
  if (direct) return direct;
  if (field === 'rootDeviceHints' || field.startsWith('rootDeviceHints.')) return 'rootDevice';
  if (field === 'networkConfig') return cells.nmstate.trim() || cells.network !== 'static' ? 'nmstate' : 'ip';
  return 'row';
}

export type CellProblems = Partial<Record<BulkProblemAt, string>>;

/** Adds `message` at `at` unless a problem is already there (the first one found is shown). */
function add(problems: CellProblems, at: BulkProblemAt, message: string): void {
  problems[at] ??= message;
}

/** Server or conflict problems by schema field, put at their cells. */
export function problemsAtCells(fields: Record<string, string>, cells: BulkCells): CellProblems {
  const problems: CellProblems = {};
  for (const [field, message] of Object.entries(fields)) add(problems, cellOfField(field, cells), message);
  return problems;
}

export type RowVerdict = { ok: true; enrollment: HostEnrollment; problems: CellProblems } | { ok: false; problems: CellProblems };

/**
 * A row checked as the browser and the server both check it: what the reader could not take, how
 * the network cells are used, then hostEnrollmentSchema, each problem at its cell. A static
 * network made from the cells is checked by the wizard's NMState checks, so a bad gateway is
 * reported at the gateway cell. `ok` only when there is no problem at all.
 */
export function checkRow(row: Pick<BulkRow, 'cells' | 'extra' | 'readProblems'>): RowVerdict {
  const { cells } = row;
  const problems: CellProblems = { ...row.readProblems };
  if (cells.network === 'dhcp') {
    for (const id of NETWORK_COLUMNS) if (cells[id].trim()) add(problems, id, 'A DHCP host gets its addresses from DHCP: leave this blank, or make the network static.');
  }
  if (cells.network === 'static' && cells.nmstate.trim() && usesNetworkColumns(cells)) {
    add(problems, 'nmstate', 'Give the network either as an NMState document or in the interface, IP, gateway and DNS cells, not both.');
  }
  if (cells.network === 'static' && !cells.nmstate.trim()) {
    if (!cells.interface.trim()) add(problems, 'interface', 'Enter the interface to configure, such as eno1 (or an NMState document).');
    if (!cells.ip.trim()) add(problems, 'ip', 'Enter the IP address and prefix length, such as 192.168.111.60/24 (or an NMState document).');
    else if (!cells.ip.includes('/')) add(problems, 'ip', `Add the prefix length: ${cells.ip.trim()}/24, for example.`);
    const config = rowNetworkConfig(cells);
    if (config) {
      const network = networkProblems(config, validateNmstate(config).issues);
      for (const [field, message] of Object.entries(network.byField)) add(problems, NETWORK_FORM_CELLS.find(([pattern]) => pattern.test(field))?.[1] ?? 'ip', message);
      for (const message of network.yamlOnly) add(problems, 'ip', message);
    }
  }
  // A network made from the cells was checked above, each problem at its cell: the schema says the same of the whole document.
  const madeFromCells = cells.network === 'static' && !cells.nmstate.trim();
  const parsed = hostEnrollmentSchema.safeParse(rowEnrollmentInput(row));
  if (!parsed.success) {
    for (const [field, message] of Object.entries(fieldErrors(parsed.error))) {
      if (field === 'networkConfig' && madeFromCells) continue;
      add(problems, cellOfField(field, cells), field === 'kind' ? 'Choose static or dhcp.' : message);
    }
    if (Object.keys(problems).length === 0) add(problems, 'row', parsed.error.issues[0]?.message ?? 'The enrollment is refused.');
    return { ok: false, problems };
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, enrollment: parsed.data, problems };
}

/** What a row's server verdict and dry run were computed for: its cells and kept fields, so an edit makes them stale. */
export function rowContentKey(row: Pick<BulkRow, 'cells' | 'extra'>): string {
  return JSON.stringify([row.cells, row.extra]);
}
