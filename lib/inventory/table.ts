import { type HostStateGroup, hostStatus } from '@/lib/metal3/host-status';
import { canonicalIp } from '@/lib/net/ip';
import type { InventoryRow } from './links';
import type { HostView, NodeView } from './views';

export type RowFilter = 'all' | HostStateGroup | 'node without host';

export const SORT_KEYS = ['host', 'state', 'node', 'nodeStatus', 'age'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TableQuery {
  filter: RowFilter;
  search: string;
  sort: SortKey;
  descending: boolean;
}

/** How the table first shows the inventory: every row, by host name. */
export const DEFAULT_TABLE_QUERY: TableQuery = { filter: 'all', search: '', sort: 'host', descending: false };

/** Rows the first screen shows (a tall window shows fewer): what the page is rendered with before the stream sends the rest. */
export const FIRST_SCREEN_ROWS = 40;

/**
 * The hosts and nodes of the first screen of the table (its first FIRST_SCREEN_ROWS rows in the
 * default order, linked over the whole inventory), so the page can draw them before the rest
 * arrives. `rows` is the whole inventory, linked.
 */
export function firstScreen(rows: readonly InventoryRow[]): { hosts: HostView[]; nodes: NodeView[] } {
  const first = queryRows(rows, DEFAULT_TABLE_QUERY).slice(0, FIRST_SCREEN_ROWS);
  return { hosts: first.map((row) => row.host).filter((host) => host !== undefined), nodes: first.map((row) => row.node).filter((node) => node !== undefined) };
}

function rowStatus(row: InventoryRow) {
  return row.host ? hostStatus(row.host) : undefined;
}

export function matchesFilter(row: InventoryRow, filter: RowFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'node without host') return !row.host;
  return rowStatus(row)?.group === filter;
}

/**
 * Search by host or node name, MAC (boot; any case or separators), IP (static or node; any form of
 * the address: `2001:DB8::0023` finds `2001:db8::23`, SPEC §5), or BMC address. A needle that is
 * a whole IP matches that address; any other needle matches as text, also inside the canonical
 * forms of the row's IPs (`db8::23` finds a host whose config says `2001:db8::0023`).
 */
export function matchesSearch(row: InventoryRow, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const ips = [...(row.host?.staticIps ?? []), ...(row.node?.internalIps ?? [])];
  const canonicalIps = ips.map(canonicalIp);
  const ipNeedle = canonicalIp(needle);
  if (ipNeedle !== undefined && canonicalIps.includes(ipNeedle)) return true;
  const hay = [row.host?.name, row.node?.name, row.host?.bmcAddress, ...ips, ...canonicalIps];
  if (hay.some((value) => value?.toLowerCase().includes(needle))) return true;
  const macNeedle = needle.replace(/[^0-9a-f]/g, '');
  const mac = row.host?.bootMACAddress?.toLowerCase().replace(/[^0-9a-f]/g, '');
  return macNeedle.length >= 4 && !!mac?.includes(macNeedle);
}

function sortValue(row: InventoryRow, key: SortKey): string | number {
  switch (key) {
    case 'host':
      return row.host?.name ?? '';
    case 'state':
      return rowStatus(row)?.label ?? '';
    case 'node':
      return row.node?.name ?? '';
    case 'nodeStatus':
      return row.node?.ready ?? '';
    case 'age': {
      const created = row.host?.createdAt ?? row.node?.createdAt;
      return created ? Date.parse(created) : 0;
    }
  }
}

export function queryRows(rows: readonly InventoryRow[], query: TableQuery): InventoryRow[] {
  const selected = rows.filter((row) => matchesFilter(row, query.filter) && matchesSearch(row, query.search));
  const direction = query.descending ? -1 : 1;
  return selected.sort((a, b) => {
    const [x, y] = [sortValue(a, query.sort), sortValue(b, query.sort)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    // Rows without a value for the key (e.g. node-only rows sorted by host) go last either way.
    if (x === '' && y !== '') return 1;
    if (y === '' && x !== '') return -1;
    return order * direction || a.key.localeCompare(b.key);
  });
}
