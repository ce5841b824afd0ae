// Rows of answers other projects captured from real accounts, read in place from the
// conformance corpus (never copied into this repository). Only `describeConformance` suites
// call these: the default suites run on our own answers (real-rows.ts).

import { type EndpointKey, type RowOf, toRows } from "@withings-kit/client";
import { decodeEnvelope, decoders } from "@withings-kit/client/testing";
import { readCorpus } from "../../../client/test/helpers/conformance-corpus.js";
import type { RealRows } from "./real-rows.js";

/** How a corpus file holds its answer (SOURCES.md): an envelope, or a list under a body key. */
type Wrap = "envelope" | { readonly under: string };

/** `toRows` of a corpus file, decoded with the client's own decoder. */
function corpusRowsOf<D extends keyof RealRows>(
  dataset: D,
  key: EndpointKey,
  file: string,
  wrap: Wrap = "envelope",
): RealRows[D] {
  const text = readCorpus(file);
  const raw = wrap === "envelope" ? decodeEnvelope(text) : { [wrap.under]: JSON.parse(text) };
  // The endpoint key and the dataset are paired by the callers below.
  return toRows(dataset as never, decoders[key](raw, { action: key }) as never) as RealRows[D];
}

/** Captured rows for every sync dataset; two made-up signal ids share the one captured signal. */
export function corpusRows(): RealRows {
  const signal = corpusRowsOf("ecg_signal", "heart.get", "tomek-i__withings-sdk/heart_get.json");
  const objectives = corpusRowsOf(
    "measures",
    "measure.getmeas",
    "vangorra__python_withings_api/measure_getmeas.json",
  );
  return {
    measures: [
      ...corpusRowsOf("measures", "measure.getmeas", "astromechza__withings-to-mysql/getmeas.json"),
      ...corpusRowsOf(
        "measures",
        "measure.getmeas",
        "joostlek__python-withings/measurement_positions.json",
        { under: "measuregrps" },
      ),
    ],
    objectives: objectives.filter((r) => r.category === 2),
    activity: corpusRowsOf(
      "activity",
      "measure.getactivity",
      "astromechza__withings-to-mysql/getactivity.json",
    ),
    intraday: corpusRowsOf(
      "intraday",
      "measure.getintradayactivity",
      "astromechza__withings-to-mysql/getintraday.json",
    ),
    workouts: corpusRowsOf(
      "workouts",
      "measure.getworkouts",
      "astromechza__withings-to-mysql/getworkouts.json",
    ),
    sleep_summaries: corpusRowsOf(
      "sleep_summaries",
      "sleep.getsummary",
      "joostlek__python-withings/sleep_summary.json",
    ),
    sleep: corpusRowsOf("sleep", "sleep.get", "joostlek__python-withings/sleep.json"),
    ecg: corpusRowsOf("ecg", "heart.list", "tomek-i__withings-sdk/heart_list.json"),
    ecg_signal: [991, 992].flatMap((signalid) => signal.map((r) => ({ signalid, ...r }))),
    devices: [
      ...corpusRowsOf("devices", "user.getdevice", "astromechza__withings-to-mysql/getdevice.json"),
      ...corpusRowsOf(
        "devices",
        "user.getdevice",
        "tomek-i__withings-sdk/user_getdevice_unknown_type.json",
      ),
    ],
    goals: corpusRowsOf("goals", "user.getgoals", "joostlek__python-withings/goals.json"),
  };
}

/** 2,062 captured measurement groups (a Body+ and a BPM Connect over years). */
export function corpusMeasureHistory(): RowOf<"measures">[] {
  return [
    ...corpusRowsOf(
      "measures",
      "measure.getmeas",
      "joostlek__python-withings/measurement_list.json",
      { under: "measuregrps" },
    ),
  ];
}
