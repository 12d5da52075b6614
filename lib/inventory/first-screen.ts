import { constructTable, sortFn_alphanumeric, tableFeatures } from '@tanstack/table-core';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import type { InventoryRow } from './links';
import { DEFAULT_TABLE_STATE, INVENTORY_GLOBAL_FILTER, type InventoryTableState, inventoryColumns, inventoryFeatures } from './table';
import type { HostView, NodeView } from './views';

/** Outside React the table needs the store's own reactivity (the React adapter brings its own). */
const HEADLESS_FEATURES = tableFeatures({ ...inventoryFeatures, coreReactivityFeature: storeReactivityBindings() });

/**
 * The rows the inventory table shows for `state`, computed without React by the same TanStack
 * Table model the page renders: for the server's first screen and for tests.
 */
export function inventoryRowModel(rows: readonly InventoryRow[], state: InventoryTableState): InventoryRow[] {
  const table = constructTable({
    features: HEADLESS_FEATURES,
    columns: inventoryColumns(),
    data: rows as InventoryRow[],
    getRowId: (row: InventoryRow) => row.key,
    globalFilterFn: INVENTORY_GLOBAL_FILTER,
    initialState: state,
  });
  return table.getRowModel().rows.map((row) => row.original);
}

/** Rows the first screen shows (a tall window shows fewer): what the page is rendered with before the stream sends the rest. */
export const FIRST_SCREEN_ROWS = 40;

/**
 * The hosts and nodes of the first screen of the table (its first FIRST_SCREEN_ROWS rows in the
 * default order, linked over the whole inventory), so the page can draw them before the rest
 * arrives. `rows` is the whole inventory, linked.
 */
export function firstScreen(rows: readonly InventoryRow[]): { hosts: HostView[]; nodes: NodeView[] } {
  const first = inventoryRowModel(firstScreenCandidates(rows), DEFAULT_TABLE_STATE).slice(0, FIRST_SCREEN_ROWS);
  return { hosts: first.map((row) => row.host).filter((host) => host !== undefined), nodes: first.map((row) => row.node).filter((node) => node !== undefined) };
}

const BY_HOST_NAME = DEFAULT_TABLE_STATE.sorting.length === 1 && DEFAULT_TABLE_STATE.sorting[0]?.id === 'host' && !DEFAULT_TABLE_STATE.sorting[0].desc;

/**
 * The rows that can be on the first screen, in their order: the FIRST_SCREEN_ROWS first by host
 * name under the table's own comparator (TanStack's alphanumeric sort; rows without a host last;
 * ties in the rows' order), so the table model orders 40 rows for the server's first render, not
 * every row (sorting 20,000 took ~0.4 s of each page load). Every row if the table's first order
 * is another.
 */
function firstScreenCandidates(rows: readonly InventoryRow[]): readonly InventoryRow[] {
  if (!BY_HOST_NAME || rows.length <= FIRST_SCREEN_ROWS) return rows;
  const resolve = sortFn_alphanumeric.resolveDataValue ?? ((value: unknown) => value);
  const keys = rows.map((row) => (row.host ? (resolve(row.host.name) as string) : undefined));
  const before = (a: number, b: number) => {
    const [ka, kb] = [keys[a], keys[b]];
    if (ka === undefined || kb === undefined) return ka === kb ? a < b : kb === undefined;
    const order = sortFn_alphanumeric.sort(ka, kb, undefined as never, undefined as never, 'host');
    return order === 0 ? a < b : order < 0;
  };
  // The best FIRST_SCREEN_ROWS indexes so far, best first (an insertion into a short list).
  const best: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const worst = best[best.length - 1];
    if (best.length === FIRST_SCREEN_ROWS && worst !== undefined && !before(i, worst)) continue;
    let at = best.length;
    while (at > 0 && before(i, best[at - 1] ?? 0)) at--;
    best.splice(at, 0, i);
    if (best.length > FIRST_SCREEN_ROWS) best.pop();
  }
  return best.sort((a, b) => a - b).map((i) => rows[i] as InventoryRow);
}
