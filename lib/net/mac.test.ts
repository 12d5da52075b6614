import { describe, expect, it } from 'vitest';
import { canonicalMac, macKey, sameMac } from './mac';

describe('canonicalMac', () => {
  it.each([
    ['52:54:00:AB:CD:EF', '52:54:00:ab:cd:ef'],
    ['52-54-00-ab-cd-ef', '52:54:00:ab:cd:ef'],
    ['5254.00AB.CDEF', '52:54:00:ab:cd:ef'],
    [' 52:54:00:ab:cd:ef ', '52:54:00:ab:cd:ef'],
    ['52:54:00-ab:cd:ef', undefined],
    ['52:54:00:ab:cd', undefined],
    ['525400abcdef', undefined],
    ['eth0', undefined],
  ] as const)('%j → %s', (text, canonical) => {
    expect(canonicalMac(text)).toBe(canonical);
  });
});

describe('sameMac and macKey', () => {
  it('compare MACs whatever their case and separators', () => {
    expect(sameMac('52:54:00:AB:CD:EF', '52-54-00-ab-cd-ef')).toBe(true);
    expect(sameMac('52:54:00:ab:cd:ef', '52:54:00:ab:cd:ee')).toBe(false);
    expect(macKey('AB:CD:12:34:56:78')).toBe(macKey('ab:cd:12:34:56:78'));
  });
});
