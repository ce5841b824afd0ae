import type { SyncProgress } from "@withings-kit/sync";

/**
 * Shows a sync's progress events: bars on a terminal, lines in a log, JSON for programs.
 *
 * @example
 * ```ts
 * const view: SyncProgressView = createProgressView({ json: false, io, datasets });
 * createSyncEngine({ client, store, onProgress: (p) => view.update(p) });
 * ```
 */
export interface SyncProgressView {
  update(progress: SyncProgress): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}
