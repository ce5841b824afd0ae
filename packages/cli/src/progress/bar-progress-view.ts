import type { SyncDataset, SyncProgress } from "@withings-kit/sync";
import cliProgress from "cli-progress";
import type { CliOutput } from "../cli-io.js";
import { progressDetail } from "./progress-detail.js";
import type { SyncProgressView } from "./sync-progress-view.js";

interface UserBar {
  readonly bar: cliProgress.SingleBar;
  /** Rows written by the user's finished datasets. */
  finishedRows: number;
}

/**
 * Progress bars on a terminal (cli-progress multibar): one bar per user, filling dataset by
 * dataset (and within the datasets fetched day by day), with the dataset in progress, how
 * far it is and the rows written so far.
 *
 * @example
 * ```ts
 * const view = new BarProgressView(process.stderr, SYNC_DATASETS);
 * ```
 */
export class BarProgressView implements SyncProgressView {
  readonly #multi: cliProgress.MultiBar;
  readonly #datasets: readonly SyncDataset[];
  readonly #users = new Map<string, UserBar>();

  constructor(stream: CliOutput, datasets: readonly SyncDataset[]) {
    this.#datasets = datasets;
    this.#multi = new cliProgress.MultiBar({
      stream,
      format: " {user} {bar} {step}/{steps} {dataset} {detail} | {rows} rows",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // The CLI handles Ctrl-C itself (the sync stops between requests), then stops the bars.
      gracefulExit: false,
      fps: 10,
    });
  }

  update(progress: SyncProgress): void {
    let user = this.#users.get(progress.userId);
    if (user === undefined) {
      const bar = this.#multi.create(this.#datasets.length, 0, this.#payload(progress, 0));
      user = { bar, finishedRows: 0 };
      this.#users.set(progress.userId, user);
    }
    const index = Math.max(0, this.#datasets.indexOf(progress.dataset));
    const finished = progress.phase === "done" || progress.phase === "error";
    const within =
      progress.total !== undefined && progress.total > 0
        ? Math.min(1, progress.pages / progress.total)
        : 0;
    const rows = user.finishedRows + progress.rows;
    if (finished) user.finishedRows = rows;
    user.bar.update(finished ? index + 1 : index + within, this.#payload(progress, rows));
  }

  stop(): void {
    this.#multi.stop();
  }

  #payload(progress: SyncProgress, rows: number): Record<string, string> {
    const index = this.#datasets.indexOf(progress.dataset);
    return {
      user: progress.userId,
      step: String(index + 1),
      steps: String(this.#datasets.length),
      dataset: progress.dataset,
      detail: progress.phase === "error" ? "failed" : progressDetail(progress),
      rows: rows.toLocaleString("en-US"),
    };
  }
}
