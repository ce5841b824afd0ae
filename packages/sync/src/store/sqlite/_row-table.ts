import type BetterSqlite3 from "better-sqlite3";
import type { SyncDataset } from "../../sync-dataset.js";
import type { StoredRow } from "../store.js";
import { StoreError } from "../store-error.js";
import { bounds, distinctUsers, invalidRow, q } from "./_sql.js";
import type { LooseRow, SqliteTable } from "./_sqlite-tables.js";
import type { ApplyCounts, Chunk, RowFilter, TableOps } from "./_table-ops.js";

// Cell kinds as small ints: the encoder's inner loop switches on them for every cell.
const NUMBER = 0;
const TEXT = 1;
const BOOLEAN = 2;

/**
 * A dataset table with one SQL row per `toRows` row. Writes go through two cached prepared
 * statements (the hot path of a sync); reads page by keyset so no statement stays open
 * between two pages (an open better-sqlite3 iterator blocks every write on the connection).
 */
export class RowTable implements TableOps {
  readonly #db: BetterSqlite3.Database;
  readonly #def: SqliteTable;
  readonly #name: string;
  readonly #keys: readonly string[];
  readonly #kinds: Int8Array;
  readonly #nullable: readonly boolean[];
  readonly #known: ReadonlySet<string>;
  readonly #insertNew: BetterSqlite3.Statement;
  readonly #updateChanged: BetterSqlite3.Statement;
  readonly #delete = new Map<string, BetterSqlite3.Statement>();
  readonly #selects = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database, def: SqliteTable) {
    this.#db = db;
    this.#def = def;
    this.#name = q(def.layout.table);
    const columns = def.layout.columns;
    this.#keys = columns.map((c) => c.key);
    this.#kinds = Int8Array.from(columns, (c) =>
      c.kind === "text" ? TEXT : c.kind === "boolean" ? BOOLEAN : NUMBER,
    );
    this.#nullable = columns.map((c) => c.nullable);
    this.#known = new Set(this.#keys);

    const all = ["user_id", ...columns.map((c) => c.column), ...def.derived.map((d) => d.column)];
    const names = all.map(q).join(", ");
    const values = all.map(() => "?").join(", ");
    const conflict = def.primaryKey.map(q).join(", ");
    const rest = all.filter((c) => !def.primaryKey.includes(c));
    // Two statements tell added from changed from unchanged exactly: the first only ever
    // inserts; the second only updates, and only when a cell differs (`IS NOT` is
    // null-safe), so `changes` is 1 for a real change and 0 for an identical replay.
    this.#insertNew = db.prepare(
      `INSERT INTO ${this.#name} (${names}) VALUES (${values}) ON CONFLICT (${conflict}) DO NOTHING`,
    );
    this.#updateChanged = db.prepare(
      `INSERT INTO ${this.#name} (${names}) VALUES (${values}) ON CONFLICT (${conflict}) DO UPDATE SET ${rest
        .map((c) => `${q(c)} = excluded.${q(c)}`)
        .join(
          ", ",
        )} WHERE ${rest.map((c) => `${this.#name}.${q(c)} IS NOT excluded.${q(c)}`).join(" OR ")}`,
    );
  }

  /** The SQL restricting the shared measures table to one sync dataset, or `""`. */
  #scope(dataset: SyncDataset): string {
    if (this.#def.layout.dataset !== "measures") return "";
    // Objectives are category 2; every other category (1, and codes not known yet) is a
    // measure, so nothing stored is invisible to both datasets.
    return dataset === "objectives" ? " AND category = 2" : " AND category <> 2";
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

  #encode(userId: string, row: LooseRow, index: number, dataset: string): unknown[] {
    const keys = this.#keys;
    const kinds = this.#kinds;
    const derived = this.#def.derived;
    const params: unknown[] = new Array(1 + keys.length + derived.length);
    params[0] = userId;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      let value = row[key];
      if (value === undefined || value === null) {
        if (!this.#nullable[i]) throw invalidRow(dataset, index, `\`${key}\` is missing`);
        value = null;
      } else {
        const kind = kinds[i];
        if (kind === NUMBER) {
          // NaN would be stored as NULL and come back different.
          if (typeof value !== "number" || Number.isNaN(value)) {
            throw invalidRow(dataset, index, `\`${key}\` must be a number`);
          }
        } else if (kind === TEXT) {
          if (typeof value !== "string")
            throw invalidRow(dataset, index, `\`${key}\` must be a string`);
        } else {
          if (typeof value !== "boolean")
            throw invalidRow(dataset, index, `\`${key}\` must be a boolean`);
          value = value ? 1 : 0;
        }
      }
      params[i + 1] = value;
    }
    let at = 1 + keys.length;
    for (const d of derived) {
      const value = d.derive(row);
      if (value === undefined) throw invalidRow(dataset, index, d.why);
      params[at++] = value;
    }
    return params;
  }

  upsert(
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
  ): void {
    if (rows.length === 0) return;
    const loose = rows as unknown as readonly LooseRow[];
    this.#checkShape(dataset, loose[0] as LooseRow);
    const insertNew = this.#insertNew;
    const updateChanged = this.#updateChanged;
    for (let i = 0; i < loose.length; i++) {
      const row = loose[i];
      if (typeof row !== "object" || row === null) throw invalidRow(dataset, i, "not an object");
      const params = this.#encode(userId, row, i, dataset);
      if (insertNew.run(params).changes > 0) counts.added++;
      else if (updateChanged.run(params).changes > 0) counts.changed++;
    }
  }

  delete(userId: string, dataset: SyncDataset, keys: readonly string[]): number {
    const scope = this.#scope(dataset);
    let statement = this.#delete.get(scope);
    if (statement === undefined) {
      statement = this.#db.prepare(
        `DELETE FROM ${this.#name} WHERE user_id = ? AND ${q(this.#def.keyColumn)} = ?${scope}`,
      );
      this.#delete.set(scope, statement);
    }
    let deleted = 0;
    for (const key of keys) {
      const value = typeof key === "string" ? this.#def.parseKey(key) : undefined;
      if (value === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${dataset}: ${JSON.stringify(key)} is not a record key of ${dataset}`,
        );
      }
      deleted += statement.run(userId, value).changes;
    }
    return deleted;
  }

  recordKeys(userId: string, dataset: SyncDataset, from: number, to: number): string[] {
    const instant = this.#def.recordInstant;
    const range = instant === undefined ? "" : ` AND ${q(instant)} >= ? AND ${q(instant)} < ?`;
    const key = q(this.#def.keyColumn);
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
