import { describe, expect, it } from 'vitest';
import { Refusal } from '../errors';
import { FlowStop, waitUntil } from './wait';

describe('waitUntil, the one wait every flow step uses', () => {
  it('returns the first value the check finds', async () => {
    let calls = 0;
    const value = await waitUntil({ what: 'the host to be available', check: async () => (++calls === 3 ? 'available' : undefined), signal: new AbortController().signal, timeoutMs: 5_000, intervalMs: 1 });
    expect(value).toBe('available');
    expect(calls).toBe(3);
  });

  it('gives up at its deadline with a 504 that names what it waited for and for how long', async () => {
    const started = Date.now();
    const refusal = await waitUntil({ what: 'the node to be deleted', check: async () => undefined, signal: new AbortController().signal, timeoutMs: 150, intervalMs: 20 }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ status: 504, userMessage: 'Gave up after 0 s waiting for the node to be deleted; retry to keep waiting.' });
    // It stops at the deadline, not one whole interval later, and not before it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('stops with the flow: a cancel in the middle of a pause rejects with the stop at once', async () => {
    const controller = new AbortController();
    const waiting = waitUntil({ what: 'the host to deprovision', check: async () => undefined, signal: controller.signal, timeoutMs: 60_000, intervalMs: 30_000 });
    setTimeout(() => controller.abort(new FlowStop('cancelled')), 10);
    await expect(waiting).rejects.toMatchObject({ name: 'FlowStop', why: 'cancelled' });
  });

  it('never calls the check of a flow already stopped', async () => {
    const controller = new AbortController();
    controller.abort(new FlowStop('signed out'));
    let called = false;
    const check = async () => {
      called = true;
      return 'x';
    };
    await expect(waitUntil({ what: 'anything', check, signal: controller.signal, timeoutMs: 1_000 })).rejects.toMatchObject({ why: 'signed out' });
    expect(called).toBe(false);
  });
});
