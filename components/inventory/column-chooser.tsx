'use client';

import { useEffect, useRef, useState } from 'react';
import { FIXED_COLUMNS, INVENTORY_COLUMN_IDS, INVENTORY_COLUMN_LABELS, type InventoryColumnId } from '@/lib/inventory/table';

/**
 * "Columns": a disclosure with one checkbox per column the user may hide. The choice is the
 * caller's (kept in this browser by the table); Escape closes it and returns to its button.
 */
export function ColumnChooser({ isShown, onToggle, onReset }: { isShown: (id: InventoryColumnId) => boolean; onToggle: (id: InventoryColumnId, shown: boolean) => void; onReset: () => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const hideable = INVENTORY_COLUMN_IDS.filter((id) => !FIXED_COLUMNS.includes(id));
  return (
    <div className="relative">
      <button ref={button} type="button" aria-expanded={open} aria-controls="inventory-columns" onClick={() => setOpen((o) => !o)} className="rounded border border-slate-400 px-3 py-1 text-sm">
        Columns <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <fieldset
          ref={panel}
          id="inventory-columns"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            setOpen(false);
            button.current?.focus();
          }}
          className="absolute left-0 z-20 mt-1 w-56 space-y-1 rounded border border-slate-400 bg-white p-3 text-sm shadow-lg"
        >
          <legend className="sr-only">Columns shown in the inventory</legend>
          {hideable.map((id) => (
            <label key={id} className="flex items-center gap-2">
              <input type="checkbox" checked={isShown(id)} onChange={(event) => onToggle(id, event.target.checked)} />
              {INVENTORY_COLUMN_LABELS[id]}
            </label>
          ))}
          <button type="button" onClick={onReset} className="mt-2 text-blue-800 underline">
            Show the default columns
          </button>
        </fieldset>
      ) : null}
    </div>
  );
}
