import { describe, expect, it } from 'vitest';
import { formatAge } from './age';

describe('formatAge', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it.each([
    [5, '5s'],
    [119, '119s'],
    [150, '2m30s'],
    [600, '10m'],
    [3 * 3600 + 5 * 60, '3h5m'],
    [20 * 3600, '20h'],
    [3 * 86400 + 2 * 3600, '3d2h'],
    [30 * 86400, '30d'],
  ])('%is ago is %s', (seconds, expected) => {
    expect(formatAge(ago(seconds), now)).toBe(expected);
  });

  it('is empty without a time, and never negative', () => {
    expect(formatAge(undefined, now)).toBe('');
    expect(formatAge(new Date(now + 5000).toISOString(), now)).toBe('0s');
  });
});
