import { describe, expect, it } from 'vitest';
import { applyWatchEvent } from './stream';
import { hostView } from './test-fixtures';

describe('applyWatchEvent', () => {
  const a1 = hostView('a', { uid: 'a', resourceVersion: '10', state: 'registering' });
  const a2 = { ...a1, resourceVersion: '12', state: 'inspecting' };
  const b = hostView('b', { uid: 'b', resourceVersion: '11' });

  it('adds, replaces and deletes by uid', () => {
    let list = applyWatchEvent(undefined, 'ADDED', a1);
    list = applyWatchEvent(list, 'ADDED', b);
    list = applyWatchEvent(list, 'MODIFIED', a2);
    expect(list.map((h) => [h.name, h.state])).toEqual([
      ['a', 'inspecting'],
      ['b', 'provisioned'],
    ]);
    expect(applyWatchEvent(list, 'DELETED', b).map((h) => h.name)).toEqual(['a']);
  });

  it('treats a MODIFIED for an unknown object as an addition', () => {
    expect(applyWatchEvent([b], 'MODIFIED', a1).map((h) => h.name)).toEqual(['b', 'a']);
  });

  it('never lets an older resourceVersion overwrite a newer one', () => {
    expect(applyWatchEvent([a2], 'MODIFIED', a1)[0]?.state).toBe('inspecting');
  });

  it('ignores the deletion of something it does not hold', () => {
    expect(applyWatchEvent([a1], 'DELETED', b)).toEqual([a1]);
  });

  it('returns a new array, so React Query sees the change', () => {
    const list = [a1];
    expect(applyWatchEvent(list, 'MODIFIED', a2)).not.toBe(list);
  });
});
