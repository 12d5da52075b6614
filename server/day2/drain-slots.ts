import 'server-only';
import { MAX_CONCURRENT_DRAINS } from '@/lib/day2/constants';

/**
 * At most MAX_CONCURRENT_DRAINS maintenance drains at once in this process (a bulk maintenance of
 * ten nodes drains them two by two, so the cluster keeps room for their pods). First come, first
 * served; a waiting drain says which nodes hold the slots and stops waiting when its flow stops.
 * Shared through globalThis, so every route bundle sees the same slots. Another console replica
 * has slots of its own (the bound is per process).
 */

interface Waiter {
  node: string;
  grant: (release: () => void) => void;
}

class DrainSlots {
  readonly holders = new Set<string>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly size: number) {}

  /**
   * Resolves with the release function once `node` holds a slot; calls `onWait` with the nodes
   * holding them while it waits. Rejects with the signal's reason when it aborts first.
   */
  acquire(node: string, options: { signal: AbortSignal; onWait: (holders: string[]) => void }): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (options.signal.aborted) return reject(options.signal.reason);
      const waiter: Waiter = {
        node,
        grant: (release) => {
          options.signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(options.signal.reason);
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.next();
      if (this.waiting.includes(waiter)) options.onWait([...this.holders]);
    });
  }

  private next(): void {
    while (this.holders.size < this.size && this.waiting.length > 0) {
      const waiter = this.waiting.shift()!;
      const token = `${waiter.node}#${Math.random().toString(36).slice(2)}`;
      this.holders.add(token);
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.holders.delete(token);
        this.next();
      });
    }
  }
}

const KEY = Symbol.for('bare-metal-console.drain-slots');

export function drainSlots(): DrainSlots {
  const holder = globalThis as typeof globalThis & { [KEY]?: DrainSlots };
  holder[KEY] ??= new DrainSlots(MAX_CONCURRENT_DRAINS);
  return holder[KEY];
}

/** The nodes holding a slot, for messages ("app1, app2"). */
export const slotNodes = (holders: readonly string[]) => holders.map((token) => token.split('#')[0]).join(', ');
