import { readFileSync } from "node:fs";
import {
  type Dataset,
  decodeEnvelope,
  decoders,
  type EndpointKey,
  type EndpointResults,
  type RowOf,
  toRows,
} from "@withings-kit/client";
import type { rowDataset, SyncDataset } from "../../src/index.js";

/** Rows of each sync dataset, typed by the row type `toRows` makes for it. */
export type RealRows = { readonly [D in SyncDataset]: readonly RowOf<(typeof rowDataset)[D]>[] };

// The shared corpus sits beside the repository: packages/sync/test/store → ../../../../..
const CORPUS = new URL("../../../../../shared/conformance/", import.meta.url);

/** How a corpus file holds its answer (SOURCES.md): an envelope, or a list under a body key. */
type Wrap = "envelope" | { readonly under: string };

/** Decodes a corpus file with the client's own decoder, as the sync engine would. */
export function body<K extends EndpointKey>(
  key: K,
  file: string,
  wrap: Wrap = "envelope",
): EndpointResults[K] {
  const text = readFileSync(new URL(file, CORPUS), "utf8");
  const raw = wrap === "envelope" ? decodeEnvelope(text) : { [wrap.under]: JSON.parse(text) };
  return decoders[key](raw, { action: key });
}

/** `toRows` of a corpus file. */
export function rowsOf<D extends Dataset>(
  dataset: D,
  key: EndpointKey,
  file: string,
  wrap: Wrap = "envelope",
): RowOf<D>[] {
  // The endpoint key and the dataset are paired by the callers below.
  return toRows(dataset, body(key, file, wrap) as never);
}

/** ECG signal rows as a store takes them: heart get carries no signalid, the caller adds it. */
export function signalRows(signalid: number): (RowOf<"ecg_signal"> & { signalid: number })[] {
  return rowsOf("ecg_signal", "heart.get", "tomek-i__withings-sdk/heart_get.json").map((r) => ({
    signalid,
    ...r,
  }));
}

/**
 * Real rows for every sync dataset, from answers other projects captured (never copied
 * into this repository). Category-2 objectives come from the one corpus body that has them.
 */
export function realRows(): RealRows {
  const objectivesBody = rowsOf(
    "measures",
    "measure.getmeas",
    "vangorra__python_withings_api/measure_getmeas.json",
  );
  return {
    measures: [
      ...rowsOf("measures", "measure.getmeas", "astromechza__withings-to-mysql/getmeas.json"),
      ...rowsOf(
        "measures",
        "measure.getmeas",
        "joostlek__python-withings/measurement_positions.json",
        {
          under: "measuregrps",
        },
      ),
    ],
    objectives: objectivesBody.filter((r) => r.category === 2),
    activity: rowsOf(
      "activity",
      "measure.getactivity",
      "astromechza__withings-to-mysql/getactivity.json",
    ),
    intraday: rowsOf(
      "intraday",
      "measure.getintradayactivity",
      "astromechza__withings-to-mysql/getintraday.json",
    ),
    workouts: rowsOf(
      "workouts",
      "measure.getworkouts",
      "astromechza__withings-to-mysql/getworkouts.json",
    ),
    sleep_summaries: rowsOf(
      "sleep_summaries",
      "sleep.getsummary",
      "joostlek__python-withings/sleep_summary.json",
    ),
    sleep: rowsOf("sleep", "sleep.get", "joostlek__python-withings/sleep.json"),
    ecg: rowsOf("ecg", "heart.list", "tomek-i__withings-sdk/heart_list.json"),
    ecg_signal: [...signalRows(991), ...signalRows(992)],
    devices: [
      ...rowsOf("devices", "user.getdevice", "astromechza__withings-to-mysql/getdevice.json"),
      // A device listed without any id: stored under a key made of its type and model.
      ...rowsOf(
        "devices",
        "user.getdevice",
        "tomek-i__withings-sdk/user_getdevice_unknown_type.json",
      ),
    ],
    goals: rowsOf("goals", "user.getgoals", "joostlek__python-withings/goals.json"),
  };
}

/** 2,062 real measurement groups (a Body+ and a BPM Connect over years): a long history. */
export function longMeasureHistory(): RowOf<"measures">[] {
  return rowsOf("measures", "measure.getmeas", "joostlek__python-withings/measurement_list.json", {
    under: "measuregrps",
  });
}

/** Getmeas rows with categories 1, 2 and an unknown one (grpid 2 is both an objective and not). */
export function mixedCategoryRows(): RowOf<"measures">[] {
  return rowsOf(
    "measures",
    "measure.getmeas",
    "vangorra__python_withings_api/measure_getmeas.json",
  );
}
