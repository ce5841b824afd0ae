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
import type { ApplyCounts, BatchTrack, Chunk, RecordId, RowFilter } from "../_table-ops.js";
import type { StoredRow } from "../store.js";
import { StoreError } from "../store-error.js";
import { type Queryable, query } from "./_pg-query.js";

const SIGNAL =
  "sampling_frequency, wearposition, heart_rate, model, sample_count, sample_format, samples";

/**
 * ECG signals in PostgreSQL: one row per recording, its samples packed in a BYTEA as in
 * SQLite, read and written as the per-sample rows of `toRows("ecg_signal")`. A batch holds a
 * few recordings, so each is compared and written with a statement of its own.
 */
export class PgSignalTable {
  async upsert(
    db: Queryable,
    userId: string,
    _dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    if (rows.length === 0) return;
    for (const [signalid, { constants, samples }] of groupSignals(
      rows as unknown as readonly LooseRow[],
    )) {
      if (track.wantPresent) track.present.add(signalid);
      const { format, bytes } = encodeSamples(samples);
      const found = await query<StoredSignal>(
        db,
        `SELECT ${SIGNAL} FROM ecg_signals WHERE user_id = $1 AND signalid = $2`,
        [userId, signalid],
      );
      if (!countSignalChange(found.rows[0], constants, samples, format, bytes, counts)) continue;
      if (track.wantTouched) track.touched.add(signalid);
      await query(
        db,
        `INSERT INTO ecg_signals (user_id, signalid, ${SIGNAL}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (user_id, signalid) DO UPDATE SET sampling_frequency = excluded.sampling_frequency,
           wearposition = excluded.wearposition, heart_rate = excluded.heart_rate, model = excluded.model,
           sample_count = excluded.sample_count, sample_format = excluded.sample_format, samples = excluded.samples`,
        [
          userId,
          signalid,
          constants.sampling_frequency,
          constants.wearposition,
          constants.heart_rate,
          constants.model,
          samples.length,
          format,
          bytes,
        ],
      );
    }
  }

  recordId(key: unknown): RecordId | undefined {
    const signalid = typeof key === "string" && /^-?\d{1,16}$/.test(key) ? Number(key) : Number.NaN;
    return Number.isSafeInteger(signalid) ? signalid : undefined;
  }

  async #deleteSignals(
    db: Queryable,
    userId: string,
    signalids: readonly number[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    if (signalids.length === 0) return;
    const gone = await query<{ signalid: number; sample_count: number }>(
      db,
      "DELETE FROM ecg_signals WHERE user_id = $1 AND signalid = ANY($2::int8[]) RETURNING signalid, sample_count",
      [userId, signalids],
    );
    for (const { signalid, sample_count } of gone.rows) {
      counts.deleted += sample_count;
      if (track.wantTouched) track.touched.add(signalid);
    }
  }

  async delete(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    const ids: number[] = [];
    for (const key of keys) {
      const signalid = this.recordId(key);
      if (signalid === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${dataset}: ${JSON.stringify(key)} is not a signalid`,
        );
      }
      ids.push(signalid as number);
    }
    await this.#deleteSignals(db, userId, ids, counts, track);
  }

  async complete(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    const keys = await this.recordKeys(db, userId, dataset, from, to);
    const gone = keys.map(Number).filter((signalid) => !track.present.has(signalid));
    await this.#deleteSignals(db, userId, gone, counts, track);
  }

  async recordKeys(
    db: Queryable,
    userId: string,
    _dataset: SyncDataset,
    from: number,
    to: number,
  ): Promise<string[]> {
    // Placed at its recording's time (the ecg table), like SQLite's.
    const { rows } = await query<{ key: string }>(
      db,
      `SELECT CAST(s.signalid AS TEXT) AS key FROM ecg_signals s WHERE s.user_id = $1
         AND EXISTS (SELECT 1 FROM ecg e WHERE e.user_id = s.user_id AND e.signalid = s.signalid AND e.at >= $2 AND e.at < $3)
       ORDER BY s.signalid`,
      [userId, from, to],
    );
    return rows.map((r) => r.key);
  }

  async count(db: Queryable, userId: string | undefined): Promise<number> {
    const { rows } = await query<{ n: number }>(
      db,
      `SELECT coalesce(sum(sample_count), 0)::int8 AS n FROM ecg_signals${userId === undefined ? "" : " WHERE user_id = $1"}`,
      userId === undefined ? [] : [userId],
    );
    return rows[0]?.n ?? 0;
  }

  async chunk(
    db: Queryable,
    filter: RowFilter,
    after: readonly unknown[] | undefined,
    limit: number,
  ): Promise<Chunk> {
    const values: unknown[] = [];
    const next = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    let where = "WHERE true";
    if (filter.userId !== undefined) where += ` AND s.user_id = ${next(filter.userId)}`;
    if (filter.from !== undefined || filter.to !== undefined) {
      const [from, to] = bounds(filter.from, filter.to);
      where += ` AND EXISTS (SELECT 1 FROM ecg e WHERE e.user_id = s.user_id AND e.signalid = s.signalid AND e.at >= ${next(from)} AND e.at < ${next(to)})`;
    }
    if (after !== undefined) {
      where +=
        filter.userId === undefined
          ? ` AND (s.user_id, s.signalid) > (${next(after[0])}, ${next(after[1])})`
          : ` AND s.signalid > ${next(after[1])}`;
    }
    // A recording is ~9,000 rows: page by a few recordings, not by `limit` of them.
    const recordings = Math.max(1, Math.ceil(limit / 1000));
    const { rows: signals } = await query<StoredSignal & { user_id: string; signalid: number }>(
      db,
      `SELECT s.user_id, s.signalid, ${SIGNAL.split(", ")
        .map((c) => `s.${c}`)
        .join(
          ", ",
        )} FROM ecg_signals s ${where} ORDER BY s.user_id, s.signalid LIMIT ${next(recordings)}`,
      values,
    );
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
