import { describe, expect, it } from 'vitest';
import { unknownFieldPosition } from './unknown-field';

/** nmstatectl 2.2.62's words for this document: the position is the interface item's (line 2). */
const DOCUMENT = `interfaces:
- name: eno1
  type: ethernet
  state: up
  ipv4:
    enabled: true
    bar: 2
    address:
    - ip: 10.0.0.2
      prefix-length: 24
- name: eno2
  type: ethernet
  ipv4:
    bar: 3
`;
const MESSAGE = 'Provide file is not valid NetworkState: interfaces: unknown field `bar`, expected one of `enabled`, `dhcp` at line 2 column 1';

describe('unknownFieldPosition', () => {
  it('finds the unknown key inside the interface item nmstate names, not in the next one', () => {
    expect(unknownFieldPosition(DOCUMENT, { line: 2, message: MESSAGE })).toEqual({ line: 7, column: 5 });
    expect(unknownFieldPosition(DOCUMENT, { line: 11, message: MESSAGE })).toEqual({ line: 14, column: 5 });
  });

  it('leaves the position as nmstate gave it when the message names no unknown field or the key is not there', () => {
    expect(unknownFieldPosition(DOCUMENT, { line: 2, message: 'invalid type: string "x", expected u8 at line 2 column 1' })).toBeUndefined();
    expect(unknownFieldPosition(DOCUMENT, { line: 2, message: MESSAGE.replace('`bar`', '`baz`') })).toBeUndefined();
  });
});
