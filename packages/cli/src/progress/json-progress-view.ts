import type { SyncProgress } from "@withings-kit/sync";
import type { CliOutput } from "../cli-io.js";
import type { SyncProgressView } from "./sync-progress-view.js";

/**
 * Progress as JSON lines (`--json`): `{"type":"progress", "userId", "dataset", "phase",
 * "pages", "rows", "total"?}` per event, for programs driving the CLI.
 *
 * @example
 * ```ts
 * const view = new JsonProgressView(process.stdout);
 * ```
 */
export class JsonProgressView implements SyncProgressView {
  readonly #stream: CliOutput;

  constructor(stream: CliOutput) {
    this.#stream = stream;
  }

  update(progress: SyncProgress): void {
    this.#stream.write(`${JSON.stringify({ type: "progress", ...progress })}\n`);
  }

  stop(): void {}
}
