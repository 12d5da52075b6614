'use client';

import { useState } from 'react';
import { SimpleTable } from '@/components/ui/simple-table';
import { BULK_COLUMNS, bulkCsvTemplate } from '@/lib/bulk/columns';
import { readBulkCsv } from '@/lib/bulk/csv';
import { type BulkRow, type ReadProblem, readProblemPlace } from '@/lib/bulk/rows';
import { readBulkYaml } from '@/lib/bulk/yaml';
import { newUuid } from '@/lib/uuid';

export type BulkFormat = 'csv' | 'yaml';

/** The format a file name says, if it says one. */
const formatOfName = (name: string): BulkFormat | undefined => (/\.csv$/i.test(name) ? 'csv' : /\.ya?ml$/i.test(name) ? 'yaml' : undefined);

/**
 * Where a batch comes in: a pasted or uploaded CSV (with the template and the column reference)
 * or multi-document YAML in the seed's format. A file that cannot be read lists its problems, each
 * at its line and column; one that can becomes the review's rows.
 */
export function BulkInput({ onRows }: { onRows: (rows: BulkRow[]) => void }) {
  const [format, setFormat] = useState<BulkFormat>('csv');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<ReadProblem[]>([]);

  function read() {
    const result = format === 'csv' ? readBulkCsv(text, newUuid) : readBulkYaml(text, newUuid);
    if (result.ok) {
      setProblems([]);
      onRows(result.rows);
    } else setProblems(result.problems);
  }

  return (
    <section aria-labelledby="bulk-input-heading" className="max-w-4xl space-y-4">
      <h2 id="bulk-input-heading" className="text-lg font-semibold">
        Hosts to enroll
      </h2>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Format</legend>
        <div className="flex gap-4">
          <label className="flex items-center gap-1 text-sm">
            <input type="radio" name="bulk-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV, one host per row
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input type="radio" name="bulk-format" checked={format === 'yaml'} onChange={() => setFormat('yaml')} /> YAML: Secrets and BareMetalHosts (bmh.yaml)
          </label>
        </div>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="bulk-file" className="block text-sm font-medium">
          Upload a file
        </label>
        <input
          id="bulk-file"
          type="file"
          accept=".csv,.yaml,.yml,text/csv,application/yaml,text/plain"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setFormat(formatOfName(file.name) ?? format);
            setText(await file.text());
            setProblems([]);
          }}
          className="text-sm"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="bulk-text" className="block text-sm font-medium">
          Or paste it here
        </label>
        <textarea
          id="bulk-text"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setProblems([]);
          }}
          rows={10}
          spellCheck={false}
          aria-invalid={problems.length > 0 ? true : undefined}
          aria-describedby={problems.length > 0 ? 'bulk-read-problems' : undefined}
          className="w-full rounded border border-slate-400 p-2 font-mono text-sm"
        />
      </div>
      {problems.length > 0 ? (
        <div id="bulk-read-problems" role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
          <p className="font-medium">The file cannot be read:</p>
          <ul aria-label="Problems in the file" className="list-disc pl-6 text-sm">
            {problems.map((problem) => (
              <li key={`${readProblemPlace(problem)}:${problem.message}`}>
                {readProblemPlace(problem)}: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-4">
        <button type="button" onClick={read} disabled={!text.trim()} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-60">
          Read the hosts
        </button>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(bulkCsvTemplate())}`} download="hosts-template.csv" className="text-blue-800 underline">
          Download the CSV template
        </a>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">CSV columns</summary>
        <SimpleTable
          caption="CSV columns"
          captionHidden
          empty="No columns."
          columns={['Column', 'In the table', 'Required', 'What it holds']}
          rows={BULK_COLUMNS.map((column) => ({ key: column.id, cells: [<code key="h">{column.header}</code>, column.label, column.required ? 'yes' : 'no', column.help] }))}
        />
      </details>
    </section>
  );
}
