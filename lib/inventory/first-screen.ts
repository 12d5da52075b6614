import { constructTable, tableFeatures } from '@tanstack/table-core';
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
  const first = inventoryRowModel(rows, DEFAULT_TABLE_STATE).slice(0, FIRST_SCREEN_ROWS);
  return { hosts: first.map((row) => row.host).filter((host) => host !== undefined), nodes: first.map((row) => row.node).filter((node) => node !== undefined) };
}
