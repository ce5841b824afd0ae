import type BetterSqlite3 from "better-sqlite3";
import type { SyncDataset } from "../../sync-dataset.js";
import { nextOccurrence, RowEncoder } from "../_row-encoder.js";
import { bounds, invalidRow, q } from "../_sql.js";
import type { LooseRow, StoreTable } from "../_store-tables.js";
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

// Cell kinds as small ints: the encoder's inner loop switches on them for every cell.
const NUMBER = 0;
const TEXT = 1;
const BOOLEAN = 2;

/**
 * What an upsert keeps of one record of a multi-row dataset while it writes: how many rows
 * the batch has for it, the values its occurrences are counted by (measures), or the
 * distinct keys of its rows (sleep, where a batch may repeat a row). Not the rows
 * themselves: keeping every encoded row until the end of a 16k-row page costs more in
 * garbage collection than the writes.
 */
interface BatchRecord {
  readonly id: RecordId;
  readonly keyValues: readonly unknown[];
  size: number;
  touched: boolean;
  readonly among: unknown[] | undefined;
  readonly within: Set<string> | undefined;
}

/** The statements that address one record, or the records of a range, in one scope. */
interface RecordStatements {
  readonly count: BetterSqlite3.Statement;
  readonly countMany: BetterSqlite3.Statement;
  readonly within: BetterSqlite3.Statement;
  readonly deleteRecord: BetterSqlite3.Statement;
  readonly inRange: BetterSqlite3.Statement;
}

function idOfValues(values: readonly unknown[]): RecordId {
  return values.length === 1 ? (values[0] as RecordId) : values.map(String).join("|");
}

interface WriteStatements {
  readonly insertNew: BetterSqlite3.Statement;
  readonly updateChanged: BetterSqlite3.Statement;
  readonly deleteRow: BetterSqlite3.Statement | undefined;
}

/**
 * A dataset table with one SQL row per `toRows` row. Writes go through two cached prepared
 * statements (the hot path of a sync); reads page by keyset so no statement stays open
 * between two pages (an open better-sqlite3 iterator blocks every write on the connection).
 *
 * An upsert writes each record whole. Where a record is one row, the upsert alone does it;
 * where it spans rows (measures, sleep), every row of the batch is stored once it is
 * written, so one count of the stored rows of the batch's records tells whether any stored
 * row is missing from the batch; only then are the records counted one by one and their
 * extra rows deleted. A backfill pays one indexed count per page beyond the inserts.
 */
export class RowTable implements TableOps {
  readonly #db: BetterSqlite3.Database;
  readonly #def: StoreTable;
  readonly #name: string;
  readonly #keys: readonly string[];
  readonly #kinds: Int8Array;
  readonly #known: ReadonlySet<string>;
  readonly #encoder: RowEncoder;
  /** The SQL of the write statements, prepared on first use (most tables of a run get none). */
  readonly #writeSql: {
    readonly insertNew: string;
    readonly updateChanged: string;
    readonly deleteRow: string | undefined;
  };
  #writes: WriteStatements | undefined;
  /** Parameter positions of the record's key columns, of `category` (measures) or -1. */
  readonly #keyParams: readonly number[];
  readonly #scopeParam: number;
  /** Parameter positions of the primary key within a record (after user and record key). */
  readonly #withinParams: readonly number[];
  readonly #occurrence: { readonly at: number; readonly among: readonly number[] } | undefined;
  readonly #recordStatements: (RecordStatements | undefined)[] = [undefined, undefined];
  readonly #selects = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database, def: StoreTable) {
    this.#db = db;
    this.#def = def;
    this.#name = q(def.layout.table);
    const columns = def.layout.columns;
    this.#keys = columns.map((c) => c.key);
    this.#kinds = Int8Array.from(columns, (c) =>
      c.kind === "text" ? TEXT : c.kind === "boolean" ? BOOLEAN : NUMBER,
    );
    this.#known = new Set(this.#keys);
    this.#encoder = new RowEncoder(def, "integer");

    const all = ["user_id", ...columns.map((c) => c.column), ...def.derived.map((d) => d.column)];
    const param = (column: string): number => {
      const at = all.indexOf(column);
      if (at < 0) throw new Error(`${def.layout.table}: no column ${column}`);
      return at;
    };
    this.#keyParams = def.keyColumns.map(param);
    this.#scopeParam = def.layout.dataset === "measures" ? param("category") : -1;
    if (def.multiRow && def.keyColumns.length !== 1) {
      throw new Error(`${def.layout.table}: a multi-row record needs one key column`);
    }
    const within = def.primaryKey.filter((c) => c !== "user_id" && !def.keyColumns.includes(c));
    this.#withinParams = within.map(param);
    let occurrence: { at: number; among: number[] } | undefined;
    for (const d of def.derived) {
      if ("occurrence" in d) occurrence = { at: param(d.column), among: d.occurrence.map(param) };
    }
    this.#occurrence = occurrence;

    const names = all.map(q).join(", ");
    const values = all.map(() => "?").join(", ");
    const conflict = def.primaryKey.map(q).join(", ");
    const rest = all.filter((c) => !def.primaryKey.includes(c));
    // Two statements tell added from changed from unchanged exactly: the first only ever
    // inserts; the second only updates, and only when a cell differs (`IS NOT` is
    // null-safe), so `changes` is 1 for a real change and 0 for an identical replay.
    this.#writeSql = {
      insertNew: `INSERT INTO ${this.#name} (${names}) VALUES (${values}) ON CONFLICT (${conflict}) DO NOTHING`,
      updateChanged: `INSERT INTO ${this.#name} (${names}) VALUES (${values}) ON CONFLICT (${conflict}) DO UPDATE SET ${rest
        .map((c) => `${q(c)} = excluded.${q(c)}`)
        .join(
          ", ",
        )} WHERE ${rest.map((c) => `${this.#name}.${q(c)} IS NOT excluded.${q(c)}`).join(" OR ")}`,
      // Parameters in this order: user, record key, then the rest of the row's primary key.
      deleteRow: def.multiRow
        ? `DELETE FROM ${this.#name} WHERE ${["user_id", ...def.keyColumns, ...within]
            .map((c) => `${q(c)} = ?`)
            .join(" AND ")}`
        : undefined,
    };
  }

  #writeStatements(): WriteStatements {
    if (this.#writes === undefined) {
      const sql = this.#writeSql;
      this.#writes = {
        insertNew: this.#db.prepare(sql.insertNew),
        updateChanged: this.#db.prepare(sql.updateChanged),
        deleteRow: sql.deleteRow === undefined ? undefined : this.#db.prepare(sql.deleteRow),
      };
    }
    return this.#writes;
  }

  /** 1 for objectives (category 2 of the shared measures table), else 0. */
  #scopeIndex(dataset: SyncDataset): 0 | 1 {
    return dataset === "objectives" && this.#scopeParam >= 0 ? 1 : 0;
  }

  /** The SQL restricting the shared measures table to one scope, or `""`. */
  #scopeSql(scope: 0 | 1): string {
    if (this.#scopeParam < 0) return "";
    // Objectives are category 2; every other category (1, and codes not known yet) is a
    // measure, so nothing stored is invisible to both datasets.
    return scope === 1 ? " AND category = 2" : " AND category <> 2";
  }

  #scope(dataset: SyncDataset): string {
    return this.#scopeSql(this.#scopeIndex(dataset));
  }

  #statements(scope: 0 | 1): RecordStatements {
    let statements = this.#recordStatements[scope];
    if (statements === undefined) {
      const def = this.#def;
      const record = `user_id = ?${def.keyColumns.map((c) => ` AND ${q(c)} = ?`).join("")}${this.#scopeSql(scope)}`;
      const keyList = def.keyColumns.map(q).join(", ");
      const within = def.primaryKey.filter((c) => c !== "user_id" && !def.keyColumns.includes(c));
      const instant = def.recordInstant;
      const range = instant === undefined ? "" : ` AND ${q(instant)} >= ? AND ${q(instant)} < ?`;
      statements = {
        count: this.#db.prepare(`SELECT count(*) FROM ${this.#name} WHERE ${record}`).pluck(),
        countMany: this.#db
          .prepare(
            `SELECT count(*) FROM ${this.#name} WHERE user_id = ? AND ${q(def.keyColumns[0] as string)} IN (SELECT value FROM json_each(?))${this.#scopeSql(scope)}`,
          )
          .pluck(),
        within: this.#db
          .prepare(
            `SELECT ${within.length === 0 ? "1" : within.map(q).join(", ")} FROM ${this.#name} WHERE ${record}`,
          )
          .raw(true),
        deleteRecord: this.#db.prepare(`DELETE FROM ${this.#name} WHERE ${record}`),
        inRange: this.#db
          .prepare(
            `SELECT ${keyList} FROM ${this.#name} WHERE user_id = ?${this.#scopeSql(scope)}${range} GROUP BY ${keyList}`,
          )
          .raw(true),
      };
      this.#recordStatements[scope] = statements;
    }
    return statements;
  }

  #checkShape(dataset: string, row: LooseRow): void {
    for (const key of Object.keys(row)) {
      if (!this.#known.has(key)) {
        throw invalidRow(
          dataset,
          0,
          `column \`${key}\` is not in the ${this.#def.layout.table} table (is @withings-kit/client newer than the store schema?)`,
        );
      }
    }
  }

  #idOf(params: readonly unknown[]): RecordId {
    const keyParams = this.#keyParams;
    if (keyParams.length === 1) return params[keyParams[0] as number] as RecordId;
    return keyParams.map((i) => String(params[i])).join("|");
  }

  upsert(
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void {
    if (rows.length === 0) return;
    const loose = rows as unknown as readonly LooseRow[];
    this.#checkShape(dataset, loose[0] as LooseRow);
    const { insertNew, updateChanged } = this.#writeStatements();
    const occurrence = this.#occurrence;
    const scopeParam = this.#scopeParam;
    const within = this.#withinParams;
    const keyParam = this.#keyParams.length === 1 ? (this.#keyParams[0] as number) : -1;
    // Per scope (measures, objectives): the batch's records, when records span rows.
    const records: Map<RecordId, BatchRecord>[] | undefined = this.#def.multiRow
      ? [new Map(), new Map()]
      : undefined;
    const { wantPresent, wantTouched } = track;
    let record: BatchRecord | undefined;
    let recordScope = -1;
    for (let i = 0; i < loose.length; i++) {
      const row = loose[i];
      if (typeof row !== "object" || row === null) throw invalidRow(dataset, i, "not an object");
      const params = this.#encoder.encode(userId, row, i, dataset);
      if (records !== undefined) {
        const id = params[keyParam] as RecordId;
        // A row is filed by its own category, whichever dataset its batch names.
        const scope = scopeParam >= 0 && params[scopeParam] === 2 ? 1 : 0;
        // Rows of a record come one after another: most rows reuse the last one's record.
        if (record === undefined || record.id !== id || recordScope !== scope) {
          recordScope = scope;
          const byId = records[scope] as Map<RecordId, BatchRecord>;
          record = byId.get(id);
          if (record === undefined) {
            record = {
              id,
              keyValues: [id],
              size: 0,
              touched: false,
              among: occurrence === undefined ? undefined : [],
              within: occurrence === undefined ? new Set() : undefined,
            };
            byId.set(id, record);
          } else {
            // The record again, after another one (two overlapping pages in one batch):
            // this copy replaces the earlier one, as a later row replaces an earlier one,
            // instead of numbering its repeats after the earlier copy's.
            record.size = 0;
            record.among?.splice(0);
            record.within?.clear();
          }
        }
        record.size++;
        if (occurrence !== undefined) {
          params[occurrence.at] = nextOccurrence(
            record.among as unknown[],
            params,
            occurrence.among,
          );
        } else {
          (record.within as Set<string>).add(
            within.length === 1
              ? String(params[within[0] as number])
              : JSON.stringify(within.map((w) => params[w])),
          );
        }
      }
      let wrote = true;
      if (insertNew.run(params).changes > 0) counts.added++;
      else if (updateChanged.run(params).changes > 0) counts.changed++;
      else wrote = false;
      if (record !== undefined) {
        if (wrote) record.touched = true;
      } else if (wantPresent || (wrote && wantTouched)) {
        const id = keyParam >= 0 ? (params[keyParam] as RecordId) : this.#idOf(params);
        if (wantPresent) track.present.add(id);
        if (wrote && wantTouched) track.touched.add(id);
      }
    }
    if (records === undefined) return;
    for (const scope of [0, 1] as const) {
      const byId = records[scope] as Map<RecordId, BatchRecord>;
      if (byId.size === 0) continue;
      this.#dropMissing(userId, dataset, scope, byId, loose, counts);
      for (const r of byId.values()) {
        if (wantPresent) track.present.add(r.id);
        if (wantTouched && r.touched) track.touched.add(r.id);
      }
    }
  }

  /**
   * Deletes the stored rows of the batch's records (of one scope) that the batch lacks.
   * Every batch row is stored by now, so when the stored rows of these records are as many
   * as the distinct batch rows, none is missing: one count answers the common case.
   */
  #dropMissing(
    userId: string,
    dataset: SyncDataset,
    scope: 0 | 1,
    byId: ReadonlyMap<RecordId, BatchRecord>,
    loose: readonly LooseRow[],
    counts: ApplyCounts,
  ): void {
    const statements = this.#statements(scope);
    let size = 0;
    for (const r of byId.values()) size += r.within?.size ?? r.size;
    const stored = statements.countMany.get(userId, JSON.stringify([...byId.keys()])) as number;
    if (stored <= size) return;
    const keyOf = (values: readonly unknown[]): string =>
      values.length === 1 ? String(values[0]) : JSON.stringify(values);
    let withinOf: Map<RecordId, Set<string>> | undefined;
    const deleteRow = this.#writeStatements().deleteRow as BetterSqlite3.Statement;
    for (const r of byId.values()) {
      if ((statements.count.get(userId, ...r.keyValues) as number) <= (r.within?.size ?? r.size)) {
        continue;
      }
      withinOf ??= this.#withinKeys(userId, dataset, scope, loose, keyOf);
      const batch = r.within ?? withinOf.get(r.id);
      for (const values of statements.within.all(userId, ...r.keyValues) as unknown[][]) {
        if (batch?.has(keyOf(values)) === true) continue;
        counts.deleted += deleteRow.run(userId, ...r.keyValues, ...values).changes;
        r.touched = true;
      }
    }
  }

  /**
   * The in-record keys of the batch's rows of one scope, per record, encoded again: only
   * for a batch that replaces rows, which is rare enough not to keep them all the time.
   */
  #withinKeys(
    userId: string,
    dataset: SyncDataset,
    scope: 0 | 1,
    loose: readonly LooseRow[],
    keyOf: (values: readonly unknown[]) => string,
  ): Map<RecordId, Set<string>> {
    const occurrence = this.#occurrence;
    const keyParam = this.#keyParams[0] as number;
    const seen = new Map<RecordId, unknown[]>();
    const keys = new Map<RecordId, Set<string>>();
    // As `upsert` does: a record's last run of rows in the batch is the one kept.
    let last: { id: RecordId; scope: number } | undefined;
    for (let i = 0; i < loose.length; i++) {
      const params = this.#encoder.encode(userId, loose[i] as LooseRow, i, dataset);
      const rowScope = this.#scopeParam >= 0 && params[this.#scopeParam] === 2 ? 1 : 0;
      const id = params[keyParam] as RecordId;
      const runStart = last !== undefined && (last.id !== id || last.scope !== rowScope);
      last = { id, scope: rowScope };
      if (rowScope !== scope) continue;
      let among = seen.get(id);
      let set = keys.get(id);
      if (among === undefined || set === undefined || runStart) {
        among = [];
        set = new Set();
        seen.set(id, among);
        keys.set(id, set);
      }
      if (occurrence !== undefined) {
        params[occurrence.at] = nextOccurrence(among, params, occurrence.among);
      }
      set.add(keyOf(this.#withinParams.map((w) => params[w])));
    }
    return keys;
  }

  recordId(key: unknown): RecordId | undefined {
    const values = typeof key === "string" ? this.#def.parseKey(key) : undefined;
    return values === undefined ? undefined : idOfValues(values);
  }

  delete(
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): void {
    const statement = this.#statements(this.#scopeIndex(dataset)).deleteRecord;
    for (const key of keys) {
      const values = typeof key === "string" ? this.#def.parseKey(key) : undefined;
      if (values === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${dataset}: ${JSON.stringify(key)} is not a record key of ${dataset}`,
        );
      }
      const deleted = statement.run(userId, ...values).changes;
      counts.deleted += deleted;
      if (deleted > 0 && track.wantTouched) track.touched.add(idOfValues(values));
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
    const statements = this.#statements(this.#scopeIndex(dataset));
    const ranged = this.#def.recordInstant !== undefined;
    // Read whole before deleting: an open iterator would block the deletes.
    const stored = (
      ranged ? statements.inRange.all(userId, from, to) : statements.inRange.all(userId)
    ) as unknown[][];
    for (const values of stored) {
      const id = idOfValues(values);
      if (track.present.has(id)) continue;
      const deleted = statements.deleteRecord.run(userId, ...values).changes;
      counts.deleted += deleted;
      if (deleted > 0 && track.wantTouched) track.touched.add(id);
    }
  }

  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): string[] {
    const instant = this.#def.recordInstant;
    const range = instant === undefined ? "" : ` AND ${q(instant)} >= ? AND ${q(instant)} < ?`;
    const key = this.#def.keyColumns.map(q).join(", ");
    const statement = this.#db
      .prepare(
        `SELECT ${this.#def.keyText} FROM ${this.#name} WHERE user_id = ?${this.#scope(dataset)}${range} GROUP BY ${key} ORDER BY ${key}`,
      )
      .pluck();
    return (
      instant === undefined ? statement.all(userId) : statement.all(userId, from, to)
    ) as string[];
  }

  count(userId: string | undefined, dataset: SyncDataset): number {
    const where = userId === undefined ? "WHERE 1" : "WHERE user_id = ?";
    const statement = this.#db
      .prepare(`SELECT count(*) FROM ${this.#name} ${where}${this.#scope(dataset)}`)
      .pluck();
    return (userId === undefined ? statement.get() : statement.get(userId)) as number;
  }

  users(): string[] {
    return distinctUsers(this.#db, this.#def.layout.table);
  }

  chunk(filter: RowFilter, after: readonly unknown[] | undefined, limit: number): Chunk {
    const order = this.#def.order;
    const instant = this.#def.rowInstant;
    const ranged = instant !== undefined && (filter.from !== undefined || filter.to !== undefined);
    const scope = this.#scope(filter.dataset);
    const variant = `${filter.userId !== undefined}|${scope}|${ranged}|${after !== undefined}`;
    let statement = this.#selects.get(variant);
    if (statement === undefined) {
      const columns = this.#def.layout.columns.map((c) => q(c.column));
      const orderList = order.map(q).join(", ");
      let where = "WHERE 1";
      if (filter.userId !== undefined) where += " AND user_id = ?";
      where += scope;
      // For one user, after the first page the keyset already implies `at >= from` (`at`
      // leads the order after the user): repeating that bound would let SQLite seek by it
      // instead of by the keyset, and every page would rescan from `from`. Across users the
      // bound is needed (the next user starts below it) and cannot be seeked by anyway.
      const lowerBound = ranged && !(after !== undefined && filter.userId !== undefined);
      if (ranged) {
        where += lowerBound
          ? ` AND ${q(instant)} >= ? AND ${q(instant)} < ?`
          : ` AND ${q(instant)} < ?`;
      }
      // A row-value comparison on the order index: SQLite seeks straight to the row after
      // the previous page, so each page costs O(log n + page). With one user, its column
      // is an equality and leaves the tuple (else SQLite seeks by the user only).
      if (after !== undefined) {
        const seek = filter.userId === undefined ? order : order.slice(1);
        where += ` AND (${seek.map(q).join(", ")}) > (${seek.map(() => "?").join(", ")})`;
      }
      statement = this.#db
        .prepare(
          `SELECT ${[...columns, ...order.map(q)].join(", ")} FROM ${this.#name} ${where} ORDER BY ${orderList} LIMIT ?`,
        )
        .raw(true);
      this.#selects.set(variant, statement);
    }
    const params: unknown[] = [];
    if (filter.userId !== undefined) params.push(filter.userId);
    if (ranged) {
      const [from, to] = bounds(filter.from, filter.to);
      if (!(after !== undefined && filter.userId !== undefined)) params.push(from);
      params.push(to);
    }
    if (after !== undefined) params.push(...(filter.userId === undefined ? after : after.slice(1)));
    params.push(limit);

    const keys = this.#keys;
    const kinds = this.#kinds;
    const width = keys.length;
    const rows: StoredRow[] = [];
    let lastRaw: unknown[] | undefined;
    for (const raw of statement.iterate(params) as IterableIterator<unknown[]>) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const value = raw[i];
        row[keys[i] as string] = kinds[i] === BOOLEAN && value !== null ? value !== 0 : value;
      }
      rows.push(row as StoredRow);
      lastRaw = raw;
    }
    const last = rows.length < limit || lastRaw === undefined ? undefined : lastRaw.slice(width);
    return { rows, last };
  }
}
