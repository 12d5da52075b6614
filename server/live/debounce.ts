import 'server-only';

/**
 * Runs `fn` once `ms` after the last call (trailing), never two runs at once: a burst of watch
 * events becomes one recomputation. `cancel` drops a pending run.
 */
export function debounce(fn: () => Promise<void>, ms: number): { schedule: () => void; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const run = () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
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
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  return { schedule, cancel: () => clearTimeout(timer) };
}

/**
 * Runs `fn` at most once every `ms` while calls keep coming, and once more after the last one:
 * unlike debounce, a steady stream of events (BMO walking a hundred new hosts through their
 * states) never holds a view back for longer than `ms`. Never two runs at once.
 */
export function throttle(fn: () => Promise<void>, ms: number): { schedule: () => void; cancel: () => void } {
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
    if (timer) return;
    timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
  };
  return {
    schedule,
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
