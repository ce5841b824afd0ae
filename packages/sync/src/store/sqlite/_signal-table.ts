import type BetterSqlite3 from "better-sqlite3";
import type { SyncDataset } from "../../sync-dataset.js";
import {
  countSignalChange,
  encodeSamples,
  expandSignals,
  groupSignals,
  type StoredSignal,
} from "../_signal-codec.js";
import { bounds } from "../_sql.js";
import type { LooseRow } from "../_store-tables.js";
import type {
  ApplyCounts,
  BatchTrack,
  Chunk,
  RecordId,
  RowFilter,
  TableOps,
} from "../_table-ops.js";
import type { StoredRow } from "../store.js";
import { StoreError } from "../store-error.js";
import { distinctUsers } from "./_distinct-users.js";

/**
 * ECG signals, one SQL row per recording with its samples in one BLOB (migration 0001
 * explains why), read and written as the per-sample rows of `toRows("ecg_signal")` plus
 * their `signalid`. Counts are in sample rows, like every other dataset.
 */
export class SignalTable implements TableOps {
  readonly #db: BetterSqlite3.Database;
  readonly #find: BetterSqlite3.Statement;
  readonly #write: BetterSqlite3.Statement;
  readonly #delete: BetterSqlite3.Statement;
  readonly #selects = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#find = db.prepare(
      "SELECT sampling_frequency, wearposition, heart_rate, model, sample_count, sample_format, samples FROM ecg_signals WHERE user_id = ? AND signalid = ?",
    );
    this.#write = db.prepare(
      `INSERT INTO ecg_signals (user_id, signalid, sampling_frequency, wearposition, heart_rate, model, sample_count, sample_format, samples)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, signalid) DO UPDATE SET sampling_frequency = excluded.sampling_frequency,
         wearposition = excluded.wearposition, heart_rate = excluded.heart_rate, model = excluded.model,
         sample_count = excluded.sample_count, sample_format = excluded.sample_format, samples = excluded.samples`,
    );
    this.#delete = db.prepare(
      "DELETE FROM ecg_signals WHERE user_id = ? AND signalid = ? RETURNING sample_count",
    );
  }

  upsert(
    userId: string,
    _dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void {
    if (rows.length === 0) return;
    for (const [signalid, { constants, samples }] of groupSignals(
      rows as unknown as readonly LooseRow[],
    )) {
      if (track.wantPresent) track.present.add(signalid);
      const { format, bytes } = encodeSamples(samples);
      const old = this.#find.get(userId, signalid) as StoredSignal | undefined;
      if (!countSignalChange(old, constants, samples, format, bytes, counts)) continue;
      // Stored bytes differ, so some sample row was added, changed or deleted.
      if (track.wantTouched) track.touched.add(signalid);
      this.#write.run(
        userId,
        signalid,
        constants.sampling_frequency,
        constants.wearposition,
        constants.heart_rate,
        constants.model,
        samples.length,
        format,
        bytes,
      );
    }
  }

  recordId(key: unknown): RecordId | undefined {
    const signalid = typeof key === "string" && /^-?\d{1,16}$/.test(key) ? Number(key) : Number.NaN;
    return Number.isSafeInteger(signalid) ? signalid : undefined;
  }

  #deleteSignal(userId: string, signalid: number, counts: ApplyCounts, track: BatchTrack): void {
    const gone = this.#delete.all(userId, signalid) as { sample_count: number }[];
    for (const { sample_count } of gone) counts.deleted += sample_count;
    if (gone.length > 0 && track.wantTouched) track.touched.add(signalid);
  }

  delete(
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void {
    for (const key of keys) {
      const signalid = this.recordId(key);
      if (signalid === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${dataset}: ${JSON.stringify(key)} is not a signalid`,
        );
      }
      this.#deleteSignal(userId, signalid as number, counts, track);
    }
  }

  complete(
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
    counts: ApplyCounts,
    track: BatchTrack,
  ): void {
    for (const key of this.recordKeys(userId, dataset, from, to)) {
      const signalid = Number(key);
      if (!track.present.has(signalid)) this.#deleteSignal(userId, signalid, counts, track);
    }
  }

  recordKeys(userId: string, _dataset: SyncDataset, from: number, to: number): string[] {
    // A signal has no time of its own: it is placed at its recording's (the ecg table), and
    // a signal whose recording is not stored is in no range.
    return this.#db
      .prepare(
        `SELECT CAST(s.signalid AS TEXT) FROM ecg_signals s WHERE s.user_id = ?
           AND EXISTS (SELECT 1 FROM ecg e WHERE e.user_id = s.user_id AND e.signalid = s.signalid AND e.at >= ? AND e.at < ?)
         ORDER BY s.signalid`,
      )
      .pluck()
      .all(userId, from, to) as string[];
  }

  count(userId: string | undefined): number {
    const statement = this.#db
      .prepare(
        `SELECT coalesce(sum(sample_count), 0) FROM ecg_signals${userId === undefined ? "" : " WHERE user_id = ?"}`,
      )
      .pluck();
    return (userId === undefined ? statement.get() : statement.get(userId)) as number;
  }

  users(): string[] {
    return distinctUsers(this.#db, "ecg_signals");
  }

  chunk(filter: RowFilter, after: readonly unknown[] | undefined, limit: number): Chunk {
    const ranged = filter.from !== undefined || filter.to !== undefined;
    const variant = `${filter.userId !== undefined}|${ranged}|${after !== undefined}`;
    let statement = this.#selects.get(variant);
    if (statement === undefined) {
      let where = "WHERE 1";
      if (filter.userId !== undefined) where += " AND s.user_id = ?";
      if (ranged) {
        where +=
          " AND EXISTS (SELECT 1 FROM ecg e WHERE e.user_id = s.user_id AND e.signalid = s.signalid AND e.at >= ? AND e.at < ?)";
      }
      if (after !== undefined) {
        where +=
          filter.userId === undefined
            ? " AND (s.user_id, s.signalid) > (?, ?)"
            : " AND s.signalid > ?";
      }
      statement = this.#db.prepare(
        `SELECT s.user_id, s.signalid, s.sampling_frequency, s.wearposition, s.heart_rate, s.model, s.sample_count, s.sample_format, s.samples
         FROM ecg_signals s ${where} ORDER BY s.user_id, s.signalid LIMIT ?`,
      );
      this.#selects.set(variant, statement);
    }
    const params: unknown[] = [];
    if (filter.userId !== undefined) params.push(filter.userId);
    if (ranged) params.push(...bounds(filter.from, filter.to));
    if (after !== undefined) params.push(...(filter.userId === undefined ? after : after.slice(1)));
    // A recording is ~9,000 rows: page by a few recordings, not by `limit` of them.
    const recordings = Math.max(1, Math.ceil(limit / 1000));
    params.push(recordings);
    const signals = [
      ...(statement.iterate(params) as IterableIterator<
        StoredSignal & { user_id: string; signalid: number }
      >),
    ];
    const tail = signals.at(-1);
    return {
      rows: expandSignals(signals),
      last:
        signals.length < recordings || tail === undefined
          ? undefined
          : [tail.user_id, tail.signalid],
    };
  }
}
