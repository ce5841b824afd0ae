import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { StoreError } from "../../store/store-error.js";
import { drained } from "../_drained.js";
import { entryUrn } from "./_fhir-id.js";
import type { FhirResource } from "./fhir-resources.js";

// Resources are joined into strings of about this size before each write, as exportRows
// does: a write per resource costs a stream round trip each, one string holds everything.
const FLUSH_AT = 64 * 1024;

/**
 * Writes resources as NDJSON lines or as the entries of a transaction Bundle, incrementally:
 * nothing but the pending ~64 KiB is held, and a full writable is waited for (`drain`).
 */
export class FhirWriter {
  readonly #out: Writable;
  readonly #bundle: boolean;
  #pending = "";
  #entries = 0;
  #failure: unknown;
  readonly #onError = (error: unknown): void => {
    this.#failure ??= error;
  };
  bytes = 0;
  resources = 0;

  constructor(out: Writable, bundle: boolean) {
    this.#out = out;
    this.#bundle = bundle;
    out.on("error", this.#onError);
    if (bundle) this.#pending = '{"resourceType":"Bundle","type":"transaction"';
  }

  async write(resource: FhirResource): Promise<void> {
    if (this.#bundle) {
      const entry = {
        fullUrl: entryUrn(resource.resourceType, resource.id),
        resource,
        // PUT to the resource's own id: importing the export again updates, never duplicates.
        request: { method: "PUT", url: `${resource.resourceType}/${resource.id}` },
      };
      // FHIR JSON has no empty arrays: `entry` opens with the first entry.
      this.#pending += `${this.#entries === 0 ? ',"entry":[\n' : ",\n"}${JSON.stringify(entry)}`;
      this.#entries++;
    } else {
      this.#pending += `${JSON.stringify(resource)}\n`;
    }
    this.resources++;
    if (this.#pending.length >= FLUSH_AT) await this.#flush();
  }

  /** Closes the Bundle, flushes, and ends the writable unless `end` is false. */
  async finish(end: boolean): Promise<void> {
    if (this.#bundle) this.#pending += this.#entries === 0 ? "}\n" : "\n]}\n";
    await this.#flush();
    if (end) {
      this.#out.end();
      await finished(this.#out);
    }
  }

  release(): void {
    this.#out.off("error", this.#onError);
  }

  async #flush(): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const out = this.#out;
    if (out.destroyed || out.writableEnded) throw closedEarly();
    if (this.#pending === "") return;
    const chunk = this.#pending;
    this.#pending = "";
    this.bytes += Buffer.byteLength(chunk, "utf8");
    if (!out.write(chunk)) await drained(out, closedEarly);
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function closedEarly(): StoreError {
  return new StoreError("STORE_IO", "export fhir: the output closed before the export finished");
}
