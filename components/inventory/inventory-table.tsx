'use client';

import { type ColumnFiltersState, type ColumnVisibilityState, type RowSelectionState, type SortingState, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { MenuButton, type MenuItem } from '@/components/ui/menu';
import type { InventoryRow } from '@/lib/inventory/links';
import {
  COLUMN_VISIBILITY_STORAGE_KEY,
  DEFAULT_COLUMN_VISIBILITY,
  DEFAULT_TABLE_STATE,
  INVENTORY_COLUMN_LABELS,
  INVENTORY_GLOBAL_FILTER,
  type InventoryColumnId,
  type RowFilter,
  inventoryColumns,
  inventoryFeatures,
  storedColumnVisibility,
} from '@/lib/inventory/table';
import { HOST_STATE_GROUPS } from '@/lib/metal3/host-status';
import { hostPath } from '@/lib/paths';
import { InventoryCell } from './cells';
import { ColumnChooser } from './column-chooser';

/** Loaded when a removal is first asked for: the drain planning it brings is not needed to show the table. */
const RemoveHostDialog = dynamic(() => import('@/components/removal/remove-host-dialog').then((m) => m.RemoveHostDialog), { ssr: false });

const ROW_HEIGHT = 52;
const COLUMNS = inventoryColumns();
type HostRef = { namespace: string; name: string };

/** The id of a row's menu button, so a dialog opened from the menu can hand focus back. */
const menuButtonId = (row: InventoryRow) => `row-actions-${row.key}`;

function rowActions(row: InventoryRow, open: (host: HostRef) => void): MenuItem[] {
  const host = row.host;
  if (!host) return [];
  return [
    { label: 'Open host details', href: hostPath(host) },
    { label: 'Remove host…', onSelect: () => open(host), danger: true, ...(host.deleting ? { disabledReason: 'The host is already being deleted.' } : {}) },
  ];
}

/**
 * Hosts and nodes as one table (TanStack Table: sorting, the state filter, the search, column
 * visibility kept in this browser, row selection), virtualized for thousands of rows, fitting
 * 1280 px with the default columns. Each host row has one actions menu; a dialog opened from it
 * returns focus to the menu's button when it closes.
 */
export function InventoryTable({ rows }: { rows: InventoryRow[] }) {
  const [sorting, setSorting] = useState<SortingState>(DEFAULT_TABLE_STATE.sorting);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>(DEFAULT_TABLE_STATE.columnFilters);
  const [globalFilter, setGlobalFilter] = useState(DEFAULT_TABLE_STATE.globalFilter);
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(DEFAULT_TABLE_STATE.columnVisibility);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [removing, setRemoving] = useState<{ host: HostRef; returnTo: string } | null>(null);

  // The user's column choice, back from this browser's storage after hydration.
  const restored = useRef(false);
  useEffect(() => {
    setColumnVisibility(storedColumnVisibility(localStorage.getItem(COLUMN_VISIBILITY_STORAGE_KEY)));
    restored.current = true;
  }, []);
  useEffect(() => {
    if (restored.current) localStorage.setItem(COLUMN_VISIBILITY_STORAGE_KEY, JSON.stringify(columnVisibility));
  }, [columnVisibility]);

  const table = useTable({
    features: inventoryFeatures,
    columns: COLUMNS,
    data: rows,
    getRowId: (row: InventoryRow) => row.key,
    globalFilterFn: INVENTORY_GLOBAL_FILTER,
    enableRowSelection: (row) => Boolean(row.original.host),
    state: { sorting, columnFilters, globalFilter, columnVisibility, rowSelection },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange: setColumnVisibility,
    onRowSelectionChange: setRowSelection,
  });

  const shown = table.getRowModel().rows;
  const filter = (columnFilters.find((f) => f.id === 'state')?.value as RowFilter | undefined) ?? 'all';
  const setFilter = (value: RowFilter) => setColumnFilters(value === 'all' ? [] : [{ id: 'state', value }]);
  const selectedShown = table.getFilteredSelectedRowModel().rows;
  const selectedHidden = useMemo(() => Object.keys(rowSelection).filter((key) => rows.some((r) => r.key === key)).length - selectedShown.length, [rowSelection, rows, selectedShown.length]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler cannot memoize the virtualizer's functions; this component reads them in its own render only.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => shown[index]?.id ?? index,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const visibleColumns = table.getVisibleLeafColumns();
  const headerCheckbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerCheckbox.current) headerCheckbox.current.indeterminate = table.getIsSomePageRowsSelected();
  });

  return (
    <section aria-labelledby="inventory-heading" className="space-y-3">
      <h2 id="inventory-heading" className="sr-only">
        Hosts and nodes
      </h2>
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col">
          <label htmlFor="inventory-filter" className="text-sm font-medium">
            State
          </label>
          <select id="inventory-filter" value={filter} onChange={(e) => setFilter(e.target.value as RowFilter)} className="rounded border border-slate-400 px-2 py-1">
            <option value="all">All</option>
            {HOST_STATE_GROUPS.map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
            <option value="node without host">node without host</option>
          </select>
        </div>
        <div className="flex flex-col">
          <label htmlFor="inventory-search" className="text-sm font-medium">
            Search by name, MAC or IP
          </label>
          <input id="inventory-search" type="search" value={globalFilter} onChange={(e) => setGlobalFilter(e.target.value)} className="w-72 rounded border border-slate-400 px-2 py-1" />
        </div>
        <ColumnChooser
          isShown={(id) => table.getColumn(id)?.getIsVisible() ?? true}
          onToggle={(id, visible) => setColumnVisibility((v) => ({ ...v, [id]: visible }))}
          onReset={() => setColumnVisibility(DEFAULT_COLUMN_VISIBILITY)}
        />
        <p className="text-sm text-slate-700" role="status">
          Showing {shown.length} of {rows.length} rows
        </p>
      </div>

      {selectedShown.length > 0 ? (
        <div role="region" aria-label="Selected hosts" className="flex flex-wrap items-center gap-3 rounded border border-slate-400 bg-slate-50 p-2 text-sm">
          <p>
            {selectedShown.length === 1 ? '1 host selected' : `${selectedShown.length} hosts selected`}
            {selectedHidden > 0 ? ` (${selectedHidden} more selected but hidden by the filter: left out)` : ''}
          </p>
          <button type="button" onClick={() => setRowSelection({})} className="rounded border border-slate-400 px-2 py-0.5">
            Clear the selection
          </button>
        </div>
      ) : null}

      <div ref={scrollRef} className="max-h-[70vh] overflow-auto rounded border border-slate-300">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">BareMetalHosts and Nodes, linked</caption>
          <thead className="sticky top-0 z-10 bg-slate-100">
            <tr>
              {visibleColumns.map((column) => {
                const id = column.id as InventoryColumnId;
                const sorted = column.getIsSorted();
                if (id === 'select') {
                  return (
                    <th key={id} scope="col" className="w-8 px-2 py-2">
                      <input
                        ref={headerCheckbox}
                        type="checkbox"
                        aria-label="Select every host shown"
                        checked={table.getIsAllPageRowsSelected()}
                        onChange={table.getToggleAllPageRowsSelectedHandler()}
                      />
                    </th>
                  );
                }
                return (
                  <th
                    key={id}
                    scope="col"
                    className={`whitespace-nowrap px-2 py-2 text-left font-semibold ${id === 'actions' ? 'sr-only' : ''}`}
                    aria-sort={sorted ? (sorted === 'desc' ? 'descending' : 'ascending') : undefined}
                  >
                    {column.getCanSort() ? (
                      <button type="button" onClick={column.getToggleSortingHandler()} className="underline decoration-dotted">
                        {INVENTORY_COLUMN_LABELS[id]}
                        <span aria-hidden="true">{sorted === 'desc' ? ' ▼' : sorted === 'asc' ? ' ▲' : ''}</span>
                      </button>
                    ) : (
                      INVENTORY_COLUMN_LABELS[id]
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 ? (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingTop }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = shown[item.index];
              if (!row) return null;
              const data = row.original;
              return (
                <tr key={row.id} data-index={item.index} ref={virtualizer.measureElement} aria-selected={row.getCanSelect() ? row.getIsSelected() : undefined} className="border-t border-slate-200 align-top aria-selected:bg-blue-50">
                  {row.getVisibleCells().map((cell) => {
                    const id = cell.column.id as InventoryColumnId;
                    if (id === 'select') {
                      return (
                        <td key={cell.id} className="px-2 py-1">
                          {row.getCanSelect() ? <input type="checkbox" aria-label={`Select host ${data.host?.name}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} /> : null}
                        </td>
                      );
                    }
                    if (id === 'actions') {
                      const actions = rowActions(data, (host) => setRemoving({ host, returnTo: menuButtonId(data) }));
                      return (
                        <td key={cell.id} className="px-2 py-1 text-right">
                          {actions.length > 0 ? <MenuButton id={menuButtonId(data)} label={`Actions for host ${data.host?.name}`} buttonText="Actions" items={actions} /> : null}
                        </td>
                      );
                    }
                    return (
                      <td key={cell.id} className={`px-2 py-1 ${id === 'host' ? 'max-w-56' : id === 'state' ? 'max-w-64' : ''}`}>
                        <InventoryCell column={id} row={data} />
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {paddingBottom > 0 ? (
              <tr aria-hidden="true">
                <td colSpan={visibleColumns.length} style={{ height: paddingBottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <div className="space-y-2 p-4">
            <p className="font-medium">No hosts or nodes yet.</p>
            <p className="text-slate-700">Enroll a host: its BareMetalHost appears here at once, and its node once it has joined the cluster.</p>
            <Link href="/hosts/new" className="text-blue-800 underline">
              Enroll a host
            </Link>
          </div>
        ) : shown.length === 0 ? (
          <div className="space-y-2 p-4">
            <p className="font-medium">No host or node matches{filter !== 'all' ? ` the state “${filter}”` : ''}{globalFilter ? `${filter !== 'all' ? ' and' : ''} the search “${globalFilter}”` : ''}.</p>
            <button
              type="button"
              onClick={() => {
                setFilter('all');
                setGlobalFilter('');
              }}
              className="text-blue-800 underline"
            >
              Show every row
            </button>
          </div>
        ) : null}
      </div>
      {removing ? (
        <RemoveHostDialog
          host={removing.host}
          open
          onClose={() => {
            const returnTo = removing.returnTo;
            setRemoving(null);
            document.getElementById(returnTo)?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
