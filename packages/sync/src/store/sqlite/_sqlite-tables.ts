import { deviceKey } from "../_device-key.js";
import { dayEpoch, isoEpoch, NO_INSTANT } from "../_instants.js";
import { type DatasetTable, datasetTables, type TableDataset } from "../dataset-tables.js";

/** A row as the store reads it before the cells are checked. */
export type LooseRow = Readonly<Record<string, unknown>>;

/**
 * A column the store computes from the row (not part of what `rows()` gives back). `derive`
 * returns `undefined` when the row cannot be stored; `why` says what is missing.
 */
export interface DerivedColumn {
  readonly column: string;
  readonly derive: (row: LooseRow) => number | string | undefined;
  readonly why: string;
}

/**
 * How one dataset lives in SQLite (migration 0001): its derived columns, primary key, the
 * keyset order `rows()` pages in (unique, matched by the primary key or an index), and how
 * record keys map to columns.
 */
export interface SqliteTable {
  readonly layout: DatasetTable;
  readonly derived: readonly DerivedColumn[];
  readonly primaryKey: readonly string[];
  readonly order: readonly string[];
  /** The column `rows()` ranges compare with `from`/`to`; `undefined`: ranges do not apply. */
  readonly rowInstant: string | undefined;
  /** The column `recordKeys()` ranges compare with; `undefined`: every key is listed. */
  readonly recordInstant: string | undefined;
  /** The column a record key is compared with, and how a key string becomes its value. */
  readonly keyColumn: string;
  readonly parseKey: (key: string) => number | string | undefined;
  /** SQL giving the record key as text, over the same rows as `keyColumn`. */
  readonly keyText: string;
}

// Consecutive rows often share a stamp (all measures of a group, Q10): parse each once.
function cached(
  parse: (value: unknown) => number | undefined,
): (value: unknown) => number | undefined {
  let last: unknown;
  let result: number | undefined;
  return (value) => {
    if (value !== last) {
      last = value;
      result = parse(value);
    }
    return result;
  };
}

function instant(...keys: string[]): DerivedColumn {
  return instantFrom(isoEpoch, keys);
}

function dayInstant(...keys: string[]): DerivedColumn {
  return instantFrom(dayEpoch, keys);
}

// The record's main instant: the first of `keys` that parses.
function instantFrom(
  parseText: (value: unknown) => number | undefined,
  keys: readonly string[],
): DerivedColumn {
  const parse = cached(parseText);
  return {
    column: "at",
    derive: (row) => {
      for (const key of keys) {
        const at = parse(row[key]);
        if (at !== undefined) return at;
      }
      return NO_INSTANT;
    },
    why: "",
  };
}

function requiredInstant(column: string, key: string): DerivedColumn {
  const parse = cached(isoEpoch);
  return { column, derive: (row) => parse(row[key]), why: `\`${key}\` must be an ISO UTC time` };
}

const integerKey = (key: string): number | undefined =>
  /^-?\d{1,16}$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : undefined;
const textKey = (key: string): string => key;

function define(
  dataset: Exclude<TableDataset, "ecg_signal">,
  spec: Omit<SqliteTable, "layout">,
): SqliteTable {
  return Object.freeze({ layout: datasetTables[dataset], ...spec });
}

/** Every dataset table of migration 0001 except `ecg_signals` (see `_signal-table.ts`). */
export const sqliteTables: { readonly [D in Exclude<TableDataset, "ecg_signal">]: SqliteTable } = {
  measures: define("measures", {
    derived: [
      // `position` is null on most measures, and NULLs are distinct in a primary key:
      // -1 (no position code is negative) makes (grpid, type, no position) unique.
      {
        column: "position_key",
        derive: (row) => {
          const position = row["position"];
          return typeof position === "number" ? position : -1;
        },
        why: "",
      },
      instant("date"),
    ],
    primaryKey: ["user_id", "grpid", "type", "position_key"],
    order: ["user_id", "at", "grpid", "type", "position_key"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "grpid",
    parseKey: integerKey,
    keyText: "CAST(grpid AS TEXT)",
  }),
  activity: define("activity", {
    derived: [dayInstant("date")],
    primaryKey: ["user_id", "date"],
    order: ["user_id", "at", "date"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "date",
    parseKey: textKey,
    keyText: '"date"',
  }),
  intraday: define("intraday", {
    derived: [requiredInstant("at", "time")],
    primaryKey: ["user_id", "at"],
    order: ["user_id", "at"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "at",
    parseKey: isoEpoch,
    keyText: '"time"',
  }),
  workouts: define("workouts", {
    derived: [dayInstant("date", "localStartDate")],
    primaryKey: ["user_id", "id"],
    order: ["user_id", "at", "id"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "id",
    parseKey: integerKey,
    keyText: "CAST(id AS TEXT)",
  }),
  sleep_summaries: define("sleep_summaries", {
    // `date` is the day the night ends on (Q14), so the fallbacks favour the end.
    derived: [dayInstant("date", "localEndDate", "localStartDate")],
    primaryKey: ["user_id", "id"],
    order: ["user_id", "at", "id"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "id",
    parseKey: integerKey,
    keyText: "CAST(id AS TEXT)",
  }),
  sleep: define("sleep", {
    derived: [requiredInstant("at", "time"), requiredInstant("segment_start_at", "segmentStart")],
    primaryKey: ["user_id", "at", "segment_start_at"],
    order: ["user_id", "at", "segment_start_at"],
    rowInstant: "at",
    // A record is a segment: ranges pick segments by their start, as sleep get's window
    // does, so a segment that straddles `from` is never reported as gone from a re-read.
    recordInstant: "segment_start_at",
    keyColumn: "segment_start_at",
    parseKey: isoEpoch,
    keyText: '"segment_start"',
  }),
  ecg: define("ecg", {
    derived: [instant("timestamp")],
    primaryKey: ["user_id", "signalid"],
    order: ["user_id", "at", "signalid"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumn: "signalid",
    parseKey: integerKey,
    keyText: "CAST(signalid AS TEXT)",
  }),
  devices: define("devices", {
    derived: [
      {
        column: "device_key",
        derive: deviceKey,
        why: "",
      },
    ],
    primaryKey: ["user_id", "device_key"],
    order: ["user_id", "device_key"],
    // A device list is a snapshot: it is always read and reconciled whole.
    rowInstant: undefined,
    recordInstant: undefined,
    keyColumn: "device_key",
    parseKey: textKey,
    keyText: '"device_key"',
  }),
  goals: define("goals", {
    derived: [],
    primaryKey: ["user_id", "goal"],
    order: ["user_id", "goal"],
    rowInstant: undefined,
    recordInstant: undefined,
    keyColumn: "goal",
    parseKey: textKey,
    keyText: '"goal"',
  }),
};
