/** Work that runs again and again on a timer; stopping waits for a turn in progress. */
export interface PeriodicWork {
  stop(): Promise<void>;
}

/**
 * Runs `work` now and then `intervalMs` after each turn ends (turns never overlap in one
 * process; across processes the work itself claims rows with SKIP LOCKED). A failing turn is
 * reported and the next one runs.
 */
export function startPeriodic(work: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void = () => undefined): PeriodicWork {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = null;
    running = work()
      .then(() => undefined, onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
