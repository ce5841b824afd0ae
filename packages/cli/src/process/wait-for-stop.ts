/**
 * Waits until `signal` aborts (Ctrl-C or SIGTERM, which the CLI turns into an abort).
 * Without a signal (an embedding that never stops it) it waits forever, which is what a
 * server command does.
 *
 * @example
 * ```ts
 * await waitForStop(io.signal);
 * ```
 */
export function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener("abort", () => resolve(), { once: true });
  });
}
