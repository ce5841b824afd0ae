import type { SyncDataset } from "../../sync-dataset.js";
import { nextOccurrence, RowEncoder } from "../_row-encoder.js";
import { bounds, invalidRow, q } from "../_sql.js";
import type { LooseRow, StoreTable } from "../_store-tables.js";
import type { ApplyCounts, BatchTrack, Chunk, RecordId, RowFilter } from "../_table-ops.js";
import type { StoredRow } from "../store.js";
import { StoreError } from "../store-error.js";
import { type Queryable, queryArrays } from "./_pg-query.js";

const TEXT_DERIVED = new Set(["position_key", "source_key", "segment_key", "device_key"]);

/**
 * The PostgreSQL type of each column of a table, as migration 0001 made it: numbers are
 * DOUBLE PRECISION except the integers of the primary key and the derived instants, which
 * are BIGINT, and the occurrence, an INTEGER.
 */
function columnTypes(def: StoreTable): string[] {
  const key = new Set(def.primaryKey);
  return [
    "text",
    ...def.layout.columns.map((c) =>
      c.kind === "text"
        ? "text"
        : c.kind === "boolean"
          ? "bool"
          : c.kind === "integer" && key.has(c.column)
            ? "int8"
            : "float8",
    ),
    ...def.derived.map((d) =>
      TEXT_DERIVED.has(d.column) ? "text" : d.column === "occurrence" ? "int4" : "int8",
    ),
  ];
}

function idOf(values: readonly unknown[]): RecordId {
  return values.length === 1 ? (values[0] as RecordId) : values.map(String).join("|");
}

/** One record of a batch being written: its rows so far, by their key within the record. */
interface BatchRecord {
  readonly id: RecordId;
  readonly scope: 0 | 1;
  readonly rows: Map<string, unknown[]>;
  readonly among: unknown[];
}

/**
 * A dataset table in PostgreSQL, one SQL row per `toRows` row. A batch is written with a
 * few statements whatever its size: the rows are encoded and made unique in JavaScript (a
 * record sent twice keeps its last copy, as in SQLite), sent as one array per column, and
 * upserted by one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE … WHERE … IS
 * DISTINCT FROM …`, which returns exactly the rows added or changed. Where a record spans
 * rows, one `DELETE` then drops the stored rows of the batch's records that it lacks.
 */
export class PgRowTable {
  readonly #def: StoreTable;
  readonly #name: string;
  readonly #keys: readonly string[];
  readonly #known: ReadonlySet<string>;
  readonly #encoder: RowEncoder;
  readonly #types: readonly string[];
  /** Parameter positions (in `user_id, columns…, derived…`) of BIGINT columns of the row. */
  readonly #bigints: readonly number[];
  readonly #keyParams: readonly number[];
  readonly #scopeParam: number;
  readonly #withinParams: readonly number[];
  readonly #occurrence: { readonly at: number; readonly among: readonly number[] } | undefined;
  readonly #all: readonly string[];
  readonly #upsertSql: string;
  readonly #dropSql: string | undefined;

  constructor(def: StoreTable) {
    this.#def = def;
    this.#name = q(def.layout.table);
    const columns = def.layout.columns;
    this.#keys = columns.map((c) => c.key);
    this.#known = new Set(this.#keys);
    this.#encoder = new RowEncoder(def, "boolean");
    const all = ["user_id", ...columns.map((c) => c.column), ...def.derived.map((d) => d.column)];
    this.#all = all;
    const types = columnTypes(def);
    this.#types = types;
    this.#bigints = types
      .map((t, i) => (t === "int8" && i > 0 && i <= columns.length ? i : -1))
      .filter((i) => i >= 0);
    const param = (column: string): number => {
      const at = all.indexOf(column);
      if (at < 0) throw new Error(`${def.layout.table}: no column ${column}`);
      return at;
    };
    this.#keyParams = def.keyColumns.map(param);
    this.#scopeParam = def.layout.dataset === "measures" ? param("category") : -1;
    const within = def.primaryKey.filter((c) => c !== "user_id" && !def.keyColumns.includes(c));
    this.#withinParams = within.map(param);
    let occurrence: { at: number; among: number[] } | undefined;
    for (const d of def.derived) {
      if ("occurrence" in d) occurrence = { at: param(d.column), among: d.occurrence.map(param) };
    }
    this.#occurrence = occurrence;

    const cells = all.slice(1);
    const unnest = cells.map((_, i) => `$${i + 2}::${types[i + 1]}[]`).join(", ");
    const rest = all.filter((c) => !def.primaryKey.includes(c));
    const keyList = def.keyColumns.map((c) => `s.${q(c)}`).join(", ");
    const scopeOut = this.#scopeParam >= 0 ? ", s.category = 2" : "";
    // `xmax = 0` only on a row this statement inserted: it tells added from changed. An
    // identical row fails the WHERE and is not returned at all.
    this.#upsertSql = `INSERT INTO ${this.#name} AS s (${all.map(q).join(", ")})
      SELECT $1, * FROM unnest(${unnest})
      ON CONFLICT (${def.primaryKey.map(q).join(", ")}) DO UPDATE SET ${rest
        .map((c) => `${q(c)} = excluded.${q(c)}`)
        .join(", ")}
      WHERE (${rest.map((c) => `s.${q(c)}`).join(", ")}) IS DISTINCT FROM (${rest
        .map((c) => `excluded.${q(c)}`)
        .join(", ")})
      RETURNING (s.xmax = 0) AS inserted, ${keyList}${scopeOut}`;
    if (def.multiRow) {
      // Records (and their scope, for measures) are $2 (and $3); the batch's primary keys
      // within them follow.
      const key = def.keyColumns[0] as string;
      const keyType = types[param(key)] as string;
      const scoped = this.#scopeParam >= 0;
      const records = scoped
        ? `(s.${q(key)}, s.category = 2) IN (SELECT * FROM unnest($2::${keyType}[], $3::bool[]))`
        : `s.${q(key)} = ANY($2::${keyType}[])`;
      const first = scoped ? 4 : 3;
      const pk = [key, ...within];
      const batch = pk.map((c, i) => `$${first + i}::${types[param(c)]}[]`).join(", ");
      const same = pk.map((c) => `b.${q(c)} = s.${q(c)}`).join(" AND ");
      const drop = `DELETE FROM ${this.#name} AS s WHERE s.user_id = $1 AND ${records}
        AND NOT EXISTS (SELECT 1 FROM unnest(${batch}) AS b(${pk.map(q).join(", ")}) WHERE ${same})
        RETURNING ${keyList}`;
      this.#dropSql = drop;
    } else {
      this.#dropSql = undefined;
    }
  }

  #scopeIndex(dataset: SyncDataset): 0 | 1 {
    return dataset === "objectives" && this.#scopeParam >= 0 ? 1 : 0;
  }

  #scopeSql(scope: 0 | 1, alias = ""): string {
    if (this.#scopeParam < 0) return "";
    // As in SQLite: objectives are category 2, every other category is a measure.
    return scope === 1 ? ` AND ${alias}category = 2` : ` AND ${alias}category <> 2`;
  }

  #keyTypes(): string[] {
    return this.#keyParams.map((p) => this.#types[p] as string);
  }

  #encode(userId: string, row: LooseRow, index: number, dataset: string): unknown[] {
    const params = this.#encoder.encode(userId, row, index, dataset);
    // BIGINT would round a fraction away, and refuse what SQLite keeps: say so plainly.
    for (const at of this.#bigints) {
      const value = params[at];
      if (value !== null && !Number.isSafeInteger(value)) {
        throw invalidRow(dataset, index, `\`${this.#keys[at - 1]}\` must be an integer`);
      }
    }
    return params;
  }

  /** The batch's rows encoded, one per primary key, each record's last copy only. */
  #unique(
    userId: string,
    dataset: SyncDataset,
    rows: readonly LooseRow[],
  ): { params: unknown[][]; records: BatchRecord[] } {
    const first = rows[0];
    if (typeof first === "object" && first !== null) {
      for (const key of Object.keys(first)) {
        if (!this.#known.has(key)) {
          throw invalidRow(
            dataset,
            0,
            `column \`${key}\` is not in the ${this.#def.layout.table} table (is @withings-kit/client newer than the store schema?)`,
          );
        }
      }
    }
    const keyParams = this.#keyParams;
    const occurrence = this.#occurrence;
    const within = this.#withinParams;
    const byRecord = new Map<string, BatchRecord>();
    let current: BatchRecord | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (typeof row !== "object" || row === null) throw invalidRow(dataset, i, "not an object");
      const params = this.#encode(userId, row, i, dataset);
      const keyValues = keyParams.map((p) => params[p]);
      const id = idOf(keyValues);
      const scope: 0 | 1 = this.#scopeParam >= 0 && params[this.#scopeParam] === 2 ? 1 : 0;
      const name = `${scope}|${typeof id}|${id}`;
      if (current === undefined || current.id !== id || current.scope !== scope) {
        let record = byRecord.get(name);
        if (record === undefined) {
          record = { id, scope, rows: new Map(), among: [] };
          byRecord.set(name, record);
        } else if (this.#def.multiRow) {
          // The record again after another one (two overlapping pages): this copy
          // replaces the earlier one whole.
          record.rows.clear();
          record.among.splice(0);
        }
        current = record;
      }
      if (occurrence !== undefined) {
        params[occurrence.at] = nextOccurrence(current.among, params, occurrence.among);
      }
      const inner = JSON.stringify(within.map((w) => params[w]));
      // A later row with the same key replaces the earlier one (and keeps its place).
      current.rows.delete(inner);
      current.rows.set(inner, params);
    }
    const params: unknown[][] = [];
    const records = [...byRecord.values()];
    for (const record of records) params.push(...record.rows.values());
    return { params, records };
  }

  async upsert(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    rows: readonly StoredRow[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    if (rows.length === 0) return;
    const { params, records } = this.#unique(
      userId,
      dataset,
      rows as unknown as readonly LooseRow[],
    );
    const columns = this.#all.length;
    const arrays: unknown[][] = [];
    for (let c = 1; c < columns; c++) arrays.push(params.map((p) => p[c]));
    const written = await queryArrays(db, this.#upsertSql, [userId, ...arrays]);
    const width = this.#keyParams.length;
    for (const cells of written) {
      if (cells[0] === true) counts.added++;
      else counts.changed++;
      if (track.wantTouched) track.touched.add(idOf(cells.slice(1, 1 + width)));
    }
    const sql = this.#dropSql;
    if (sql !== undefined) {
      const key = this.#keyParams[0] as number;
      const values: unknown[] = [userId, records.map((r) => r.id)];
      if (this.#scopeParam >= 0) values.push(records.map((r) => r.scope === 1));
      for (const at of [key, ...this.#withinParams]) values.push(params.map((p) => p[at]));
      const dropped = await queryArrays(db, sql, values);
      counts.deleted += dropped.length;
      if (track.wantTouched) for (const cells of dropped) track.touched.add(idOf(cells));
    }
    if (track.wantPresent) for (const r of records) track.present.add(r.id);
  }

  recordId(key: unknown): RecordId | undefined {
    const values = typeof key === "string" ? this.#def.parseKey(key) : undefined;
    return values === undefined ? undefined : idOf(values);
  }

  async delete(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    keys: readonly string[],
    counts: ApplyCounts,
    track: BatchTrack,
  ): Promise<void> {
    const parsed: (readonly (number | string)[])[] = [];
    for (const key of keys) {
      const values = typeof key === "string" ? this.#def.parseKey(key) : undefined;
      if (values === undefined) {
        throw new StoreError(
          "STORE_INVALID_ARGUMENT",
          `apply ${dataset}: ${JSON.stringify(key)} is not a record key of ${dataset}`,
        );
      }
      parsed.push(values);
    }
    if (parsed.length === 0) return;
    const keyColumns = this.#def.keyColumns;
    const types = this.#keyTypes();
    const deleted = await queryArrays(
      db,
      `DELETE FROM ${this.#name} AS s WHERE s.user_id = $1${this.#scopeSql(this.#scopeIndex(dataset), "s.")}
         AND (${keyColumns.map((c) => `s.${q(c)}`).join(", ")}) IN (SELECT * FROM unnest(${types
           .map((t, i) => `$${i + 2}::${t}[]`)
           .join(", ")}))
       RETURNING ${keyColumns.map((c) => `s.${q(c)}`).join(", ")}`,
      [userId, ...keyColumns.map((_, i) => parsed.map((values) => values[i]))],
    );
    counts.deleted += deleted.length;
    if (track.wantTouched) for (const cells of deleted) track.touched.add(idOf(cells));
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
    const keyColumns = this.#def.keyColumns;
    const types = this.#keyTypes();
    const keyList = keyColumns.map((c) => q(c)).join(", ");
    const scope = this.#scopeSql(this.#scopeIndex(dataset));
    const instant = this.#def.recordInstant;
    const range = instant === undefined ? "" : ` AND ${q(instant)} >= $2 AND ${q(instant)} < $3`;
    const first = instant === undefined ? 2 : 4;
    // Ids back to key values: one column, or the date and the rest of an activity key.
    const present = [...track.present].map((id) => {
      if (keyColumns.length === 1) return [id];
      const text = String(id);
      const bar = text.indexOf("|");
      return [text.slice(0, bar), text.slice(bar + 1)];
    });
    const values: unknown[] = [userId];
    if (instant !== undefined) values.push(from, to);
    for (let i = 0; i < keyColumns.length; i++) values.push(present.map((p) => p[i]));
    const deleted = await queryArrays(
      db,
      `DELETE FROM ${this.#name} WHERE user_id = $1${scope} AND (${keyList}) IN (
         SELECT ${keyList} FROM ${this.#name} WHERE user_id = $1${scope}${range}
         EXCEPT SELECT * FROM unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(", ")}))
       RETURNING ${keyList}`,
      values,
    );
    counts.deleted += deleted.length;
    if (track.wantTouched) for (const cells of deleted) track.touched.add(idOf(cells));
  }

  async recordKeys(
    db: Queryable,
    userId: string,
    dataset: SyncDataset,
    from: number,
    to: number,
  ): Promise<string[]> {
    const instant = this.#def.recordInstant;
    const range = instant === undefined ? "" : ` AND ${q(instant)} >= $2 AND ${q(instant)} < $3`;
    // Qualified: a bare name in ORDER BY would pick the key text's output column, of the
    // same name, and sort "10" before "9".
    const keyList = this.#def.keyColumns.map((c) => `s.${q(c)}`).join(", ");
    const rows = await queryArrays(
      db,
      `SELECT DISTINCT ON (${keyList}) ${this.#def.keyText} FROM ${this.#name} AS s
         WHERE user_id = $1${this.#scopeSql(this.#scopeIndex(dataset))}${range} ORDER BY ${keyList}`,
      instant === undefined ? [userId] : [userId, from, to],
    );
    return rows.map((cells) => cells[0] as string);
  }

  async count(db: Queryable, userId: string | undefined, dataset: SyncDataset): Promise<number> {
    const where = userId === undefined ? "WHERE true" : "WHERE user_id = $1";
    const rows = await queryArrays(
      db,
      `SELECT count(*) FROM ${this.#name} ${where}${this.#scopeSql(this.#scopeIndex(dataset))}`,
      userId === undefined ? [] : [userId],
    );
    return rows[0]?.[0] as number;
  }

  async chunk(
    db: Queryable,
    filter: RowFilter,
    after: readonly unknown[] | undefined,
    limit: number,
  ): Promise<Chunk> {
    const order = this.#def.order;
    const instant = this.#def.rowInstant;
    const ranged = instant !== undefined && (filter.from !== undefined || filter.to !== undefined);
    const values: unknown[] = [];
    const next = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    let where = "WHERE true";
    if (filter.userId !== undefined) where += ` AND user_id = ${next(filter.userId)}`;
    where += this.#scopeSql(this.#scopeIndex(filter.dataset));
    if (ranged) {
      const [from, to] = bounds(filter.from, filter.to);
      where += ` AND ${q(instant)} >= ${next(from)} AND ${q(instant)} < ${next(to)}`;
    }
    if (after !== undefined) {
      const seek = filter.userId === undefined ? order : order.slice(1);
      const from = filter.userId === undefined ? after : after.slice(1);
      where += ` AND (${seek.map(q).join(", ")}) > (${from.map((v) => next(v)).join(", ")})`;
    }
    const columns = this.#def.layout.columns.map((c) => q(c.column));
    const raw = await queryArrays(
      db,
      `SELECT ${[...columns, ...order.map(q)].join(", ")} FROM ${this.#name} ${where}
         ORDER BY ${order.map(q).join(", ")} LIMIT ${next(limit)}`,
      values,
    );
    const keys = this.#keys;
    const width = keys.length;
    const rows: StoredRow[] = [];
    for (const cells of raw) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) row[keys[i] as string] = cells[i];
      rows.push(row as StoredRow);
    }
    const tail = raw.at(-1);
    const last = raw.length < limit || tail === undefined ? undefined : tail.slice(width);
    return { rows, last };
  }
}
