/**
 * How the sandbox clock moves.
 * - `realtime`: now is the real time plus an offset that `set`/`advance` change; `sleep` waits
 *   for real. The server's default.
 * - `virtual`: now moves only through `set`, `advance` and sleeps, which complete at once in
 *   simulated time (discrete-event). For tests.
 *
 * @example
 * ```ts
 * const mode: ClockMode = "virtual";
 * ```
 */
export type ClockMode = "realtime" | "virtual";
