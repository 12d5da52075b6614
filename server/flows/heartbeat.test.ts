import { describe, expect, it } from 'vitest';
import { Refusal } from '../errors';
import { HEARTBEAT_FRESH_MS, REPLICA_ID, heartbeatValue, parseHeartbeat, refuseIfRunningElsewhere, runningElsewhere } from './heartbeat';

const KEY = 'baremetal-console.openshift.io/flow-alive.removal';
const now = Date.parse('2026-11-30T12:00:00.000Z');
const beat = (value: string) => ({ [KEY]: value });

describe('a flow heartbeat, read as untrusted input', () => {
  it('reads back what a replica writes', () => {
    const at = new Date(now - 12_000);
    expect(parseHeartbeat(heartbeatValue(at))).toEqual({ replica: REPLICA_ID, at: at.getTime() });
  });

  it('counts anything but `<replica id> <ISO time>` as absent', () => {
    for (const text of [
      '',
      'pod-a',
      '2026-11-30T11:59:50.000Z',
      'pod-a 2026-11-30T11:59:50Z',
      'pod-a  2026-11-30T11:59:50.000Z',
      'pod-a 2026-11-30T11:59:50.000Z ',
      'pod a 2026-11-30T11:59:50.000Z',
      '-pod 2026-11-30T11:59:50.000Z',
      'pod-a 2026-02-31T11:59:50.000Z',
      'pod-a 2026-11-30T11:59:50.000+01:00',
      `${'p'.repeat(101)} 2026-11-30T11:59:50.000Z`,
    ]) {
      expect(parseHeartbeat(text), text).toBeUndefined();
    }
    expect(parseHeartbeat(undefined)).toBeUndefined();
    expect(parseHeartbeat(42)).toBeUndefined();
  });

  it("says another replica runs the flow while its heartbeat is fresh, and how long ago it was seen", () => {
    expect(runningElsewhere('removal', beat('pod-a 2026-11-30T11:59:48.000Z'), now)).toEqual({ seenSecondsAgo: 12 });
    // A clock a little ahead of this one: seen just now.
    expect(runningElsewhere('removal', beat('pod-a 2026-11-30T12:00:03.000Z'), now)).toEqual({ seenSecondsAgo: 0 });
  });

  it('keeps the flow resumable when the heartbeat is stale, dated far ahead, of another kind, malformed or this process’s own', () => {
    const stale = new Date(now - HEARTBEAT_FRESH_MS).toISOString();
    const ahead = new Date(now + HEARTBEAT_FRESH_MS).toISOString();
    expect(runningElsewhere('removal', beat(`pod-a ${stale}`), now)).toBeUndefined();
    expect(runningElsewhere('removal', beat(`pod-a ${ahead}`), now)).toBeUndefined();
    expect(runningElsewhere('maintenance', beat('pod-a 2026-11-30T11:59:48.000Z'), now)).toBeUndefined();
    expect(runningElsewhere('removal', beat('pod-a yesterday'), now)).toBeUndefined();
    expect(runningElsewhere('removal', beat(heartbeatValue(new Date(now - 1000))), now)).toBeUndefined();
    expect(runningElsewhere('removal', undefined, now)).toBeUndefined();
  });

  it('refuses a resume with 409 and the reason while another replica runs it', () => {
    const fresh = beat(`pod-a ${new Date().toISOString()}`);
    let refusal: unknown;
    try {
      refuseIfRunningElsewhere('removal', fresh, 'The removal of host worker-3');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).status).toBe(409);
    expect((refusal as Refusal).userMessage).toMatch(/^The removal of host worker-3 is running on another replica of the console \(seen \d+ s ago\): resuming it here would run it twice at once\./);
    expect(() => refuseIfRunningElsewhere('removal', {}, 'The removal of host worker-3')).not.toThrow();
  });
});
