import type { DetailDataset, DetailUnit } from "../store.js";
import { type Queryable, query } from "./_pg-query.js";

interface UnitRow {
  readonly dataset: DetailDataset;
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly dirty: boolean;
  readonly fetched_at: number | null;
  readonly settle_at: number | null;
}

const COLUMNS = 'dataset, "key", "start", "end", dirty, fetched_at, settle_at';
const INSERT = `INSERT INTO detail_units AS u (user_id, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

function params(userId: string, unit: DetailUnit): unknown[] {
  return [
    userId,
    unit.dataset,
    unit.key,
    unit.start,
    unit.end,
    unit.dirty,
    unit.fetchedAt,
    unit.settleAt,
  ];
}

/** Marks a unit for a parent that changed (see `DependentMark`): inserted, or widened and dirty. */
export async function markUnit(db: Queryable, userId: string, unit: DetailUnit): Promise<void> {
  // GREATEST ignores a NULL: a null settle time gives way to a time, as in SQLite.
  await query(
    db,
    `${INSERT} ON CONFLICT (user_id, dataset, "key") DO UPDATE SET
       "start" = LEAST(u."start", excluded."start"), "end" = GREATEST(u."end", excluded."end"),
       dirty = true, settle_at = GREATEST(u.settle_at, excluded.settle_at)`,
    params(userId, unit),
  );
}

/** Writes a unit as given, replacing a stored one whole. */
export async function writeUnit(db: Queryable, userId: string, unit: DetailUnit): Promise<void> {
  await query(
    db,
    `${INSERT} ON CONFLICT (user_id, dataset, "key") DO UPDATE SET "start" = excluded."start",
       "end" = excluded."end", dirty = excluded.dirty, fetched_at = excluded.fetched_at,
       settle_at = excluded.settle_at`,
    params(userId, unit),
  );
}

export async function removeUnit(
  db: Queryable,
  userId: string,
  dataset: DetailDataset,
  key: string,
): Promise<void> {
  await query(db, 'DELETE FROM detail_units WHERE user_id = $1 AND dataset = $2 AND "key" = $3', [
    userId,
    dataset,
    key,
  ]);
}

/** The units of a user and dataset by start then key; with `due`, only those to fetch. */
export async function listUnits(
  db: Queryable,
  userId: string,
  dataset: DetailDataset,
  due: number | undefined,
): Promise<DetailUnit[]> {
  const { rows } = await query<UnitRow>(
    db,
    due === undefined
      ? `SELECT ${COLUMNS} FROM detail_units WHERE user_id = $1 AND dataset = $2 ORDER BY "start", "key"`
      : `SELECT ${COLUMNS} FROM detail_units WHERE user_id = $1 AND dataset = $2
           AND (dirty OR settle_at <= $3) AND (dirty OR settle_at IS NOT NULL) ORDER BY "start", "key"`,
    due === undefined ? [userId, dataset] : [userId, dataset, due],
  );
  return rows.map((row) => ({
    dataset: row.dataset,
    key: row.key,
    start: row.start,
    end: row.end,
    dirty: row.dirty,
    fetchedAt: row.fetched_at,
    settleAt: row.settle_at,
  }));
}
