import type BetterSqlite3 from "better-sqlite3";
import type { DetailDataset, DetailUnit } from "../store.js";
import { distinctUsers } from "./_distinct-users.js";

interface UnitRow {
  readonly dataset: DetailDataset;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly dirty: number;
  readonly fetched_at: number | null;
  readonly settle_at: number | null;
}

const COLUMNS = 'dataset, key, start, "end", dirty, fetched_at, settle_at';

function toUnit(row: UnitRow): DetailUnit {
  return {
    dataset: row.dataset,
    key: row.key,
    start: row.start,
    end: row.end,
    dirty: row.dirty !== 0,
    fetchedAt: row.fetched_at,
    settleAt: row.settle_at,
  };
}

/**
 * The `detail_units` table (migration 0003): marks from parents, a fetch's outcome, and the
 * lists a run reads to know what to fetch. Synchronous, so `apply`'s transaction spans it.
 */
export class UnitTable {
  readonly #db: BetterSqlite3.Database;
  readonly #mark: BetterSqlite3.Statement;
  readonly #write: BetterSqlite3.Statement;
  readonly #remove: BetterSqlite3.Statement;
  readonly #all: BetterSqlite3.Statement;
  readonly #due: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    const insert = `INSERT INTO detail_units (user_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
    // A mark on a unit that exists widens its window to cover both, makes it dirty and keeps
    // the later settle time (a null one only gives way to a time); the last fetch stays.
    this.#mark = db.prepare(
      `${insert} ON CONFLICT (user_id, dataset, key) DO UPDATE SET
         start = min(detail_units.start, excluded.start),
         "end" = max(detail_units."end", excluded."end"),
         dirty = 1,
         settle_at = CASE
           WHEN detail_units.settle_at IS NULL THEN excluded.settle_at
           WHEN excluded.settle_at IS NULL THEN detail_units.settle_at
           ELSE max(detail_units.settle_at, excluded.settle_at) END`,
    );
    this.#write = db.prepare(
      `${insert} ON CONFLICT (user_id, dataset, key) DO UPDATE SET start = excluded.start,
         "end" = excluded."end", dirty = excluded.dirty, fetched_at = excluded.fetched_at,
         settle_at = excluded.settle_at`,
    );
    this.#remove = db.prepare(
      "DELETE FROM detail_units WHERE user_id = ? AND dataset = ? AND key = ?",
    );
    this.#all = db.prepare(
      `SELECT ${COLUMNS} FROM detail_units WHERE user_id = ? AND dataset = ? ORDER BY start, key`,
    );
    // The second OR repeats the partial index's condition word for word: SQLite uses a
    // partial index only for a query whose WHERE holds its condition as a term.
    this.#due = db.prepare(
      `SELECT ${COLUMNS} FROM detail_units WHERE user_id = ? AND dataset = ?
         AND (dirty <> 0 OR settle_at <= ?) AND (dirty <> 0 OR settle_at IS NOT NULL)
         ORDER BY start, key`,
    );
  }

  #params(userId: string, unit: DetailUnit): unknown[] {
    return [
      userId,
      unit.dataset,
      unit.key,
      unit.start,
      unit.end,
      unit.dirty ? 1 : 0,
      unit.fetchedAt,
      unit.settleAt,
    ];
  }

  /** Marks a unit for a parent that changed: inserted as given, or widened and made dirty. */
  mark(userId: string, unit: DetailUnit): void {
    this.#mark.run(this.#params(userId, unit));
  }

  /** Writes a unit as given, replacing a stored one whole. */
  write(userId: string, unit: DetailUnit): void {
    this.#write.run(this.#params(userId, unit));
  }

  remove(userId: string, dataset: DetailDataset, key: string): void {
    this.#remove.run(userId, dataset, key);
  }

  /** The units of a user and dataset by start then key; with `due`, only those to fetch. */
  list(userId: string, dataset: DetailDataset, due: number | undefined): DetailUnit[] {
    const rows = (
      due === undefined ? this.#all.all(userId, dataset) : this.#due.all(userId, dataset, due)
    ) as UnitRow[];
    return rows.map(toUnit);
  }

  users(): string[] {
    return distinctUsers(this.#db, "detail_units");
  }
}
