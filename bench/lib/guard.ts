/** Every benchmark stops by itself: Ctrl-C, SIGTERM or the watchdog run `cleanUp` (servers, workers) and exit. */
export function guardBenchmark(cleanUp: () => Promise<void>, watchdogMs: number): void {
  const stop = async (code: number): Promise<void> => {
    await cleanUp().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130));
  process.once('SIGTERM', () => void stop(143));
  setTimeout(() => {
    console.error(`benchmark exceeded ${watchdogMs / 1_000} s; stopping`);
    void stop(1);
  }, watchdogMs).unref();
}
