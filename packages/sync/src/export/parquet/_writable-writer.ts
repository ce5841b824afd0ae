import type { Writable } from "node:stream";
import { ByteWriter } from "hyparquet-writer";
import { StoreError } from "../../store/store-error.js";

/**
 * hyparquet-writer's byte sink, draining into a Node `Writable`. The Parquet writer calls
 * `flush` after each row group it completes and `finish` after the footer; each hands the
 * bytes gathered since the last one to the writable as one chunk and waits for `drain` when
 * the writable says it is full. The buffer is then reused from its start, so memory holds
 * at most one encoded row group however many the file has.
 */
export class WritableWriter extends ByteWriter {
  /** Bytes handed to the writable so far. */
  written = 0;
  private failure: unknown;
  private readonly onError = (error: unknown): void => {
    this.failure ??= error;
  };

  private readonly out: Writable;
  private readonly dataset: string;

  constructor(out: Writable, dataset: string) {
    super(64 * 1024);
    this.out = out;
    this.dataset = dataset;
    // Kept for the whole export: an `error` between two writes would otherwise be unhandled.
    out.on("error", this.onError);
  }

  /** Stops listening to the writable; call once the export is over, however it ended. */
  release(): void {
    this.out.off("error", this.onError);
  }

  /** Throws `STORE_IO` when the writable failed or closed under the export. */
  check(): void {
    if (this.failure !== undefined) throw outputFailed(this.dataset, this.failure);
    if (this.out.destroyed || this.out.writableEnded) throw closedEarly(this.dataset);
  }

  flush(): Promise<void> {
    return this.push();
  }

  override finish(): Promise<void> {
    return this.push();
  }

  private async push(): Promise<void> {
    this.check();
    if (this.index === 0) return;
    // A copy: the writable may keep the chunk queued while the next row group is encoded
    // into the same buffer.
    const chunk = Buffer.from(this.getBytes());
    this.index = 0;
    this.written += chunk.length;
    if (!this.out.write(chunk)) await drained(this.out, this.dataset);
    this.check();
  }
}

function outputFailed(dataset: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return new StoreError(
    "STORE_IO",
    `parquet export ${dataset}: the output failed${typeof code === "string" ? ` (${code})` : ""}`,
    { cause: error },
  );
}

function closedEarly(dataset: string): StoreError {
  return new StoreError(
    "STORE_IO",
    `parquet export ${dataset}: the output closed before the export finished`,
  );
}

/** Resolves on `drain`; rejects if the writable errors or closes first. */
function drained(out: Writable, dataset: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.off("drain", onDrain);
      out.off("error", onError);
      out.off("close", onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(outputFailed(dataset, error));
    };
    const onClose = (): void => {
      cleanup();
      reject(closedEarly(dataset));
    };
    out.on("drain", onDrain);
    out.on("error", onError);
    out.on("close", onClose);
  });
}
