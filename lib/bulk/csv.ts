import { CsvError, parse } from 'csv-parse/browser/esm/sync';
import { BULK_COLUMNS, type BulkCellId, type BulkColumn } from './columns';
import { BOOT_MODES, type BulkCells, type BulkRow, MAX_BATCH_ROWS, type ReadProblem, type ReadResult, emptyCells } from './rows';

/**
 * Reads a bulk enrollment CSV (lib/bulk/columns.ts): RFC 4180 as csv-parse reads it (quoted fields
 * with commas, doubled quotes and line breaks; CRLF or LF; a UTF-8 byte order mark; blank lines
 * skipped), a header row naming the columns in any order, then one host per row.
 */

const byHeader = new Map(BULK_COLUMNS.map((c) => [c.header, c]));

/** The line a byte offset of the UTF-8 text is on (csv-parse counts bytes). */
function lineAtByte(text: string, bytes: number): number {
  const before = new TextDecoder().decode(new TextEncoder().encode(text).slice(0, bytes));
  return before.split(/\r\n|\r|\n/).length;
}

/** The header row's names, trimmed, when it can be read on its own (to name the field of a later error). */
function headerNames(text: string): string[] {
  try {
    const [first] = parse(text, { bom: true, skip_empty_lines: true, to: 1, relax_column_count: true }) as string[][];
    return (first ?? []).map((name) => name.trim());
  } catch {
    return [];
  }
}

/**
 * csv-parse's error at its line and field, in words. csv-parse says which field (its `column`
 * counts fields from 0), not which character, so the field is given by number and, past the
 * header row, by the header that names it.
 */
function csvProblem(text: string, error: CsvError): ReadProblem {
  const info = error as CsvError & { lines?: number; column?: number; bytes?: number; record?: string[] };
  const at = (line: number, field: number): Pick<ReadProblem, 'line' | 'field' | 'header'> => {
    const headers = line > 1 ? headerNames(text) : [];
    const header = headers[field - 1];
    return { line, field, ...(header ? { header } : {}) };
  };
  const field = (info.column ?? 0) + 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // It is noticed at the end of the file; the quote was opened in the record that starts here.
      return { ...at(lineAtByte(text, info.bytes ?? 0), field), message: 'A quoted field is never closed: a quote opened in this field has no closing quote (write a quote inside a quoted field as "").' };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { ...at(info.lines ?? 1, field), message: 'A quote closes this field but more text follows it: quote the whole field and double each quote inside it ("").' };
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      // Where the first field too many starts, or where the first missing one would.
      const [expected = 0, got = 0] = /expect (\d+), got (\d+)/.exec(error.message)?.slice(1).map(Number) ?? [];
      return { ...at(info.lines ?? 1, Math.min(expected, got) + 1), message: `This row has a different number of fields than the header (${error.message.replace(/^.*expect (\d+), got (\d+).*$/s, '$2 instead of $1')}): quote fields that hold commas.` };
    }
    case 'INVALID_OPENING_QUOTE':
      return { ...at(info.lines ?? 1, field), message: 'A quote opens in the middle of this field: quote the whole field and double each quote inside it ("").' };
    default:
      return { ...at(info.lines ?? 1, field), message: error.message };
  }
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false, '': false };

/** One record's cells by column, and what could not be taken. */
function cellsOf(record: readonly string[], columns: readonly BulkColumn[]): Pick<BulkRow, 'cells' | 'readProblems'> {
  const cells: BulkCells = emptyCells();
  const readProblems: Partial<Record<BulkCellId, string>> = {};
  columns.forEach((column, index) => {
    const value = record[index] ?? '';
    switch (column.id) {
      case 'disableCertificateVerification': {
        const flag = BOOLEAN_TEXT[value.trim().toLowerCase()];
        if (flag === undefined) readProblems[column.id] = `"${value}" is not true or false.`;
        cells.disableCertificateVerification = flag ?? false;
        return;
      }
      case 'bootMode': {
        const mode = value.trim() === '' ? 'UEFI' : BOOT_MODES.find((m) => m.toLowerCase() === value.trim().toLowerCase());
        if (!mode) readProblems[column.id] = `"${value}" is not a boot mode: UEFI, UEFISecureBoot or legacy.`;
        cells.bootMode = mode ?? '';
        return;
      }
      case 'network': {
        const kind = value.trim().toLowerCase();
        if (kind !== 'static' && kind !== 'dhcp') readProblems[column.id] = value.trim() ? `"${value}" is neither static nor dhcp.` : 'Choose static or dhcp.';
        cells.network = kind === 'static' || kind === 'dhcp' ? kind : '';
        return;
      }
      default:
        cells[column.id] = value;
    }
  });
  return { cells, readProblems };
}

/**
 * The rows of a CSV, each with a new id from `newId` (a UUID), or the problems that keep the file
 * from being read, each at its line and field: csv-parse's syntax errors, a header naming an
 * unknown or repeated column or missing a required one, no rows, more than MAX_BATCH_ROWS rows.
 * What a cell holds is not judged here (checkRow does), except the three cells with a fixed set
 * of values, whose problems come with the row.
 */
export function readBulkCsv(text: string, newId: () => string): ReadResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problems: [csvProblem(text, error)] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: `The file is empty: it needs a header row (${BULK_COLUMNS.filter((c) => c.required).map((c) => c.header).join(', ')}, ...) and a row per host.` }] };
  const problems: ReadProblem[] = [];
  const columns: BulkColumn[] = [];
  header.record.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    const column = byHeader.get(key);
    if (!column) problems.push({ line: header.info.lines, field: index + 1, message: `"${name}" is not a column: the columns are ${BULK_COLUMNS.map((c) => c.header).join(', ')}.` });
    else if (columns.includes(column)) problems.push({ line: header.info.lines, field: index + 1, message: `Column ${key} is named twice.` });
    else columns.push(column);
  });
  const missing = BULK_COLUMNS.filter((c) => c.required && !columns.includes(c));
  if (missing.length > 0) problems.push({ line: header.info.lines, message: `The header lacks ${missing.map((c) => c.header).join(', ')}.` });
  if (problems.length > 0) return { ok: false, problems };
  if (body.length === 0) return { ok: false, problems: [{ line: header.info.lines + 1, message: 'The file has a header but no hosts.' }] };
  if (body.length > MAX_BATCH_ROWS) return { ok: false, problems: [{ line: body[MAX_BATCH_ROWS]!.info.lines, message: `A batch has at most ${MAX_BATCH_ROWS} hosts; split the file.` }] };
  const ordered = header.record.map((name) => byHeader.get(name.trim().toLowerCase())!);
  return {
    ok: true,
    rows: body.map(({ record, info }) => {
      // info.lines is the record's last line; a quoted field may span several.
      const spanned = record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      return { id: newId(), line: info.lines - spanned, ...cellsOf(record, ordered), extra: {} };
    }),
  };
}
