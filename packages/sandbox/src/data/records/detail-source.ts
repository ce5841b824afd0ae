import type { HeartSignalBody, IntradaySample, SleepSegment } from "@withings-kit/client";
import type { DayBatch } from "./day-batch.js";
import type { TableEntry } from "./record-table.js";
import type { StoredDevice, StoredEcg } from "./stored-records.js";
import type { UserRecords } from "./user-records.js";

/**
 * Where a user's data comes from beyond the stored daily records: the synthetic generator
 * (new days as time moves on; intraday, sleep detail and ECG signals derived on demand from
 * the seed) or a set of recorded answers (everything as captured).
 *
 * @example
 * ```ts
 * const source: DetailSource = new SyntheticSource(person);
 * const store = new UserDataStore({ calendar, source, firstDay: person.firstDay, goals: null });
 * ```
 */
export interface DetailSource {
  /** The body `model` of sleep-get answers (16 tracker, 32 sleep monitor); `undefined` leaves it out. */
  readonly sleepModel: number | undefined;

  /**
   * The records of local days [from, to], each list sorted (synthetic users only; a source
   * without it has all its records loaded from the start).
   */
  generateDays?(from: number, to: number): DayBatch;

  /** Intraday samples with a time in [start, end], visible at `now`, in time order, with every field. */
  intraday(
    records: UserRecords,
    start: number,
    end: number,
    now: number,
  ): [number, IntradaySample][];

  /**
   * Sleep segments starting in [start, end], visible at `now`, in time order, with at least
   * the keyed series named in `fields` (the answer drops any others).
   */
  sleepSegments(
    records: UserRecords,
    start: number,
    end: number,
    now: number,
    fields: ReadonlySet<string>,
  ): SleepSegment[];

  /** The signal of a visible heart-list recording. */
  signal(records: UserRecords, entry: TableEntry<StoredEcg>): HeartSignalBody;

  /** A device as getdevice answers it at `now` (battery and last session can change with time). */
  device(records: UserRecords, entry: TableEntry<StoredDevice>, now: number): StoredDevice;
}
