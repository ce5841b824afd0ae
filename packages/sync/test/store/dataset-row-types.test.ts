import type {
  ActivityRow,
  DeviceRow,
  EcgRow,
  EcgSignalRow,
  GoalRow,
  IntradayRow,
  MeasureRow,
  SleepRow,
  SleepSummaryRow,
  WorkoutRow,
} from "@withings-kit/client";
import { describe, expectTypeOf, it } from "vitest";
import type { DatasetRow, TableDataset } from "../../src/store/dataset-tables.js";

/** A row type as one flat object (several row types are intersections). */
type Flat<T> = { [K in keyof T]: T[K] };

/** A row type whose keys `K` the store keeps `NOT NULL` (the record key's parts). */
type Keyed<R, K extends keyof R> = Flat<Omit<R, K> & { [P in K]: NonNullable<R[P]> }>;

/** The client's row type of each stored dataset, as the store keeps it. */
interface Stored {
  measures: MeasureRow;
  activity: ActivityRow;
  intraday: Keyed<IntradayRow, "time">;
  workouts: WorkoutRow;
  sleep_summaries: SleepSummaryRow;
  sleep: Keyed<SleepRow, "time" | "segmentStart">;
  ecg: Keyed<EcgRow, "signalid">;
  // A store holds many recordings: each sample row carries its `signalid` in front.
  ecg_signal: { signalid: number } & EcgSignalRow;
  devices: DeviceRow;
  goals: GoalRow;
}

// Checked by `tsc` (the test files are in the project), a no-op at run time: the client's
// row types and the column specs of `datasetTables` (which the SQLite schema types derive
// from) name the same keys with the same types, so neither can change without the other.
// The run-time twin, key order included, is in sqlite-store.test.ts.
describe("the column specs of datasetTables follow the client's row types", () => {
  it("covers every stored dataset", () => {
    expectTypeOf<keyof Stored>().toEqualTypeOf<TableDataset>();
  });

  it("key for key", () => {
    expectTypeOf<keyof DatasetRow<"measures">>().toEqualTypeOf<keyof MeasureRow>();
    expectTypeOf<keyof DatasetRow<"activity">>().toEqualTypeOf<keyof ActivityRow>();
    expectTypeOf<keyof DatasetRow<"intraday">>().toEqualTypeOf<keyof IntradayRow>();
    expectTypeOf<keyof DatasetRow<"workouts">>().toEqualTypeOf<keyof WorkoutRow>();
    expectTypeOf<keyof DatasetRow<"sleep_summaries">>().toEqualTypeOf<keyof SleepSummaryRow>();
    expectTypeOf<keyof DatasetRow<"sleep">>().toEqualTypeOf<keyof SleepRow>();
    expectTypeOf<keyof DatasetRow<"ecg">>().toEqualTypeOf<keyof EcgRow>();
    expectTypeOf<keyof DatasetRow<"ecg_signal">>().toEqualTypeOf<"signalid" | keyof EcgSignalRow>();
    expectTypeOf<keyof DatasetRow<"devices">>().toEqualTypeOf<keyof DeviceRow>();
    expectTypeOf<keyof DatasetRow<"goals">>().toEqualTypeOf<keyof GoalRow>();
  });

  it("type for type (kind and nullability), record keys not null", () => {
    expectTypeOf<DatasetRow<"measures">>().toEqualTypeOf<Flat<Stored["measures"]>>();
    expectTypeOf<DatasetRow<"activity">>().toEqualTypeOf<Flat<Stored["activity"]>>();
    expectTypeOf<DatasetRow<"intraday">>().toEqualTypeOf<Flat<Stored["intraday"]>>();
    expectTypeOf<DatasetRow<"workouts">>().toEqualTypeOf<Flat<Stored["workouts"]>>();
    expectTypeOf<DatasetRow<"sleep_summaries">>().toEqualTypeOf<Flat<Stored["sleep_summaries"]>>();
    expectTypeOf<DatasetRow<"sleep">>().toEqualTypeOf<Flat<Stored["sleep"]>>();
    expectTypeOf<DatasetRow<"ecg">>().toEqualTypeOf<Flat<Stored["ecg"]>>();
    expectTypeOf<DatasetRow<"ecg_signal">>().toEqualTypeOf<Flat<Stored["ecg_signal"]>>();
    expectTypeOf<DatasetRow<"devices">>().toEqualTypeOf<Flat<Stored["devices"]>>();
    expectTypeOf<DatasetRow<"goals">>().toEqualTypeOf<Flat<Stored["goals"]>>();
  });
});
