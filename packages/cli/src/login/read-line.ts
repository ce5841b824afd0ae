import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/**
 * Reads one line from a stream (the pasted redirect URL), without echoing anything.
 * Resolves `undefined` when the stream ends first.
 *
 * @example
 * ```ts
 * const pasted = await readLine(process.stdin, signal);
 * ```
 */
export function readLine(input: Readable, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let answered = false;
    const onAbort = (): void => {
      rl.close();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    rl.once("line", (line) => {
      answered = true;
      signal?.removeEventListener("abort", onAbort);
      rl.close();
      resolve(line);
    });
    rl.once("close", () => {
      signal?.removeEventListener("abort", onAbort);
      if (!answered) resolve(undefined);
    });
  });
}
