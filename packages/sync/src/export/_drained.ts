import type { Writable } from "node:stream";

/**
 * Resolves on the writable's `drain`; rejects with its error, or with `closed()` when it
 * closes first, so that an export never waits for ever on an output that went away.
 */
export function drained(writable: Writable, closed: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      writable.off("drain", onDrain);
      writable.off("error", onError);
      writable.off("close", onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(closed());
    };
    writable.on("drain", onDrain);
    writable.on("error", onError);
    writable.on("close", onClose);
  });
}
