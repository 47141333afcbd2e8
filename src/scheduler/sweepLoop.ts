import type { Logger } from '../logging';

/**
 * Runs `sweep` every `intervalMs`, never two at once in this process (a slow sweep delays the next
 * rather than overlapping it). Other instances run their own loops: exactly-once is the sweep's
 * business (ETag claims), not the loop's.
 */
export function startSweepLoop(sweep: () => Promise<unknown>, intervalMs: number, log: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = sweep()
      .then(
        () => undefined,
        (error) => log.error('sweep.failed', error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  // The first sweep right away: after downtime the missed reminders go out at once.
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
