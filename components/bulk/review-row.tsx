'use client';

import { type ReactNode, memo } from 'react';
import { BULK_COLUMNS, type BulkCellId } from '@/lib/bulk/columns';
import { BOOT_MODES, type BulkCells, type BulkRow, type CellProblems } from '@/lib/bulk/rows';

export const cellId = (rowId: string, cell: BulkCellId) => `cell-${rowId}-${cell}`;
export const columnHeaderId = (cell: BulkCellId) => `bulk-col-${cell}`;
export const rowHeaderId = (rowId: string) => `bulk-row-${rowId}`;

const inputClass = (problem?: string) => `w-full min-w-24 rounded border p-1 text-xs ${problem ? 'border-red-700 bg-red-50' : 'border-slate-400'}`;

/**
 * One host of the review table: each cell an input named by its column header and the row header
 * ("Boot MAC Row 3"), its problem under it and in its description. Read-only once created. The
 * row header and the status stay in view (sticky) while the cells between scroll sideways.
 */
export const ReviewRow = memo(function ReviewRow({
  row,
  number,
  problems,
  included,
  editable,
  status,
  onEdit,
  onInclude,
}: {
  row: BulkRow;
  number: number;
  problems: CellProblems;
  included: boolean;
  editable: boolean;
  status: ReactNode;
  onEdit: (rowId: string, cell: BulkCellId, change: Partial<BulkCells>) => void;
  onInclude: (rowId: string, included: boolean) => void;
}) {
  const labelledBy = (cell: BulkCellId) => `${columnHeaderId(cell)} ${rowHeaderId(row.id)}`;
  const control = (cell: BulkCellId) => {
    const id = cellId(row.id, cell);
    const problem = included ? problems[cell] : undefined;
    const common = {
      id,
      disabled: !editable,
      'aria-labelledby': labelledBy(cell),
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': problem ? `${id}-error` : undefined,
    } as const;
    const value = row.cells;
    let input: ReactNode;
    switch (cell) {
      case 'disableCertificateVerification':
        input = <input type="checkbox" {...common} checked={value.disableCertificateVerification} onChange={(e) => onEdit(row.id, cell, { disableCertificateVerification: e.target.checked })} />;
        break;
      case 'bootMode':
        input = (
          <select {...common} value={value.bootMode} onChange={(e) => onEdit(row.id, cell, { bootMode: e.target.value as BulkCells['bootMode'] })} className={inputClass(problem)}>
            <option value="">Choose…</option>
            {BOOT_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </select>
        );
        break;
      case 'network':
        input = (
          <select {...common} value={value.network} onChange={(e) => onEdit(row.id, cell, { network: e.target.value as BulkCells['network'] })} className={inputClass(problem)}>
            <option value="">Choose…</option>
            <option value="static">static</option>
            <option value="dhcp">dhcp</option>
          </select>
        );
        break;
      case 'nmstate':
        input = <textarea {...common} value={value.nmstate} rows={value.nmstate ? 4 : 1} spellCheck={false} onChange={(e) => onEdit(row.id, cell, { nmstate: e.target.value })} className={`${inputClass(problem)} min-w-48 font-mono`} />;
        break;
      default:
        input = (
          <input
            {...common}
            type={cell === 'bmcPassword' ? 'password' : 'text'}
            autoComplete={cell === 'bmcPassword' ? 'new-password' : 'off'}
            spellCheck={false}
            value={value[cell]}
            onChange={(e) => onEdit(row.id, cell, { [cell]: e.target.value })}
            className={`${inputClass(problem)} font-mono`}
          />
        );
    }
    return (
      <td key={cell} className="p-1 align-top">
        {input}
        {problem ? (
          <p id={`${id}-error`} className="mt-0.5 max-w-56 text-xs text-red-800">
            <span aria-hidden="true">✖ </span>
            {problem}
          </p>
        ) : null}
      </td>
    );
  };
  return (
    <tr className={included ? '' : 'opacity-60'}>
      <td className="p-1 align-top">
        <input
          type="checkbox"
          id={`bulk-include-${row.id}`}
          checked={included}
          disabled={!editable}
          onChange={(e) => onInclude(row.id, e.target.checked)}
          aria-labelledby={`bulk-col-include ${rowHeaderId(row.id)}`}
        />
      </td>
      <th scope="row" id={rowHeaderId(row.id)} className="sticky left-0 z-10 bg-white p-1 text-left align-top text-xs font-medium whitespace-nowrap">
        Row {number}
        {/* The source line helps find the row in the file; it stays out of every cell's name. */}
        <span aria-hidden="true" className="block font-normal text-slate-600">
          line {row.line}
        </span>
      </th>
      {BULK_COLUMNS.map((column) => control(column.id))}
      <td className="sticky right-0 z-10 min-w-56 border-l border-slate-300 bg-white p-1 align-top text-xs">{status}</td>
    </tr>
  );
});
