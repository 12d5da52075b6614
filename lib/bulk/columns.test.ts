import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BULK_COLUMNS, type BulkColumn } from './columns';

/** A column as the README's reference writes it: the words the page shows, escaped for a Markdown table. */
const referenceRow = (column: BulkColumn) => {
  const escape = (text: string) => text.replaceAll('|', '\\|').replaceAll('<', '\\<').replaceAll('>', '\\>');
  return `| \`${column.header}\` | ${column.label} | ${column.required ? 'yes' : 'no'} | ${escape(column.help)} |`;
};

describe('the CSV column reference', () => {
  it('is in the README exactly as the page shows it, in the same order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = BULK_COLUMNS.map(referenceRow);
    const found = rows.map((row) => readme.indexOf(`  ${row}\n`));
    expect(found.filter((at) => at < 0), 'rows missing from the README').toEqual([]);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
  });
});
