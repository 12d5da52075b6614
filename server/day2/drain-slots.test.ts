import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_DRAINS } from '@/lib/day2/constants';
import { drainSlots, slotNodes } from './drain-slots';
import { eventMessage } from '../events';

describe('drain slots: at most MAX_CONCURRENT_DRAINS maintenance drains at once', () => {
  it('grants slots in order, makes the next wait (saying who holds them), and hands a released slot on', async () => {
    expect(MAX_CONCURRENT_DRAINS).toBe(2);
    const signal = new AbortController().signal;
    const waited: string[][] = [];
    const onWait = (holders: string[]) => waited.push(holders);
    const first = await drainSlots().acquire('n1', { signal, onWait });
    const second = await drainSlots().acquire('n2', { signal, onWait });
    expect(waited).toEqual([]);
    let thirdGranted = false;
    const third = drainSlots()
      .acquire('n3', { signal, onWait })
      .then((release) => {
        thirdGranted = true;
        return release;
      });
    await Promise.resolve();
    expect(thirdGranted).toBe(false);
    expect(waited.map(slotNodes)).toEqual(['n1, n2']);
    first();
    first(); // releasing twice frees one slot, not two
    const release3 = await third;
    expect(thirdGranted).toBe(true);
    second();
    release3();
    expect(drainSlots().holders.size).toBe(0);
  });

  it('a drain stopped while it waits leaves the queue with its flow’s reason, and takes no slot', async () => {
    const a = await drainSlots().acquire('a', { signal: new AbortController().signal, onWait: () => {} });
    const b = await drainSlots().acquire('b', { signal: new AbortController().signal, onWait: () => {} });
    const stop = new AbortController();
    const waiting = drainSlots().acquire('c', { signal: stop.signal, onWait: () => {} });
    stop.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    a();
    const d = await drainSlots().acquire('d', { signal: new AbortController().signal, onWait: () => {} });
    expect(drainSlots().holders.size).toBe(2);
    b();
    d();
  });
});

describe('the Event message of an action', () => {
  it('names the user, the action and the outcome, and stays within 1 KiB', () => {
    expect(eventMessage({ user: 'alice', action: 'power-off', outcome: 'ok', message: 'spec.online is false.' })).toBe('alice — Power off: done. spec.online is false.');
    expect(eventMessage({ user: 'bob', action: 'maintenance-end', outcome: 'failed', message: 'x'.repeat(2000) })).toHaveLength(1024);
  });
});
