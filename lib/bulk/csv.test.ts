import { describe, expect, it } from 'vitest';
import { BULK_COLUMNS, bulkCsv, bulkCsvTemplate } from './columns';
import { readBulkCsv } from './csv';
import { checkRow, readProblemPlace } from './rows';

let counter = 0;
const newId = () => `id-${++counter}`;

const HEADER = BULK_COLUMNS.map((c) => c.header).join(',');
const row = (name: string, extra: Partial<Record<string, string>> = {}) => ({
  name,
  bmc_address: `redfish-virtualmedia+https://192.168.111.1:8000/redfish/v1/Systems/${name}`,
  bmc_username: 'admin',
  bmc_password: 'secret',
  boot_mac: '52:54:00:00:05:01',
  network: 'dhcp',
  ...extra,
});

const read = (text: string) => {
  const result = readBulkCsv(text, newId);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rows;
};

describe('readBulkCsv', () => {
  it('reads its own template into one row the schema accepts', () => {
    const [first] = read(bulkCsvTemplate());
    expect(first?.cells).toMatchObject({ name: 'openshift-worker-5', network: 'static', interface: 'eno1', ip: '192.168.111.60/24', bootMode: 'UEFI' });
    expect(checkRow(first!)).toMatchObject({ ok: true });
  });

  it('reads quoting, a byte order mark, CRLF line ends and blank lines', () => {
    const text = `\ufeff${HEADER}\r\n\r\n${bulkCsv([row('a')]).split('\r\n')[1]}\r\n\r\n\r\n${bulkCsv([row('b')]).split('\r\n')[1]}\r\n`;
    const rows = read(text);
    expect(rows.map((r) => [r.cells.name, r.line])).toEqual([
      ['a', 3],
      ['b', 6],
    ]);
  });

  it('keeps a password with commas, quotes and a line break exactly, and counts lines from where its row starts', () => {
    const password = 'p,a"s\ns ,"word"';
    const rows = read(bulkCsv([row('a', { bmc_password: password }), row('b')]));
    expect(rows[0]?.cells.bmcPassword).toBe(password);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('takes the columns in any order and in any case, the optional ones left out', () => {
    const rows = read('NETWORK,Name,bmc_password,bmc_username,bmc_address,boot_mac\ndhcp,w1,pw,admin,redfish-virtualmedia://10.0.0.1/redfish/v1/Systems/1,52:54:00:00:05:09\n');
    expect(rows[0]?.cells).toMatchObject({ name: 'w1', network: 'dhcp', bmcPassword: 'pw', bootMode: 'UEFI', disableCertificateVerification: false });
    expect(checkRow(rows[0]!)).toMatchObject({ ok: true });
  });

  it('reads 500 rows, and refuses 501 at the line of the first one too many', () => {
    const many = (n: number) => bulkCsv(Array.from({ length: n }, (_, i) => row(`worker-${i}`, { boot_mac: `52:54:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}` })));
    expect(read(many(500))).toHaveLength(500);
    expect(readBulkCsv(many(501), newId)).toEqual({ ok: false, problems: [{ line: 502, message: 'A batch has at most 500 hosts; split the file.' }] });
  });

  it('says where a quote is never closed: the row it opened in and the field, by number and header', () => {
    const text = `${HEADER}\n${bulkCsv([row('a')]).split('\r\n')[1]}\na,"redfish\nb,c\n`;
    const result = readBulkCsv(text, newId);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 3, field: 2, header: 'expected_node_name', message: expect.stringMatching(/never closed/) });
    // The reviewer's file: an unterminated quote in the 4th field of line 2 is field 4, not character column 4.
    const fourth = readBulkCsv('name,bmc_address,bmc_username,bmc_password,boot_mac,network\nw,x,u,"p,m,dhcp\n', newId);
    expect(fourth).toEqual({ ok: false, problems: [{ line: 2, field: 4, header: 'bmc_password', message: expect.stringMatching(/^A quoted field is never closed/) }] });
    if (!fourth.ok) expect(readProblemPlace(fourth.problems[0]!)).toBe('Line 2, field 4 (bmc_password)');
  });

  it('says where a field has text after its closing quote, and where a row has too many fields', () => {
    const closing = readBulkCsv('name,bmc_address,bmc_username,bmc_password,boot_mac,network\na,"x"y,u,p,m,dhcp\n', newId);
    expect(closing).toMatchObject({ ok: false, problems: [{ line: 2, field: 2, header: 'bmc_address', message: expect.stringMatching(/closes this field but more text follows/) }] });
    // A quote in the middle of a field: one field number, the console's (csv-parse counts from 0).
    const opening = readBulkCsv('name,bmc_address,bmc_username,bmc_password,boot_mac,network\na,x,ad"min,p,m,dhcp\n', newId);
    expect(opening).toEqual({ ok: false, problems: [{ line: 2, field: 3, header: 'bmc_username', message: 'A quote opens in the middle of this field: quote the whole field and double each quote inside it ("").' }] });
    const fields = readBulkCsv('name,bmc_address,bmc_username,bmc_password,boot_mac,network\na,b,c,d,e,dhcp,extra\n', newId);
    expect(fields).toEqual({ ok: false, problems: [{ line: 2, field: 7, message: expect.stringMatching(/7 instead of 6/) }] });
    const short = readBulkCsv('name,bmc_address,bmc_username,bmc_password,boot_mac,network\na,b,c,d,e\n', newId);
    expect(short).toMatchObject({ ok: false, problems: [{ line: 2, field: 6, header: 'network', message: expect.stringMatching(/5 instead of 6/) }] });
  });

  it('refuses an unknown or repeated column and names the missing ones, at the header', () => {
    const result = readBulkCsv('name,name,mac,network\na,a,b,dhcp\n', newId);
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 1, field: 2, message: 'Column name is named twice.' },
        { line: 1, field: 3, message: expect.stringMatching(/^"mac" is not a column: the columns are name, expected_node_name, bmc_address/) },
        { line: 1, message: 'The header lacks bmc_address, bmc_username, bmc_password, boot_mac.' },
      ],
    });
    expect(readBulkCsv('', newId)).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringMatching(/empty/) }] });
    expect(readBulkCsv(`${HEADER}\n`, newId)).toMatchObject({ ok: false, problems: [{ line: 2, message: 'The file has a header but no hosts.' }] });
  });

  it('keeps a value it cannot take as a problem of its cell, not of the file', () => {
    const [first] = read(bulkCsv([row('a', { network: 'bond', boot_mode: 'bios', disable_certificate_verification: 'maybe' })]));
    expect(first?.readProblems).toEqual({
      network: '"bond" is neither static nor dhcp.',
      bootMode: '"bios" is not a boot mode: UEFI, UEFISecureBoot or legacy.',
      disableCertificateVerification: '"maybe" is not true or false.',
    });
    expect(checkRow(first!).problems.network).toBe('"bond" is neither static nor dhcp.');
  });
});
