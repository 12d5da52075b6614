import { describe, expect, it } from 'vitest';
import { agree, plural } from './plural';

describe('plural', () => {
  it('is singular for exactly one, plural otherwise (zero too)', () => {
    expect(plural(1, 'pod')).toBe('1 pod');
    expect(plural(0, 'pod')).toBe('0 pods');
    expect(plural(4, 'pod')).toBe('4 pods');
    expect(plural(2, 'DaemonSet-managed pod')).toBe('2 DaemonSet-managed pods');
    expect(plural(2, 'child', 'children')).toBe('2 children');
  });

  it('agrees a verb with the count', () => {
    expect(`${plural(1, 'pod')} ${agree(1, 'stops', 'stop')}`).toBe('1 pod stops');
    expect(`${plural(3, 'pod')} ${agree(3, 'stops', 'stop')}`).toBe('3 pods stop');
  });
});
