/**
 * Waits for `promise`, or rejects with the signal's reason as soon as it aborts, whatever
 * the promise does: not every fetch stand-in honours its signal (a handler, a stuck socket
 * in a shim), and a token refresh shared by several callers must go on when one of them
 * gives up.
 *
 * @example
 * ```ts
 * const token = await untilAborted(tokens.accessToken("12345"), signal);
 * ```
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The promise was started (a fetch stand-in can abort the caller while it runs) and
    // will settle unwatched: its failure must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
