import { invalidRow } from "./_sql.js";
import type { LooseRow } from "./_store-tables.js";
import type { ApplyCounts } from "./_table-ops.js";
import { datasetTables } from "./dataset-tables.js";
import type { StoredRow } from "./store.js";

// An ECG signal is stored as one row per recording with its samples packed in one binary
// cell (SQLite migration 0001 explains why); both stores share the packing.

export type Format = "i32le" | "f64le";

/** The per-recording cells every sample row repeats. */
export interface Constants {
  readonly sampling_frequency: number | null;
  readonly wearposition: number | null;
  readonly heart_rate: number | null;
  readonly model: number | null;
}

const CONSTANTS = ["sampling_frequency", "wearposition", "heart_rate", "model"] as const;

export interface StoredSignal extends Constants {
  readonly sample_count: number;
  readonly sample_format: Format;
  readonly samples: Uint8Array;
}

const KNOWN = new Set(datasetTables.ecg_signal.columns.map((c) => c.key));
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export function encodeSamples(samples: readonly number[]): { format: Format; bytes: Buffer } {
  // µV samples are integers (heart get), so int32 halves the size of float64; anything
  // else still round-trips exactly as float64.
  const int32 = samples.every((s) => Number.isInteger(s) && s >= INT32_MIN && s <= INT32_MAX);
  const width = int32 ? 4 : 8;
  const bytes = Buffer.allocUnsafe(samples.length * width);
  for (let i = 0; i < samples.length; i++) {
    if (int32) bytes.writeInt32LE(samples[i] as number, i * 4);
    else bytes.writeDoubleLE(samples[i] as number, i * 8);
  }
  return { format: int32 ? "i32le" : "f64le", bytes };
}

/** Reads sample `i` of a stored signal. */
export function sampleReader(signal: StoredSignal): (index: number) => number {
  const view = new DataView(
    signal.samples.buffer,
    signal.samples.byteOffset,
    signal.samples.byteLength,
  );
  return signal.sample_format === "i32le"
    ? (i) => view.getInt32(i * 4, true)
    : (i) => view.getFloat64(i * 8, true);
}

export function sameConstants(a: Constants, b: Constants): boolean {
  return CONSTANTS.every((k) => a[k] === b[k]);
}

function nullableNumber(row: LooseRow, key: string, index: number): number | null {
  const value = row[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw invalidRow("ecg_signal", index, `\`${key}\` must be a number`);
  }
  return value;
}

/** Groups the sample rows of a batch by recording, checking each forms a whole signal. */
export function groupSignals(
  rows: readonly LooseRow[],
): Map<number, { constants: Constants; samples: number[] }> {
  const groups = new Map<number, { constants: Constants; samples: number[]; seen: number }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) throw invalidRow("ecg_signal", i, "not an object");
    if (i === 0) {
      for (const key of Object.keys(row)) {
        if (!KNOWN.has(key))
          throw invalidRow("ecg_signal", i, `column \`${key}\` is not in the ecg_signals table`);
      }
    }
    const signalid = row["signalid"];
    if (typeof signalid !== "number" || !Number.isSafeInteger(signalid)) {
      throw invalidRow(
        "ecg_signal",
        i,
        "`signalid` must be an integer (heart get answers carry none: add the recording's signalid to each row)",
      );
    }
    const index = row["index"];
    const microvolts = row["microvolts"];
    if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0) {
      throw invalidRow("ecg_signal", i, "`index` must be a non-negative integer");
    }
    if (typeof microvolts !== "number" || Number.isNaN(microvolts)) {
      throw invalidRow("ecg_signal", i, "`microvolts` must be a number");
    }
    const constants: Constants = {
      sampling_frequency: nullableNumber(row, "sampling_frequency", i),
      wearposition: nullableNumber(row, "wearposition", i),
      heart_rate: nullableNumber(row, "heart_rate", i),
      model: nullableNumber(row, "model", i),
    };
    let group = groups.get(signalid);
    if (group === undefined) {
      group = { constants, samples: [], seen: 0 };
      groups.set(signalid, group);
    } else if (!sameConstants(group.constants, constants)) {
      throw invalidRow(
        "ecg_signal",
        i,
        `the rows of signal ${signalid} disagree on its recording fields`,
      );
    }
    if (group.samples[index] !== undefined) {
      throw invalidRow("ecg_signal", i, `signal ${signalid} has index ${index} twice`);
    }
    group.samples[index] = microvolts;
    group.seen++;
  }
  for (const [signalid, group] of groups) {
    // `offsetSeconds` is index ÷ frequency, recomputed on read: only a whole signal
    // (indices 0…n−1) can be stored as one array.
    if (group.seen !== group.samples.length) {
      throw invalidRow(
        "ecg_signal",
        0,
        `signal ${signalid} is incomplete: a batch must hold every sample of a signal`,
      );
    }
  }
  return groups;
}

/** The sample rows of some stored signals, made one at a time as they are consumed. */
export function* expandSignals(
  signals: readonly (StoredSignal & { signalid: number })[],
): Generator<StoredRow> {
  for (const signal of signals) {
    const hz = signal.sampling_frequency;
    const sample = sampleReader(signal);
    for (let index = 0; index < signal.sample_count; index++) {
      yield {
        signalid: signal.signalid,
        index,
        // The same expression as `toRows`, so the double is bit-identical.
        offsetSeconds: hz === null ? null : index / hz,
        microvolts: sample(index),
        sampling_frequency: hz,
        wearposition: signal.wearposition,
        heart_rate: signal.heart_rate,
        model: signal.model,
      } as StoredRow;
    }
  }
}

/**
 * Adds to `counts` what writing a signal over the stored one changes, in sample rows, and
 * says whether anything did (the bytes must be written).
 */
export function countSignalChange(
  old: StoredSignal | undefined,
  constants: Constants,
  samples: readonly number[],
  format: Format,
  bytes: Buffer,
  counts: ApplyCounts,
): boolean {
  if (old === undefined) {
    counts.added += samples.length;
    return true;
  }
  const same =
    sameConstants(old, constants) &&
    old.sample_format === format &&
    old.sample_count === samples.length &&
    Buffer.compare(Buffer.from(old.samples), bytes) === 0;
  if (same) return false;
  const common = Math.min(old.sample_count, samples.length);
  if (!sameConstants(old, constants)) counts.changed += common;
  else {
    const sample = sampleReader(old);
    for (let i = 0; i < common; i++) if (sample(i) !== samples[i]) counts.changed++;
  }
  counts.added += Math.max(0, samples.length - old.sample_count);
  counts.deleted += Math.max(0, old.sample_count - samples.length);
  return true;
}
