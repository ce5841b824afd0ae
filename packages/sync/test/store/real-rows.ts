import {
  type Dataset,
  type EndpointKey,
  type EndpointResults,
  type RowOf,
  toRows,
} from "@withings-kit/client";
import { decodeEnvelope, decoders } from "@withings-kit/client/testing";
import { generateUser } from "@withings-kit/sandbox";
import { readAnswer } from "../../../client/test/fixtures/answers.js";
import type { rowDataset, SyncDataset } from "../../src/index.js";

/** Rows of each sync dataset, typed by the row type `toRows` makes for it. */
export type RealRows = { readonly [D in SyncDataset]: readonly RowOf<(typeof rowDataset)[D]>[] };

/**
 * Decodes one of our own answers (packages/client/test/fixtures: recorded from the sandbox,
 * or written from the reference) with the client's own decoder, as the sync engine would.
 */
export function body<K extends EndpointKey>(key: K, path: string): EndpointResults[K] {
  return decoders[key](decodeEnvelope(readAnswer(path)), { action: key });
}

/** `toRows` of one of our answers. */
export function rowsOf<D extends Dataset>(dataset: D, key: EndpointKey, path: string): RowOf<D>[] {
  // The endpoint key and the dataset are paired by the callers below.
  return toRows(dataset, body(key, path) as never);
}

/** ECG signal rows as a store takes them: heart get carries no signalid, the caller adds it. */
export function signalRows(signalid: number): (RowOf<"ecg_signal"> & { signalid: number })[] {
  return rowsOf("ecg_signal", "heart.get", "recorded/heart-get.json").map((r) => ({
    signalid,
    ...r,
  }));
}

/** The getmeas answers whose rows are `realRows().measures`, in that order. */
export const MEASURE_ANSWERS = ["recorded/getmeas-page1.json", "written/getmeas-weigh-ins.json"];

/**
 * Rows for every sync dataset from our own answers: a vitals-study user recorded from the
 * sandbox, plus the hand-written weigh-ins (twin groups, three exponents, an unknown type) and
 * a device listed without any id. Category-2 objectives come from the categories answer.
 */
export function realRows(): RealRows {
  const ecg = rowsOf("ecg", "heart.list", "recorded/heart-list.json");
  // The recorded signal is the first recording's (record.ts fetches that one).
  const recorded = ecg.find((r) => typeof r.signalid === "number")?.signalid;
  if (typeof recorded !== "number") throw new Error("heart-list.json lists no ECG recording");
  return {
    measures: MEASURE_ANSWERS.flatMap((path) => rowsOf("measures", "measure.getmeas", path)),
    objectives: mixedCategoryRows().filter((r) => r.category === 2),
    activity: rowsOf("activity", "measure.getactivity", "recorded/getactivity.json"),
    intraday: rowsOf(
      "intraday",
      "measure.getintradayactivity",
      "recorded/getintradayactivity.json",
    ),
    workouts: rowsOf("workouts", "measure.getworkouts", "recorded/getworkouts.json"),
    sleep_summaries: [
      ...rowsOf("sleep_summaries", "sleep.getsummary", "recorded/sleep-getsummary-page1.json"),
      ...rowsOf("sleep_summaries", "sleep.getsummary", "recorded/sleep-getsummary-page2.json"),
    ],
    sleep: rowsOf("sleep", "sleep.get", "recorded/sleep-get.json"),
    ecg,
    // The first recording's signal, and one (992) whose recording is not in the list.
    ecg_signal: [...signalRows(recorded), ...signalRows(992)],
    devices: [
      ...rowsOf("devices", "user.getdevice", "recorded/getdevice.json"),
      // A device listed without any id: stored under a key made of its type and model.
      ...rowsOf("devices", "user.getdevice", "written/getdevice-partial.json"),
    ],
    goals: rowsOf("goals", "user.getgoals", "recorded/getgoals.json"),
  };
}

let history: readonly RowOf<"measures">[] | undefined;

/**
 * A long history of the `measures` dataset: a year of a scale, blood-pressure and watch user
 * (about 2,400 groups), paged out of the sandbox's data layer and decoded as the client would.
 *
 * Only what the engine stores as `measures`: getmeas also lists the user's weight objectives
 * (category 2), which the engine syncs as `objectives` and a store files by their category
 * whichever dataset a batch names (docs/schema.md), so they would never stream back as
 * measures.
 */
export function longMeasureHistory(): RowOf<"measures">[] {
  if (history === undefined) {
    const now = 1_767_225_600; // 2026-01-01T00:00:00Z
    const user = generateUser({ profile: "vitals-study", years: 1, seed: 5, userId: "long", now });
    const groups: { readonly grpid: number; readonly category: number }[] = [];
    let offset = 0;
    for (;;) {
      const query = new URLSearchParams(offset > 0 ? { offset: String(offset) } : {});
      const page = decoders["measure.getmeas"](user.answer("measure.getmeas", query, now));
      groups.push(...page.measuregrps);
      if (!page.more) break;
      offset = page.offset ?? 0;
    }
    // Pages never overlap: a group listed twice would be a sandbox fault, not history.
    if (new Set(groups.map((g) => g.grpid)).size !== groups.length) {
      throw new Error("the sandbox listed a measure group on two pages");
    }
    const measuregrps = groups.filter((g) => g.category !== 2);
    history = toRows("measures", decoders["measure.getmeas"]({ measuregrps }));
  }
  return history.map((row) => ({ ...row }));
}

/** Getmeas rows with categories 1, 2 and an unknown one (grpid 2 is both an objective and not). */
export function mixedCategoryRows(): RowOf<"measures">[] {
  return rowsOf("measures", "measure.getmeas", "written/getmeas-categories.json");
}
