'use client';

import { type ColumnFiltersState, type ColumnVisibilityState, type RowSelectionState, type SortingState, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BmcCurrent } from '@/components/day2/bmc-change-dialog';
import { BULK_ACTIONS, type BulkAction } from '@/components/day2/bulk-actions';
import { OutcomeNote } from '@/components/day2/outcome';
import { useDay2Access } from '@/components/day2/use-access';
import { MenuButton, type MenuItem } from '@/components/ui/menu';
import type { ActionOutcome } from '@/lib/day2/actions';
import { ACTION_LABELS, type Day2Action, actionVerdict, actionVerdicts, bmcChangeDetachesFirst, blockedReason, isDetached } from '@/lib/day2/rules';
import { hostFactsOfView } from '@/lib/day2/facts';
import type { Day2Access } from '@/lib/day2/page';
import { type InventoryRow, uncertainLink } from '@/lib/inventory/links';
import type { HostView, NodeView } from '@/lib/inventory/views';
import {
  COLUMN_VISIBILITY_STORAGE_KEY,
  DEFAULT_COLUMN_VISIBILITY,
  DEFAULT_TABLE_STATE,
  INVENTORY_COLUMN_LABELS,
  INVENTORY_GLOBAL_FILTER,
  type InventoryColumnId,
  type RowFilter,
  batchesOf,
  inventoryColumns,
  inventoryFeatures,
  storedColumnVisibility,
} from '@/lib/inventory/table';
import { HOST_STATE_GROUPS } from '@/lib/metal3/host-status';
import { hostPath } from '@/lib/paths';
import { InventoryCell } from './cells';
import { ColumnChooser } from './column-chooser';

/** Loaded when a removal is first asked for: the drain planning it brings is not needed to show the table. */
// The dialogs load when one is opened, off the first load of / (bench:inventory's first-load JS).
const RemoveHostDialog = dynamic(() => import('@/components/removal/remove-host-dialog').then((m) => m.RemoveHostDialog), { ssr: false });
const Day2Dialogs = dynamic(() => import('@/components/day2/day2-dialogs').then((m) => m.Day2Dialogs), { ssr: false });
const BulkActionDialog = dynamic(() => import('@/components/day2/bulk-dialog').then((m) => m.BulkActionDialog), { ssr: false });

const ROW_HEIGHT = 52;
const COLUMNS = inventoryColumns();
type HostRef = { namespace: string; name: string };

/** The id of a row's menu button, so a dialog opened from the menu can hand focus back. */
const menuButtonId = (row: InventoryRow) => `row-actions-${row.key}`;

/** What a row's menu opened: a day-2 action's dialog or the removal, for one host, and where focus goes back. */
type Opened = { host: HostRef; row: InventoryRow; action: Day2Action | 'remove'; returnTo: string };

/**
 * A host row's menu: the host page's day-2 actions, each disabled with the host page's reason (the
 * policies over the row's facts, then the viewer's RBAC), then the removal. The power, maintenance
 * and detach items are the one that applies now, as on the host page.
 */
function rowActions(row: InventoryRow, context: { nodes: readonly NodeView[]; access: Day2Access | undefined }, open: (action: Opened['action']) => void): MenuItem[] {
  const host = row.host;
  if (!host) return [];
  const linkProblem = uncertainLink(row);
  const verdicts = actionVerdicts(hostFactsOfView({ host, ...(row.node ? { node: row.node } : {}), ...(linkProblem ? { linkProblem } : {}), nodes: context.nodes }));
  const item = (action: Day2Action): MenuItem => {
    const reason = blockedReason(verdicts[action], context.access?.access[action]);
    return { label: `${ACTION_LABELS[action]}…`, onSelect: () => open(action), ...(reason ? { disabledReason: reason } : {}) };
  };
  const inMaintenance = host.day2.flows.maintenance !== 'none';
  return [
    { label: 'Open host details', href: hostPath(host) },
    item(host.online ? 'power-off' : 'power-on'),
    item('restart'),
    item(inMaintenance ? 'maintenance-end' : 'maintenance-start'),
    item('bmc-change'),
    item('reinspect'),
    item(isDetached(host.day2) ? 'attach' : 'detach'),
    { label: 'Remove host…', onSelect: () => open('remove'), danger: true, ...(removeBlocked(host, context.access) ? { disabledReason: removeBlocked(host, context.access) } : {}) },
  ];
}

/** Why the viewer may not remove this host now: it is being deleted, else their RBAC (still being asked counts too); undefined when they may. */
function removeBlocked(host: HostView, access: Day2Access | undefined): string | undefined {
  if (host.deleting) return 'The host is already being deleted.';
  if (!access) return 'Checking what you may do here…';
  return access.remove.allowed ? undefined : (access.remove.reason ?? 'You may not remove hosts here.');
}

/** The BMC change dialog's starting point, from the row's host view. */
const bmcOfView = (host: HostView): BmcCurrent => ({
  ...(host.bmcAddress ? { address: host.bmcAddress } : {}),
  ...(host.day2.disableCertificateVerification !== undefined ? { disableCertificateVerification: host.day2.disableCertificateVerification } : {}),
  ...(host.bootMACAddress ? { bootMACAddress: host.bootMACAddress } : {}),
  ...(host.day2.bootMode ? { bootMode: host.day2.bootMode } : {}),
  externallyProvisioned: host.externallyProvisioned,
  detachFirst: bmcChangeDetachesFirst(host.state),
  state: host.state,
});

/**
 * Hosts and nodes as one table (TanStack Table: sorting, the state filter, the search, column
 * visibility kept in this browser, row selection), virtualized for thousands of rows, fitting
 * 1280 px with the default columns. Each host row has one actions menu; a dialog opened from it
 * returns focus to the menu's button when it closes.
 */
export function InventoryTable({ rows, batch }: { rows: InventoryRow[]; batch?: string }) {
  const [sorting, setSorting] = useState<SortingState>(DEFAULT_TABLE_STATE.sorting);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>(batch ? [{ id: 'host', value: batch }] : DEFAULT_TABLE_STATE.columnFilters);
  const [globalFilter, setGlobalFilter] = useState(DEFAULT_TABLE_STATE.globalFilter);
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(DEFAULT_TABLE_STATE.columnVisibility);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [opened, setOpened] = useState<Opened | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const nodes = useMemo(() => rows.flatMap((row) => (row.node ? [row.node] : [])), [rows]);
  const access = useDay2Access(rows.flatMap((row) => (row.host ? [row.host.namespace] : [])));

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

  // The dialog reads the row as it is now (the stream keeps it fresh), not as it was when the menu opened.
  const openedRow = opened ? (rows.find((row) => row.key === opened.row.key) ?? opened.row) : undefined;
  const openedView = openedRow?.host;
  const openedLinkProblem = openedRow ? uncertainLink(openedRow) : undefined;
  const openedVerdicts = openedView
    ? actionVerdicts(hostFactsOfView({ host: openedView, ...(openedRow?.node ? { node: openedRow.node } : {}), ...(openedLinkProblem ? { linkProblem: openedLinkProblem } : {}), nodes }))
    : undefined;
  const endAccess = opened ? access.get(opened.host.namespace)?.access['maintenance-end'] : undefined;
  const endBlocked = blockedReason({ kind: 'ok' }, endAccess);
  // Focus goes back where the user was once the dialog is gone (a modal dialog still open would refuse it).
  const returnFocus = useRef<string | null>(null);
  useEffect(() => {
    if (opened || bulk || !returnFocus.current) return;
    document.getElementById(returnFocus.current)?.focus();
    returnFocus.current = null;
  }, [opened, bulk]);
  const closeOpened = () => {
    returnFocus.current = opened?.returnTo ?? null;
    setOpened(null);
  };

  const shown = table.getRowModel().rows;
  const filter = (columnFilters.find((f) => f.id === 'state')?.value as RowFilter | undefined) ?? 'all';
  const batchFilter = (columnFilters.find((f) => f.id === 'host')?.value as string | undefined) ?? '';
  const setColumnFilter = (id: 'state' | 'host', value: string) => setColumnFilters((filters) => [...filters.filter((f) => f.id !== id), ...(value ? [{ id, value }] : [])]);
  const setFilter = (value: RowFilter) => setColumnFilter('state', value === 'all' ? '' : value);
  // The batch filter is in the URL (?batch=), so the batch page links to it and a reload keeps it.
  const setBatchFilter = (value: string) => {
    setColumnFilter('host', value);
    const url = new URL(window.location.href);
    if (value) url.searchParams.set('batch', value);
    else url.searchParams.delete('batch');
    window.history.replaceState(null, '', url);
  };
  const batches = useMemo(() => {
    const known = batchesOf(rows);
    return batchFilter && !known.includes(batchFilter) ? [batchFilter, ...known] : known;
  }, [rows, batchFilter]);
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
        {batches.length > 0 ? (
          <div className="flex flex-col">
            <label htmlFor="inventory-batch" className="text-sm font-medium">
              Batch
            </label>
            <select id="inventory-batch" value={batchFilter} onChange={(e) => setBatchFilter(e.target.value)} className="w-40 rounded border border-slate-400 px-2 py-1 font-mono">
              <option value="">All</option>
              {batches.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </div>
        ) : null}
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
          <ul aria-label="Actions on the selected hosts" className="flex flex-wrap gap-2">
            {BULK_ACTIONS.map((action) => (
              <li key={action}>
                <button id={`bulk-${action}`} type="button" onClick={() => setBulk(action)} className="rounded border border-slate-600 bg-white px-2 py-0.5">
                  {ACTION_LABELS[action]}…
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setRowSelection({})} className="rounded border border-slate-400 px-2 py-0.5">
            Clear the selection
          </button>
        </div>
      ) : null}

      {outcome ? <OutcomeNote outcome={outcome} named /> : null}

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
                      const actions = rowActions(data, { nodes, access: data.host ? access.get(data.host.namespace) : undefined }, (action) =>
                        data.host ? setOpened({ host: { namespace: data.host.namespace, name: data.host.name }, row: data, action, returnTo: menuButtonId(data) }) : undefined,
                      );
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
            <p className="font-medium">
              No host or node matches{' '}
              {[filter !== 'all' ? `the state “${filter}”` : '', batchFilter ? `the batch ${batchFilter}` : '', globalFilter ? `the search “${globalFilter}”` : ''].filter(Boolean).join(' and ')}.
            </p>
            <button
              type="button"
              onClick={() => {
                setFilter('all');
                setBatchFilter('');
                setGlobalFilter('');
              }}
              className="text-blue-800 underline"
            >
              Show every row
            </button>
          </div>
        ) : null}
      </div>
      {bulk ? (
        <BulkActionDialog
          action={bulk}
          hosts={selectedShown.flatMap(({ original: row }) => {
            if (!row.host) return [];
            const linkProblem = uncertainLink(row);
            const facts = hostFactsOfView({ host: row.host, ...(row.node ? { node: row.node } : {}), ...(linkProblem ? { linkProblem } : {}), nodes });
            const rights = access.get(row.host.namespace)?.access[bulk];
            return [{ host: { namespace: row.host.namespace, name: row.host.name }, ...(row.node ? { node: row.node.name } : {}), verdict: actionVerdict(bulk, facts), ...(rights ? { access: rights } : {}) }];
          })}
          onClose={() => {
            returnFocus.current = `bulk-${bulk}`;
            setBulk(null);
          }}
        />
      ) : null}
      {opened?.action === 'remove' ? <RemoveHostDialog host={opened.host} open onClose={closeOpened} /> : null}
      {opened && opened.action !== 'remove' && openedView ? (
        <Day2Dialogs
          host={opened.host}
          {...(openedRow?.node ? { node: openedRow.node.name } : {})}
          dialog={opened.action}
          setDialog={(action) => (action ? setOpened({ ...opened, action }) : closeOpened())}
          onOutcome={setOutcome}
          blocked={(action) => blockedReason(openedVerdicts?.[action], access.get(opened.host.namespace)?.access[action])}
          {...(endBlocked ? { endBlocked } : {})}
          bmc={bmcOfView(openedView)}
        />
      ) : null}
    </section>
  );
}
