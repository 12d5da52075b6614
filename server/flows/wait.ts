import 'server-only';
import { Refusal } from '../errors';

/**
 * Why a flow stopped before it finished, carried as an AbortSignal's reason: the user cancelled it,
 * its user signed out (or the session expired), or the console is shutting down. Not an error of
 * the cluster: the intent stays recorded (except on cancel) so the flow can be resumed.
 */
export class FlowStop extends Error {
  constructor(readonly why: 'cancelled' | 'signed out' | 'shutting down' | 'cancelled elsewhere') {
    super(`stopped: ${why}`);
    this.name = 'FlowStop';
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The one wait every flow step uses: calls `check` until it returns a value (not undefined), every
 * `intervalMs` (1 s by default). Rejects with the signal's reason when the flow is stopped, and
 * with a Refusal (504) that names `what` and the time waited when `timeoutMs` passes.
 */
export async function waitUntil<T>(options: { what: string; check: () => Promise<T | undefined>; signal: AbortSignal; timeoutMs: number; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal.aborted) throw options.signal.reason;
    const value = await options.check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      throw new Refusal(504, `Gave up after ${formatDuration(options.timeoutMs)} waiting for ${options.what}; retry to keep waiting.`);
    }
    await pause(Math.min(options.intervalMs ?? 1_000, Math.max(0, deadline - Date.now())), options.signal);
  }
}

/** "90 s", "5 min", "2 h". */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3600_000)} h`;
}
