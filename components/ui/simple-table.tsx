import type { ReactNode } from 'react';

/**
 * A small read-only table with a caption (visible or for screen readers only) and header cells.
 * `empty` is what an empty table says instead: what it means and what to do about it.
 */
export function SimpleTable({
  caption,
  captionHidden = false,
  columns,
  rows,
  empty,
}: {
  caption: string;
  captionHidden?: boolean;
  columns: string[];
  rows: { key: string; cells: ReactNode[] }[];
  empty: ReactNode;
}) {
  return (
    <table className="text-sm">
      <caption className={captionHidden ? 'sr-only' : 'text-left font-medium'}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col" className="pr-6 text-left">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="py-1 text-slate-700">
              {empty}
            </td>
          </tr>
        ) : null}
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, index) => (
              <td key={columns[index] ?? index} className="pr-6 align-top">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
