import type { SyncProgress } from "@withings-kit/sync";
import type { CliOutput } from "../cli-io.js";
import { progressDetail } from "./progress-detail.js";
import type { SyncProgressView } from "./sync-progress-view.js";

/**
 * Progress as plain lines, for logs and pipes where bars would be noise: a line when a
 * dataset ends, and every quarter of the way through the long day-by-day datasets.
 *
 * @example
 * ```ts
 * const view = new LineProgressView(process.stderr);
 * ```
 */
export class LineProgressView implements SyncProgressView {
  readonly #stream: CliOutput;
  readonly #quarters = new Map<string, number>();

  constructor(stream: CliOutput) {
    this.#stream = stream;
  }

  update(progress: SyncProgress): void {
    const { userId, dataset, phase } = progress;
    if (phase === "done" || phase === "error") {
      const outcome = phase === "done" ? "done" : "failed";
      this.#stream.write(
        `user ${userId} ${dataset}: ${outcome}, ${progress.rows} rows written (${progressDetail(progress)})\n`,
      );
      return;
    }
    if (phase === "detail" && progress.total !== undefined && progress.total >= 20) {
      const key = `${userId} ${dataset}`;
      const quarter = Math.floor((4 * progress.pages) / progress.total);
      if (quarter > (this.#quarters.get(key) ?? 0) && quarter < 4) {
        this.#quarters.set(key, quarter);
        this.#stream.write(`user ${userId} ${dataset}: ${progressDetail(progress)}\n`);
      }
    }
  }

  stop(): void {}
}
