import {
  type ColumnDef,
  type ColumnFiltersState,
  type SortingState,
  type ColumnVisibilityState,
  columnFilteringFeature,
  columnVisibilityFeature,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
} from '@tanstack/table-core';
import { type HostStateGroup, hostStatus } from '@/lib/metal3/host-status';
import { canonicalIp } from '@/lib/net/ip';
import type { InventoryRow } from './links';

/**
 * The inventory table's model, framework-free: TanStack Table's features (sorting, filtering,
 * column visibility, row selection), the columns with their values, the state filter and the
 * search. components/inventory renders it; the unit tests run it headless.
 */

export const inventoryFeatures = tableFeatures({
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
  columnVisibilityFeature,
  rowSelectionFeature,
});
export type InventoryFeatures = typeof inventoryFeatures;

export type RowFilter = 'all' | HostStateGroup | 'node without host';

export function matchesFilter(row: InventoryRow, filter: RowFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'node without host') return !row.host;
  return row.host ? hostStatus(row.host).group === filter : false;
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

/** The bulk enrollments (batch ids, label LABELS.batch) the rows' hosts came from, sorted. */
export function batchesOf(rows: readonly InventoryRow[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.host?.batch ? [row.host.batch] : [])))].sort();
}

/** The columns, in order. `select` and `actions` are the row checkbox and the row's menu. */
export const INVENTORY_COLUMN_IDS = ['select', 'host', 'state', 'power', 'node', 'nodeStatus', 'roles', 'internalIp', 'bootMac', 'bmcAddress', 'version', 'age', 'actions'] as const;
export type InventoryColumnId = (typeof INVENTORY_COLUMN_IDS)[number];

/** Column headers; `select` and `actions` are named for assistive technology only. */
export const INVENTORY_COLUMN_LABELS: Record<InventoryColumnId, string> = {
  select: 'Select',
  host: 'Host',
  state: 'State',
  power: 'Power',
  node: 'Node',
  nodeStatus: 'Node status',
  roles: 'Roles',
  internalIp: 'Internal IP',
  bootMac: 'Boot MAC',
  bmcAddress: 'BMC address',
  version: 'Version',
  age: 'Age',
  actions: 'Actions',
};

/** Always shown: what identifies a row and what acts on it. */
export const FIXED_COLUMNS: readonly InventoryColumnId[] = ['select', 'host', 'actions'];

/** Hidden until the user shows them, so the table fits 1280 px; the search still finds MACs and BMC addresses. */
export const DEFAULT_COLUMN_VISIBILITY: ColumnVisibilityState = { bootMac: false, bmcAddress: false, version: false };

export const DEFAULT_SORTING: SortingState = [{ id: 'host', desc: false }];

/** The table's state the page and the server's first screen share (selection is the page's alone). */
export interface InventoryTableState {
  sorting: SortingState;
  /** The state filter `{ id: 'state', value: RowFilter }` and the batch filter `{ id: 'host', value: batch id }`, each or neither. */
  columnFilters: ColumnFiltersState;
  /** The search. */
  globalFilter: string;
  columnVisibility: ColumnVisibilityState;
}

/** How the table first shows the inventory: every row, by host name, the default columns. */
export const DEFAULT_TABLE_STATE: InventoryTableState = { sorting: DEFAULT_SORTING, columnFilters: [], globalFilter: '', columnVisibility: DEFAULT_COLUMN_VISIBILITY };

const created = (row: InventoryRow) => {
  const at = row.host?.createdAt ?? row.node?.createdAt;
  return at ? Date.parse(at) : undefined;
};

/** What each column sorts by; undefined (a node-only row sorted by host, ...) sorts last either way. */
const SORT_VALUES: Partial<Record<InventoryColumnId, (row: InventoryRow) => string | number | undefined>> = {
  host: (row) => row.host?.name,
  state: (row) => (row.host ? hostStatus(row.host).label : undefined),
  node: (row) => row.node?.name,
  nodeStatus: (row) => row.node?.ready,
  age: created,
};

/** The state filter (a column filter on `state`), the batch filter (on `host`) and the search (the global filter). */
const stateFilter = (row: { original: InventoryRow }, _columnId: string, value: RowFilter) => matchesFilter(row.original, value);
const batchFilter = (row: { original: InventoryRow }, _columnId: string, value: string) => row.original.host?.batch === value;
const searchFilter = (row: { original: InventoryRow }, _columnId: string, value: string) => matchesSearch(row.original, value);

/**
 * The columns without their cells (the renderer adds those by id): sort values, which can hide,
 * which sort. Shape: TanStack Table v9 ColumnDef[] over InventoryRow.
 */
export function inventoryColumns(): ColumnDef<InventoryFeatures, InventoryRow, unknown>[] {
  return INVENTORY_COLUMN_IDS.map((id) => {
    const value = SORT_VALUES[id];
    return {
      id,
      header: INVENTORY_COLUMN_LABELS[id],
      enableHiding: !FIXED_COLUMNS.includes(id),
      ...(value
        ? { accessorFn: value, enableSorting: true, sortUndefined: 'last' as const, sortFn: id === 'age' ? ('basic' as const) : ('alphanumeric' as const), sortDescFirst: id === 'age' }
        : { enableSorting: false }),
      ...(id === 'state' ? { filterFn: stateFilter } : id === 'host' ? { filterFn: batchFilter } : {}),
      enableGlobalFilter: id === 'host',
    } as ColumnDef<InventoryFeatures, InventoryRow, unknown>;
  });
}

export const INVENTORY_GLOBAL_FILTER = searchFilter;

/** Where the browser keeps which columns the user shows (this browser only). */
export const COLUMN_VISIBILITY_STORAGE_KEY = 'bare-metal-console.inventory.columns.v1';

/**
 * The stored column choice: only known, hideable column ids with booleans; anything else (an old
 * version, a hand edit) falls back to the defaults for that column.
 */
export function storedColumnVisibility(text: string | null): ColumnVisibilityState {
  if (!text) return DEFAULT_COLUMN_VISIBILITY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return DEFAULT_COLUMN_VISIBILITY;
  }
  // Checked by hand rather than with zod, which the page does not load until its stream opens.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return DEFAULT_COLUMN_VISIBILITY;
  const entries = Object.entries(parsed);
  if (!entries.every(([, shown]) => typeof shown === 'boolean')) return DEFAULT_COLUMN_VISIBILITY;
  const visibility: ColumnVisibilityState = { ...DEFAULT_COLUMN_VISIBILITY };
  for (const [id, shown] of entries as [string, boolean][]) {
    if ((INVENTORY_COLUMN_IDS as readonly string[]).includes(id) && !FIXED_COLUMNS.includes(id as InventoryColumnId)) visibility[id] = shown;
  }
  return visibility;
}
