import { rowDataset, SYNC_DATASETS, type SyncDataset } from "../sync-dataset.js";
import { activitySource } from "./_activity-source.js";
import { deviceKey } from "./_device-key.js";
import { sleepRecordKey } from "./_sleep-record-key.js";
import { type DatasetTable, datasetTables, type TableDataset } from "./dataset-tables.js";
import { dayEpoch, isoEpoch, NO_INSTANT } from "./instants.js";
import { StoreError } from "./store-error.js";

/** A row as the store reads it before the cells are checked. */
export type LooseRow = Readonly<Record<string, unknown>>;

/**
 * A column the store computes (not part of what `rows()` gives back): from the row alone
 * (`derive` returns `undefined` when the row cannot be stored; `why` says what is missing),
 * or, for `occurrence`, from the rows of the same record before it in the batch: 0 for the
 * first row with these values of the `occurrence` columns, 1 for the second, … (a measure
 * group can repeat a type at one position, Q10, and every row is kept).
 */
export type DerivedColumn =
  | {
      readonly column: string;
      readonly derive: (row: LooseRow) => number | string | undefined;
      readonly why: string;
    }
  | { readonly column: string; readonly occurrence: readonly string[] };

/**
 * How one dataset is stored (SQLite migrations 0001 and 0003, PostgreSQL migration 0001): its derived columns, primary
 * key, the keyset order `rows()` pages in (unique, matched by the primary key or an index),
 * and how record keys map to columns.
 */
export interface StoreTable {
  readonly layout: DatasetTable;
  readonly derived: readonly DerivedColumn[];
  readonly primaryKey: readonly string[];
  readonly order: readonly string[];
  /** The column `rows()` ranges compare with `from`/`to`; `undefined`: ranges do not apply. */
  readonly rowInstant: string | undefined;
  /** The column `recordKeys()` ranges compare with; `undefined`: every key is listed. */
  readonly recordInstant: string | undefined;
  /**
   * The columns naming a record (after `user_id`, within the dataset's scope), and how a
   * record key string becomes their values (`undefined`: not a key of this dataset).
   */
  readonly keyColumns: readonly string[];
  readonly parseKey: (key: string) => readonly (number | string)[] | undefined;
  /** SQL giving the record key as text (see `recordKeyOf`), over the rows of `keyColumns`. */
  readonly keyText: string;
  /**
   * A record spans several rows (a measure group, a sleep segment): an upsert replaces the
   * stored rows of each record it holds whole. Otherwise a record is one row, which an
   * upsert replaces anyway.
   */
  readonly multiRow: boolean;
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

const integerKey = (key: string): readonly number[] | undefined =>
  /^-?\d{1,16}$/.test(key) && Number.isSafeInteger(Number(key)) ? [Number(key)] : undefined;
const textKey = (key: string): readonly string[] => [key];
const isoKey = (key: string): readonly number[] | undefined => {
  const at = isoEpoch(key);
  return at === undefined ? undefined : [at];
};
// `<ISO UTC>|model_id:hash_deviceid` (see `sleepRecordKey`): an ISO time never holds a `|`.
const sleepKey = (key: string): readonly string[] | undefined => {
  const bar = key.indexOf("|");
  return bar >= 0 && isoEpoch(key.slice(0, bar)) !== undefined ? [key] : undefined;
};
// `YYYY-MM-DD|brand:modelid:device` (see `recordKeyOf`): a date never holds a `|`.
const activityKey = (key: string): readonly string[] | undefined => {
  const bar = key.indexOf("|");
  if (bar < 0) return undefined;
  const date = key.slice(0, bar);
  return dayEpoch(date) === undefined ? undefined : [date, key.slice(bar + 1)];
};

function define(
  dataset: Exclude<TableDataset, "ecg_signal">,
  spec: Omit<StoreTable, "layout">,
): StoreTable {
  return Object.freeze({ layout: datasetTables[dataset], ...spec });
}

/**
 * Every dataset table (migration 0001, `measures` and `activity` as migration 0003 rebuilt
 * them) except `ecg_signals` (see `_signal-table.ts`).
 */
export const storeTables: { readonly [D in Exclude<TableDataset, "ecg_signal">]: StoreTable } = {
  measures: define("measures", {
    derived: [
      // `position` is null on most measures, and NULLs are distinct in a primary key: ''
      // stands for null, any real position (-1 too) for itself.
      {
        column: "position_key",
        derive: (row) => {
          const position = row["position"];
          return typeof position === "number" ? String(position) : "";
        },
        why: "",
      },
      { column: "occurrence", occurrence: ["category", "type", "position_key"] },
      instant("date"),
    ],
    // `grpid` before `category`: a record (a grpid within measures or objectives) is one
    // seek, whatever categories it holds.
    primaryKey: ["user_id", "grpid", "category", "type", "position_key", "occurrence"],
    order: ["user_id", "at", "grpid", "category", "type", "position_key", "occurrence"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["grpid"],
    parseKey: integerKey,
    keyText: "CAST(grpid AS TEXT)",
    multiRow: true,
  }),
  activity: define("activity", {
    derived: [{ column: "source_key", derive: activitySource, why: "" }, dayInstant("date")],
    primaryKey: ["user_id", "date", "source_key"],
    order: ["user_id", "at", "date", "source_key"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["date", "source_key"],
    parseKey: activityKey,
    keyText: `"date" || '|' || source_key`,
    multiRow: false,
  }),
  intraday: define("intraday", {
    derived: [requiredInstant("at", "time")],
    primaryKey: ["user_id", "at"],
    order: ["user_id", "at"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["at"],
    parseKey: isoKey,
    keyText: '"time"',
    multiRow: false,
  }),
  workouts: define("workouts", {
    derived: [dayInstant("date", "localStartDate")],
    primaryKey: ["user_id", "id"],
    order: ["user_id", "at", "id"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["id"],
    parseKey: integerKey,
    keyText: "CAST(id AS TEXT)",
    multiRow: false,
  }),
  sleep_summaries: define("sleep_summaries", {
    // `date` is the day the night ends on (Q14), so the fallbacks favour the end.
    derived: [dayInstant("date", "localEndDate", "localStartDate")],
    primaryKey: ["user_id", "id"],
    order: ["user_id", "at", "id"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["id"],
    parseKey: integerKey,
    keyText: "CAST(id AS TEXT)",
    multiRow: false,
  }),
  sleep: define("sleep", {
    derived: [
      requiredInstant("at", "time"),
      requiredInstant("segment_start_at", "segmentStart"),
      { column: "segment_key", derive: sleepRecordKey, why: "`segmentStart` is required" },
    ],
    primaryKey: ["user_id", "at", "segment_key"],
    order: ["user_id", "at", "segment_key"],
    rowInstant: "at",
    // A record is one device's segment: ranges pick segments by their start, as sleep
    // get's window does, so a segment that straddles `from` is never reported as gone from
    // a re-read.
    recordInstant: "segment_start_at",
    keyColumns: ["segment_key"],
    parseKey: sleepKey,
    keyText: '"segment_key"',
    multiRow: true,
  }),
  ecg: define("ecg", {
    derived: [instant("timestamp")],
    primaryKey: ["user_id", "signalid"],
    order: ["user_id", "at", "signalid"],
    rowInstant: "at",
    recordInstant: "at",
    keyColumns: ["signalid"],
    parseKey: integerKey,
    keyText: "CAST(signalid AS TEXT)",
    multiRow: false,
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
    keyColumns: ["device_key"],
    parseKey: textKey,
    keyText: '"device_key"',
    multiRow: false,
  }),
  goals: define("goals", {
    derived: [],
    primaryKey: ["user_id", "goal"],
    order: ["user_id", "goal"],
    rowInstant: undefined,
    recordInstant: undefined,
    keyColumns: ["goal"],
    parseKey: textKey,
    keyText: '"goal"',
    multiRow: false,
  }),
};

const SYNC_DATASET_SET: ReadonlySet<string> = new Set(SYNC_DATASETS);

/** The table of a sync dataset, or `STORE_INVALID_ARGUMENT` for a dataset that is not one. */
export function tableOf<T>(tables: ReadonlyMap<TableDataset, T>, dataset: SyncDataset): T {
  const table = SYNC_DATASET_SET.has(dataset) ? tables.get(rowDataset[dataset]) : undefined;
  if (table === undefined) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `unknown dataset ${JSON.stringify(dataset)}; expected one of ${SYNC_DATASETS.join(", ")}`,
    );
  }
  return table;
}
