import 'server-only';

type Scheduled = { schedule: () => void; cancel: () => void };

/**
 * The part debounce and throttle share: `fn` run from a timer, never two runs at once (a call
 * while one runs makes one more run after it, rescheduled), its failure logged. `delay` says how
 * long the next timer waits given when the last run started; `restart` whether a new call moves a
 * pending timer (debounce) or leaves it (throttle).
 */
function serialized(fn: () => Promise<void>, options: { delay: (lastRunAt: number) => number; restart: boolean }): Scheduled {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let last = 0;
  const run = () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    last = Date.now();
    running = fn()
      .catch((error: unknown) => console.error('[live] recomputing a view failed', error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  const schedule = () => {
    if (timer && !options.restart) return;
    clearTimeout(timer);
    timer = setTimeout(run, options.delay(last));
  };
  return {
    schedule,
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * Runs `fn` once `ms` after the last call (trailing), never two runs at once: a burst of watch
 * events becomes one recomputation. `cancel` drops a pending run.
 */
export function debounce(fn: () => Promise<void>, ms: number): Scheduled {
  return serialized(fn, { delay: () => ms, restart: true });
}

/**
 * Runs `fn` at most once every `ms` while calls keep coming, and once more after the last one:
 * unlike debounce, a steady stream of events (BMO walking a hundred new hosts through their
 * states) never holds a view back for longer than `ms`. Never two runs at once.
 */
export function throttle(fn: () => Promise<void>, ms: number): Scheduled {
  return serialized(fn, { delay: (lastRunAt) => Math.max(0, lastRunAt + ms - Date.now()), restart: false });
}
