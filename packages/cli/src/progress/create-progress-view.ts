import type { SyncDataset } from "@withings-kit/sync";
import type { CliIo } from "../cli-io.js";
import { BarProgressView } from "./bar-progress-view.js";
import { JsonProgressView } from "./json-progress-view.js";
import { LineProgressView } from "./line-progress-view.js";
import type { SyncProgressView } from "./sync-progress-view.js";

/**
 * Picks how progress is shown: JSON lines on stdout with `--json`, bars when stderr is a
 * terminal, plain lines on stderr otherwise (CI logs, pipes, tests).
 *
 * @example
 * ```ts
 * const view = createProgressView({ json: flags.json, io, datasets: SYNC_DATASETS });
 * ```
 */
export function createProgressView(options: {
  readonly json: boolean;
  readonly io: CliIo;
  readonly datasets: readonly SyncDataset[];
}): SyncProgressView {
  if (options.json) return new JsonProgressView(options.io.stdout);
  if (options.io.stderr.isTTY === true) {
    return new BarProgressView(options.io.stderr, options.datasets);
  }
  return new LineProgressView(options.io.stderr);
}
