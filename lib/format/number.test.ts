import { describe, expect, it } from 'vitest';
import { parseNumberOrText } from './number';

describe('parseNumberOrText', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['30', 30],
    [' -1 ', -1],
    ['1.5', 1.5],
    ['soon', 'soon'],
    ['1e3', '1e3'],
  ])('%j → %j', (text, expected) => expect(parseNumberOrText(text)).toBe(expected));
});
