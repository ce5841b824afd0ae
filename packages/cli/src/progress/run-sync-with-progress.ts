import type { WithingsClient } from "@withings-kit/client";
import { redact } from "@withings-kit/client/internal";
import {
  createSyncEngine,
  type RequestMeter,
  type Store,
  type SyncDataset,
  type SyncReport,
  type SyncRunOptions,
} from "@withings-kit/sync";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { syncFailure } from "../errors/sync-failure.js";
import { EXIT_CODES } from "../exit-codes.js";
import { redactUrlCredentials } from "../output/redact-url-credentials.js";
import { createProgressView } from "./create-progress-view.js";

/** What {@link runSyncWithProgress} needs from a command. */
export interface SyncWithProgressOptions {
  readonly ctx: CommandContext;
  readonly client: WithingsClient;
  readonly store: Store;
  readonly meter: RequestMeter;
  readonly datasets: readonly SyncDataset[];
  /** JSON lines instead of bars or plain lines. */
  readonly json: boolean;
  /** The run: users, `since`, `reconcileDays` (datasets and the signal are filled in). */
  readonly run: Omit<SyncRunOptions, "datasets" | "signal">;
}

/**
 * Runs the sync engine with the progress view the terminal calls for (bars, plain lines or
 * JSON), and stops the view however the run ends. Shared by `withings sync` and
 * `withings demo`, so both show progress alike.
 *
 * @example
 * ```ts
 * const report = await runSyncWithProgress({
 *   ctx, client, store: db.store, meter, datasets: SYNC_DATASETS, json: false,
 *   run: { users: ["12345"] },
 * });
 * ```
 */
export async function runSyncWithProgress(options: SyncWithProgressOptions): Promise<SyncReport> {
  const { ctx, datasets } = options;
  const { io } = ctx;
  const view = createProgressView({ json: options.json, io, datasets });
  const engine = createSyncEngine({
    client: options.client,
    store: options.store,
    meter: options.meter,
    onProgress: (progress) => view.update(progress),
  });
  let report: SyncReport;
  try {
    report = await engine.run({
      ...options.run,
      datasets,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  } finally {
    view.stop();
  }
  return report;
}

/**
 * Throws the CLI error of an interrupted or failed sync, printing the failure's lines
 * (redacted) first; returns quietly when the run succeeded.
 *
 * @example
 * ```ts
 * printSummary(report);
 * throwIfSyncFailed(ctx, report, "sync interrupted; what was committed is kept");
 * ```
 */
export function throwIfSyncFailed(
  ctx: CommandContext,
  report: SyncReport,
  interruptedMessage: string,
): void {
  if (ctx.io.signal?.aborted) throw new CliError(EXIT_CODES.INTERRUPTED, interruptedMessage);
  const failure = syncFailure(report);
  if (failure === undefined) return;
  for (const line of failure.lines) {
    ctx.io.stderr.write(redactUrlCredentials(redact(`withings: ${line}\n`, [...ctx.secrets])));
  }
  throw failure.error;
}
