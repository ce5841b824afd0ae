import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decoders } from "../../src/decode/decoders.js";
import type { Cell } from "../../src/normalise/cell.js";
import { type BodyOf, type Dataset, datasetEndpoints } from "../../src/normalise/datasets.js";
import { type RowOf, toRows } from "../../src/normalise/to-rows.js";
import type { ToRowsOptions } from "../../src/normalise/to-rows-options.js";
import { answerFiles, readAnswer } from "../fixtures/answers.js";
import {
  conformanceCorpus,
  describeConformance,
  readCorpus,
} from "../helpers/conformance-corpus.js";

// Two sources of answers: our own (test/fixtures/answers: `recorded/…` from the sandbox,
// `written/…` from the reference), always; and, as an extra suite, real and transcribed
// answers other projects collected (the conformance corpus), read in place and never copied
// into this repository.

/** Every one of our own answers that holds a dataset, by dataset. */
const OWN_FIXTURES: Readonly<Record<Dataset, readonly string[]>> = {
  measures: [
    "recorded/getmeas-page1.json",
    "recorded/getmeas-page2.json",
    "written/getmeas-categories.json",
    "written/getmeas-weigh-ins.json",
  ],
  activity: [
    "recorded/getactivity.json",
    "written/getactivity-more-without-offset.json",
    "written/getactivity-opaque-offset.json",
  ],
  intraday: ["recorded/getintradayactivity.json", "written/getintradayactivity-empty.json"],
  workouts: ["recorded/getworkouts.json", "written/getworkouts-sparse.json"],
  sleep_summaries: [
    "recorded/sleep-getsummary-page1.json",
    "recorded/sleep-getsummary-page2.json",
    "written/sleep-getsummary-sparse.json",
  ],
  sleep: ["recorded/sleep-get.json", "written/sleep-get-states.json"],
  ecg: ["recorded/heart-list.json", "written/heart-list-more-without-offset.json"],
  ecg_signal: ["recorded/heart-get.json"],
  devices: ["recorded/getdevice.json", "written/getdevice-partial.json"],
  goals: [
    "recorded/getgoals.json",
    "written/getgoals-empty-list.json",
    "written/getgoals-weight-only.json",
  ],
  subscriptions: ["recorded/notify-list.json"],
};

/** Our answers that hold no dataset: errors, tokens, nonces, notify writes and gets, forms. */
const OWN_NOT_A_DATASET = /^(recorded|written)\/(error-|oauth2-|signature-|notify-(?!list))/;

/** The list key a bare-array fixture stands for, per dataset. */
const LIST_KEY: Partial<Record<Dataset, string>> = {
  measures: "measuregrps",
  activity: "activities",
  workouts: "series",
  sleep_summaries: "series",
  devices: "devices",
  subscriptions: "profiles",
};

/**
 * Every fixture that holds a dataset, by dataset. Fixtures come in three shapes: a full
 * envelope, a bare `body`, or (Home Assistant) only the list inside the body, or only
 * `body.goals`; {@link bodyOf} undoes the wrapping.
 */
const FIXTURES: Readonly<Record<Dataset, readonly string[]>> = {
  measures: [
    "astromechza__withings-to-mysql/getmeas.json",
    "astromechza__withings-to-mysql/getmeas_page1.json",
    "astromechza__withings-to-mysql/getmeas_page2.json",
    "home-assistant__core/get_meas.json",
    "home-assistant__core/get_meas_1.json",
    "home-assistant__core/measurements.json",
    "home-assistant__core/measurements_1.json",
    "joostlek__python-withings/measurement.json",
    "joostlek__python-withings/measurement_list.json",
    "joostlek__python-withings/measurement_list_2.json",
    "joostlek__python-withings/measurement_positions.json",
    "tomek-i__withings-sdk/measure_getmeas.json",
    "vangorra__python_withings_api/measure_getmeas.json",
  ],
  activity: [
    "astromechza__withings-to-mysql/getactivity.json",
    "astromechza__withings-to-mysql/getactivity_more_no_offset.json",
    "astromechza__withings-to-mysql/getactivity_page1.json",
    "astromechza__withings-to-mysql/getactivity_page2.json",
    "home-assistant__core/activity.json",
    "joostlek__python-withings/activity.json",
    "tomek-i__withings-sdk/measure_getactivity.json",
    "tomek-i__withings-sdk/measure_getactivity_sparse.json",
    "vangorra__python_withings_api/measure_getactivity.json",
  ],
  intraday: [
    "astromechza__withings-to-mysql/getintraday.json",
    "tomek-i__withings-sdk/measure_getintradayactivity.json",
  ],
  workouts: [
    "astromechza__withings-to-mysql/getworkouts.json",
    "home-assistant__core/workouts.json",
    "joostlek__python-withings/workouts.json",
    "tomek-i__withings-sdk/measure_getworkouts.json",
  ],
  sleep_summaries: [
    // Named getsleep, but it is a getsummary answer (SOURCES.md).
    "astromechza__withings-to-mysql/getsleep.json",
    "home-assistant__core/get_sleep.json",
    "home-assistant__core/sleep_summaries.json",
    "joostlek__python-withings/sleep_summary.json",
    "joostlek__python-withings/sleep_summary_no_datafields.json",
    "tomek-i__withings-sdk/sleep_getsummary.json",
    "tomek-i__withings-sdk/sleep_getsummary_page1.json",
    "tomek-i__withings-sdk/sleep_getsummary_page2.json",
    "vangorra__python_withings_api/sleep_getsummary.json",
  ],
  sleep: [
    "joostlek__python-withings/sleep.json",
    "joostlek__python-withings/sleep_no_datafields.json",
    "tomek-i__withings-sdk/sleep_get.json",
    "vangorra__python_withings_api/sleep_get_model_16.json",
    "vangorra__python_withings_api/sleep_get_model_unknown.json",
  ],
  ecg: [
    "tomek-i__withings-sdk/heart_list.json",
    "tomek-i__withings-sdk/heart_list_page1.json",
    "tomek-i__withings-sdk/heart_list_page2.json",
    "vangorra__python_withings_api/heart_list.json",
  ],
  ecg_signal: [
    "tomek-i__withings-sdk/heart_get.json",
    "vangorra__python_withings_api/heart_get_wearposition_3.json",
    "vangorra__python_withings_api/heart_get_wearposition_unknown.json",
  ],
  devices: [
    "astromechza__withings-to-mysql/getdevice.json",
    "home-assistant__core/devices.json",
    "home-assistant__core/get_device.json",
    "home-assistant__core/person0_get_device.json",
    "joostlek__python-withings/device.json",
    "joostlek__python-withings/new_device.json",
    "tomek-i__withings-sdk/user_getdevice.json",
    "tomek-i__withings-sdk/user_getdevice_unknown_type.json",
    "vangorra__python_withings_api/user_getdevice.json",
  ],
  goals: [
    "home-assistant__core/goals.json",
    "home-assistant__core/goals_1.json",
    "joostlek__python-withings/goals.json",
    "joostlek__python-withings/goals_1.json",
    "joostlek__python-withings/goals_2.json",
    "joostlek__python-withings/no_goals.json",
    "tomek-i__withings-sdk/user_getgoals.json",
    "tomek-i__withings-sdk/user_getgoals_steps_only.json",
  ],
  subscriptions: [
    "home-assistant__core/notifications.json",
    "home-assistant__core/notify_list.json",
    "home-assistant__core/person0_notify_list.json",
    "joostlek__python-withings/notify_list.json",
    "tomek-i__withings-sdk/notify_list.json",
    "vangorra__python_withings_api/notify_list.json",
  ],
};

/** Fixtures that hold no dataset: errors, tokens, nonces, empty write answers, single gets. */
const NOT_A_DATASET =
  /(^|\/)(error_|oauth2_|requesttoken|getnonce|notify_(revoke|subscribe|update|get_|callback)|measure_confirmuser)/;

/** Our own answers are named `recorded/…` or `written/…`; any other path is in the corpus. */
function readJson(path: string): unknown {
  const own = path.startsWith("recorded/") || path.startsWith("written/");
  return JSON.parse(own ? readAnswer(path) : readCorpus(path));
}

/** The raw `body` of a fixture, whatever its wrapping. */
function rawBody(dataset: Dataset, path: string): unknown {
  const json = readJson(path);
  if (Array.isArray(json)) return { [LIST_KEY[dataset] ?? "series"]: json };
  const object = json as { body?: unknown };
  if ("body" in object) return object.body;
  if (dataset === "goals" && !("goals" in object)) return { goals: object };
  return object;
}

function decoded<D extends Dataset>(dataset: D, path: string): BodyOf<D> {
  const decode = decoders[datasetEndpoints[dataset]] as (body: unknown) => BodyOf<D>;
  return decode(rawBody(dataset, path));
}

function rows<D extends Dataset>(dataset: D, path: string, options?: ToRowsOptions): RowOf<D>[] {
  return toRows(dataset, decoded(dataset, path), options);
}

/** How many rows a raw body must give, counted on the JSON without the library. */
function expectedCount(dataset: Dataset, body: unknown): number {
  const b = body as Record<string, unknown> & {
    series?: object;
    signal?: unknown[];
    goals?: object;
  };
  const list = (key: string) => (Array.isArray(b[key]) ? (b[key] as unknown[]) : []);
  switch (dataset) {
    case "measures":
      return list("measuregrps").reduce<number>(
        (n, g) => n + ((g as { measures: unknown[] }).measures?.length ?? 0),
        0,
      );
    case "activity":
      return list("activities").length;
    case "intraday":
      return Object.keys(b.series ?? {}).length;
    case "workouts":
    case "sleep_summaries":
    case "ecg":
      return list("series").length;
    case "sleep":
      return list("series").reduce<number>((n, s) => {
        const seg = s as Record<string, unknown>;
        const times = new Set<string>();
        for (const f of ["hr", "rr", "snoring", "sdnn_1", "rmssd", "hrv_quality", "mvt_score"]) {
          for (const key of Object.keys((seg[f] as object) ?? {})) times.add(key);
        }
        return n + Math.max(1, times.size);
      }, 0);
    case "ecg_signal":
      return b.signal?.length ?? 0;
    case "devices":
      return list("devices").length;
    case "goals":
      return Array.isArray(b.goals) ? 0 : Object.keys(b.goals ?? {}).length;
    case "subscriptions":
      return list("profiles").length;
  }
}

function expectFlatAndStable(out: readonly Readonly<Record<string, Cell>>[]): void {
  const keys = Object.keys(out[0] ?? {});
  for (const row of out) {
    expect(Object.keys(row)).toEqual(keys);
    for (const value of Object.values(row)) {
      expect(value === null || ["string", "number", "boolean"].includes(typeof value)).toBe(true);
    }
  }
}

/** Decodes and flattens every listed answer: one row per item, flat cells, stable keys. */
function everyFixture(fixtures: Readonly<Record<Dataset, readonly string[]>>): void {
  for (const [dataset, paths] of Object.entries(fixtures) as [Dataset, readonly string[]][]) {
    for (const path of paths) {
      it(`${dataset}: ${path}`, () => {
        const out = rows(dataset, path) as unknown as Readonly<Record<string, Cell>>[];
        expect(out).toHaveLength(expectedCount(dataset, rawBody(dataset, path)));
        expectFlatAndStable(out);
      });
    }
  }
}

describe("our own answers: decode + toRows", () => {
  it("covers every dataset answer of ours", () => {
    const all = answerFiles().filter((p) => !OWN_NOT_A_DATASET.test(p));
    expect(all).toEqual(Object.values(OWN_FIXTURES).flat().sort());
  });

  everyFixture(OWN_FIXTURES);
});

describe("our own answers: real values", () => {
  it("one weigh-in as twin groups (Q10) in the body's zone, exact at every exponent (Q18)", () => {
    const out = rows("measures", "written/getmeas-weigh-ins.json");
    const weighIn = out.filter((r) => r.grpid === 5200000001);
    expect(weighIn.map((r) => [r.type, r.attrib])).toEqual([
      [1, 0],
      [5, 0],
      [6, 0],
      [8, 0],
      [76, 0],
      [77, 0],
      [88, 0],
      [91, 8],
      [155, 8],
    ]);
    expect(weighIn[0]).toMatchObject({
      name: "Weight",
      value: 72.45,
      unit: "kg",
      rawValue: 72450,
      rawUnit: -3,
      date: "2026-01-01T07:00:00Z",
      localDate: "2026-01-01",
      localTime: "08:00:00",
      timezone: "Europe/Berlin",
      model: "Body Cardio",
      modelid: 6,
    });
    const weights = out.filter((r) => r.type === 1);
    expect(weights.map((r) => [r.value, r.rawUnit])).toEqual([
      [72.45, -3],
      [72.5, -4],
      [61.1, -2],
    ]);
    for (const row of out) expect(row.value).toBe(Number(`${row.rawValue}e${row.rawUnit}`));
    // 72.45 kg × 2.20462… = 159.725 lb.
    expect(
      toRows("measures", decoded("measures", "written/getmeas-weigh-ins.json"), {
        imperial: true,
      })[0],
    ).toMatchObject({ value: 159.725, unit: "lb" });
  });

  it("attribution, a source without device, and an unknown measure type kept", () => {
    const out = rows("measures", "written/getmeas-weigh-ins.json");
    expect(out.find((r) => r.grpid === 5200000003)?.ambiguous).toBe(true);
    expect(out.find((r) => r.grpid === 5200000001)?.ambiguous).toBe(false);
    const unknown = out.find((r) => r.type === 9999);
    expect(unknown).toMatchObject({
      name: "Unknown type 9999",
      knownType: false,
      value: 4.2,
      unit: "",
      deviceid: null,
      model: null,
    });
  });

  it("a BP pair and pulse from a BPM Core share their group and instant", () => {
    const out = rows("measures", "recorded/getmeas-page1.json").filter(
      (r) => r.grpid === 6802046603,
    );
    expect(out.map((r) => [r.type, r.value, r.unit])).toEqual([
      [9, 88, "mmHg"],
      [10, 136, "mmHg"],
      [11, 72, "bpm"],
    ]);
    for (const row of out) {
      expect(row).toMatchObject({
        date: "2026-01-13T20:02:07Z",
        localDate: "2026-01-13",
        localTime: "21:02:07",
        timezone: "Europe/Paris",
        model: "BPM Core",
      });
    }
  });

  it("Body Scan: whole-body position 7 twice, segmental 174 once per position", () => {
    const group = rows("measures", "recorded/getmeas-page1.json").filter(
      (r) => r.grpid === 6802046600,
    );
    expect(group).toHaveLength(28);
    expect(group.filter((r) => r.type === 5).map((r) => [r.position, r.value])).toEqual([
      [7, 52.4],
      [7, 52.4],
    ]);
    expect(group.filter((r) => r.type === 174).map((r) => [r.position, r.value])).toEqual([
      [12, 12.99],
      [10, 3.75],
      [3, 1.36],
      [11, 3.74],
      [2, 1.36],
    ]);
  });

  it("sleep summaries: the date is the local wake-up day (Q14), Paris and Los Angeles", () => {
    const paris = rows("sleep_summaries", "recorded/sleep-getsummary-page1.json");
    expect(paris).toHaveLength(5);
    expect(paris.every((r) => r.timezone === "Europe/Paris" && r.localEndDate === r.date)).toBe(
      true,
    );
    expect(paris[0]).toMatchObject({
      date: "2026-01-01",
      localStartDate: "2025-12-31",
      localStartTime: "23:55:04",
      localEndTime: "07:42:04",
      durationSeconds: 28020,
      modelName: "ScanWatch",
      sleep_efficiency: 0.92,
      hr_average: null,
    });
    const la = rows("sleep_summaries", "written/sleep-getsummary-sparse.json");
    expect(
      la.map((r) => [r.date, r.localStartDate, r.localStartTime, r.localEndDate, r.modelName]),
    ).toEqual([
      ["2026-01-01", "2025-12-31", "22:00:00", "2026-01-01", "Aura Sensor V2"],
      ["2026-01-02", "2026-01-01", "22:00:00", "2026-01-02", "ScanWatch"],
    ]);
  });

  it("intraday: the keyed series becomes time-sorted rows; `[]` becomes none", () => {
    const out = rows("intraday", "recorded/getintradayactivity.json", { timezone: "Europe/Paris" });
    expect(out).toHaveLength(6);
    const times = out.map((r) => r.time as string);
    expect([...times].sort()).toEqual(times);
    expect(out[0]).toMatchObject({
      time: "2026-01-12T12:00:26Z",
      localTime: "13:00:26",
      heart_rate: 71,
      duration: 37,
      steps: null,
    });
    expect(rows("intraday", "written/getintradayactivity-empty.json")).toEqual([]);
  });

  it("workouts: int64 ids, local day in the workout's zone, sparse data as nulls", () => {
    const out = rows("workouts", "recorded/getworkouts.json");
    expect(out).toHaveLength(16);
    expect(out[0]).toMatchObject({
      id: 5800204260,
      categoryKey: "swimming",
      date: "2025-12-04",
      localStartTime: "09:54:38",
      durationSeconds: 3955,
      algo_pause_duration: 116,
      steps: null,
    });
    expect(out.every((r) => r.localStartDate === r.date)).toBe(true);
    const sparse = rows("workouts", "written/getworkouts-sparse.json");
    expect(
      sparse.map((r) => [r.calories, r.hr_average, r.algo_pause_duration, r.modelName]),
    ).toEqual([
      [320.5, 0, null, "GoogleFit tracker"],
      [null, null, null, "ScanWatch"],
    ]);
  });

  it("sleep detail: every sample with the state of its segment; unknown states stay", () => {
    const out = rows("sleep", "recorded/sleep-get.json", { timezone: "Europe/Paris" });
    expect(out).toHaveLength(449);
    expect(out[0]).toMatchObject({
      time: "2026-01-11T21:58:39Z",
      localTime: "22:58:39",
      state: 0,
      stateKey: "awake",
      hr: 55,
      rr: 15,
      snoring: 0,
      deviceClass: 16,
    });
    const states = rows("sleep", "written/sleep-get-states.json");
    expect(states.map((r) => [r.state, r.stateKey, r.hr])).toEqual([
      [0, "awake", null],
      [15, "outOfBed", null],
      [77, null, null],
    ]);
    expect(states.every((r) => r.time === r.segmentStart)).toBe(true);
  });

  it("ECG list and signal", () => {
    const list = rows("ecg", "recorded/heart-list.json");
    expect(list[0]).toMatchObject({
      signalid: 380204660,
      afibKey: "negative",
      systole: 144,
      diastole: 82,
      modelName: "BPM Core",
    });
    expect(new Set(list.map((r) => r.afibKey))).toEqual(
      new Set(["negative", "positive", "inconclusive"]),
    );
    expect(rows("ecg", "written/heart-list-more-without-offset.json")).toMatchObject([
      { signalid: null, heart_rate: 61, timestamp: null },
    ]);
    const signal = rows("ecg_signal", "recorded/heart-get.json");
    expect(signal).toHaveLength(10_000);
    // 500 Hz: two milliseconds a sample.
    expect(signal[2]).toMatchObject({ index: 2, offsetSeconds: 0.004, sampling_frequency: 500 });
  });

  it("devices, goals and subscriptions", () => {
    expect(rows("devices", "written/getdevice-partial.json")).toMatchObject([
      { modelName: "Sleep Analyzer", battery: "unknown", first_session_date: null },
      { type: "Gateway", deviceid: null, model_id: null },
    ]);
    expect(rows("goals", "written/getgoals-empty-list.json")).toEqual([]);
    expect(rows("goals", "written/getgoals-weight-only.json")).toEqual([
      { goal: "weight", value: 70.5, unit: "kg", rawValue: 70500, rawUnit: -3 },
    ]);
    expect(rows("goals", "recorded/getgoals.json").map((r) => [r.goal, r.value, r.unit])).toEqual([
      ["steps", 6000, "steps"],
      ["sleep", 23400, "s"],
      ["weight", 69.8, "kg"],
    ]);
    expect(rows("subscriptions", "recorded/notify-list.json")).toEqual([
      {
        appli: 1,
        appliKey: "weight",
        scope: "user.metrics",
        callbackurl: "https://example.test/withings/hook",
        comment: "weights",
        expires: 2147483647,
      },
    ]);
  });
});

describeConformance("decode + toRows, and real values", () => {
  describe("decode + toRows", () => {
    it("covers every dataset fixture in the corpus", () => {
      const all = readdirSync(conformanceCorpus.url, { recursive: true, encoding: "utf8" })
        .map((p) => p.replaceAll("\\", "/"))
        .filter((p) => p.endsWith(".json") && !NOT_A_DATASET.test(p))
        .sort();
      expect(all).toEqual(Object.values(FIXTURES).flat().sort());
    });

    everyFixture(FIXTURES);
  });

  describe("real values", () => {
    it("weight from a Body+ in the body's zone, with the attrib 0/8 twin groups (Q10)", () => {
      const out = rows("measures", "joostlek__python-withings/measurement.json");
      expect(out).toHaveLength(2);
      for (const row of out) {
        expect(row).toMatchObject({
          grpid: 4815757309,
          type: 1,
          name: "Weight",
          value: 118.003,
          unit: "kg",
          rawValue: 118003,
          rawUnit: -3,
          date: "2023-09-02T10:39:11Z",
          localDate: "2023-09-02",
          localTime: "12:39:11",
          timezone: "Europe/Amsterdam",
          model: "Body+",
          modelid: 5,
        });
      }
      expect(out.map((r) => r.attrib)).toEqual([0, 8]);
      expect(
        toRows("measures", decoded("measures", "joostlek__python-withings/measurement.json"), {
          imperial: true,
        })[0],
      ).toMatchObject({ value: 260.152, unit: "lb" });
    });

    it("a BP pair and pulse from a BPM Connect share their group and instant", () => {
      const out = rows("measures", "joostlek__python-withings/measurement_list.json", {
        timezone: "Europe/Amsterdam",
      }).filter((r) => r.grpid === 2726388728);
      expect(out.map((r) => [r.type, r.value, r.unit])).toEqual([
        [9, 106, "mmHg"],
        [10, 143, "mmHg"],
        [11, 82, "bpm"],
      ]);
      for (const row of out) {
        expect(row).toMatchObject({
          date: "2021-05-03T11:00:31Z",
          localDate: "2021-05-03",
          localTime: "13:00:31",
          offsetMinutes: 120,
          model: "BPM Connect",
        });
      }
    });

    it("the exponent varies per record for one type (Q18) and every value stays exact", () => {
      const out = rows("measures", "joostlek__python-withings/measurement_list.json");
      const weights = out.filter((r) => r.type === 1);
      expect(new Set(weights.map((r) => r.rawUnit))).toEqual(new Set([-4, -3, -2]));
      expect(weights.find((r) => r.grpid === 3080882802)).toMatchObject({
        value: 50,
        rawValue: 500000,
        rawUnit: -4,
      });
      expect(weights.find((r) => r.grpid === 3170892227)).toMatchObject({
        value: 67,
        rawValue: 6700,
        rawUnit: -2,
      });
      for (const row of out) expect(row.value).toBe(Number(`${row.rawValue}e${row.rawUnit}`));
      expect(out.every((r) => r.knownType)).toBe(true);
    });

    it("Body Scan: whole-body position 7, segmental 173–175 per position, AFib class 8", () => {
      const out = rows("measures", "joostlek__python-withings/measurement_positions.json");
      const group = out.filter((r) => r.grpid === 5149666502);
      expect(group.filter((r) => r.type === 5).map((r) => [r.position, r.value])).toEqual([
        [7, 77.18],
        [7, 77.18],
      ]);
      expect(group.filter((r) => r.type === 174).map((r) => [r.position, r.value])).toEqual([
        [12, 12.09],
        [10, 2.41],
        [3, 1.07],
        [11, 2.07],
        [2, 0.99],
      ]);
      const afib = rows("measures", "joostlek__python-withings/measurement_list_2.json").filter(
        (r) => r.type === 130,
      );
      expect(afib.map((r) => [r.value, r.unit, r.name])).toContainEqual([
        8,
        "",
        "Atrial fibrillation result (ECG)",
      ]);
    });

    it("ScanWatch 2 SpO2 and pulse, in the group's own zone", () => {
      const out = rows("measures", "astromechza__withings-to-mysql/getmeas.json");
      expect(
        out.map((r) => [r.grpid, r.key, r.value, r.unit, r.localDate, r.localTime, r.timezone]),
      ).toEqual([
        [7580821262, "spo2", 99, "%", "2026-04-03", "23:52:57", "Europe/London"],
        [7580821256, "heartPulse", 63, "bpm", "2026-04-03", "23:51:48", "Europe/London"],
        [7583593079, "heartPulse", 83, "bpm", "2026-04-04", "17:26:46", "Europe/London"],
      ]);
    });

    it("synthetic extremes: unknown type kept, huge exponents, ambiguous attribs", () => {
      const out = rows("measures", "vangorra__python_withings_api/measure_getmeas.json");
      expect(out.map((r) => [r.type, r.value, r.ambiguous, r.knownType])).toEqual([
        [4, 1.1e112, true, true],
        [1, 1.2e122, true, true],
        [71, 2.1e212, true, true],
        [88, 2.2e222, true, true],
        [1234567, 2.3e232, false, false],
      ]);
      expect(out[4]?.name).toBe("Unknown type 1234567");
    });

    it("sleep summaries: the date is the local wake-up day, Paris and Los Angeles (Q14)", () => {
      const paris = rows("sleep_summaries", "joostlek__python-withings/sleep_summary.json");
      expect(paris).toHaveLength(300);
      expect(paris.every((r) => r.timezone === "Europe/Paris" && r.localEndDate === r.date)).toBe(
        true,
      );
      expect(paris.filter((r) => r.localStartDate !== r.date)).toHaveLength(300);
      const mixed = rows("sleep_summaries", "vangorra__python_withings_api/sleep_getsummary.json");
      expect(
        mixed.map((r) => [
          r.timezone,
          r.date,
          r.localStartDate,
          r.localStartTime,
          r.localEndDate,
          r.localEndTime,
        ]),
      ).toEqual([
        ["Europe/London", "2018-10-30", "2018-10-29", "23:57:00", "2018-10-30", "10:57:00"],
        ["America/Los_Angeles", "2018-10-31", "2018-10-30", "17:16:00", "2018-10-31", "01:10:00"],
        ["America/Los_Angeles", "2018-10-31", "2018-10-30", "17:16:00", "2018-10-31", "01:10:00"],
      ]);
      expect(mixed[0]).toMatchObject({
        deepsleepduration: 111,
        sleep_score: 122,
        snoringepisodecount: 124,
      });
      const scanwatch = rows("sleep_summaries", "astromechza__withings-to-mysql/getsleep.json")[0];
      expect(scanwatch).toMatchObject({
        model: 16,
        model_id: 94,
        modelName: "ScanWatch 2",
        completed: true,
        deepsleepduration: 17580,
        hr_min: 41,
        durationSeconds: 23700,
      });
    });

    it("intraday: the keyed series becomes time-sorted rows", () => {
      const out = rows("intraday", "astromechza__withings-to-mysql/getintraday.json", {
        timezone: "Europe/London",
      });
      expect(out).toHaveLength(16);
      const times = out.map((r) => r.time as string);
      expect([...times].sort()).toEqual(times);
      expect(out.find((r) => r.core_body_temperature !== null)).toMatchObject({
        time: "2026-05-01T20:56:30Z",
        localTime: "21:56:30",
        core_body_temperature: 37.243,
        duration: 60,
      });
      expect(out.filter((r) => r.steps !== null).map((r) => r.steps)).toEqual([
        8, 11, 0, 24, 15, 7,
      ]);
      expect(out.find((r) => r.distance === 6.74)).toMatchObject({ calories: 0.26, model_id: 94 });
    });

    it("workouts: Google Fit model ids, int64 ids, local day in the workout's zone", () => {
      const out = rows("workouts", "joostlek__python-withings/workouts.json");
      expect(out).toHaveLength(11);
      expect(out[0]).toMatchObject({
        id: 3661300277,
        categoryKey: "walk",
        model: 1055,
        modelName: "GoogleFit tracker",
        date: "2023-08-29",
        localStartDate: "2023-08-29",
        localStartTime: "21:06:51",
        durationSeconds: 502,
        steps: 779,
        algo_pause_duration: null,
        spo2_average: 15,
      });
      expect(out.every((r) => r.localStartDate === r.date)).toBe(true);
      const sdk = rows("workouts", "tomek-i__withings-sdk/measure_getworkouts.json")[0];
      expect(sdk).toMatchObject({ calories: 300.5, extra: '{"effduration":3500}' });
    });

    it("sleep detail: every sample of 613 segments, with the state of its segment", () => {
      const out = rows("sleep", "joostlek__python-withings/sleep.json", {
        timezone: "Europe/Paris",
      });
      expect(out).toHaveLength(2872);
      expect(out[0]).toMatchObject({
        time: "2021-04-17T20:30:53Z",
        localTime: "22:30:53",
        state: 0,
        stateKey: "awake",
        hr: 70,
        rr: 15,
        snoring: 0,
        model: "Aura Sensor V2",
        model_id: 63,
        deviceClass: 32,
      });
      const states = rows("sleep", "joostlek__python-withings/sleep_no_datafields.json");
      expect(states.every((r) => r.hr === null && r.time === r.segmentStart)).toBe(true);
      const unknown = rows("sleep", "vangorra__python_withings_api/sleep_get_model_unknown.json");
      expect(unknown.find((r) => r.state === 1234567)?.stateKey).toBeNull();
    });

    it("ECG list and signal", () => {
      const list = rows("ecg", "vangorra__python_withings_api/heart_list.json");
      expect(list.map((r) => [r.signalid, r.afibKey, r.systole, r.diastole, r.modelName])).toEqual([
        [9876543, "negative", 120, 80, "BPM Core"],
        [7654321, "positive", 125, 75, "BPM Core"],
        [123987, "inconclusive", null, null, "Move ECG"],
        [123987, null, null, null, null],
      ]);
      expect(rows("ecg", "tomek-i__withings-sdk/heart_list_page1.json")).toMatchObject([
        { signalid: null, heart_rate: 60, timestamp: null },
      ]);
      const signal = rows("ecg_signal", "tomek-i__withings-sdk/heart_get.json");
      expect(signal.map((r) => r.microvolts)).toEqual([-12, 4, 37]);
      expect(signal[2]).toMatchObject({
        offsetSeconds: 2 / 300,
        heart_rate: 63,
        wearposition: 1,
        model: 91,
      });
      expect(
        rows("ecg_signal", "vangorra__python_withings_api/heart_get_wearposition_3.json")[1],
      ).toMatchObject({
        microvolts: 0,
        offsetSeconds: 0.002,
        sampling_frequency: 500,
        wearposition: 3,
      });
    });

    it("devices, goals and subscriptions", () => {
      const devices = rows("devices", "joostlek__python-withings/device.json");
      expect(devices[0]).toMatchObject({
        modelName: "Body+",
        first_session_date: null,
        last_session_date: "2023-09-04T22:39:39Z",
      });
      expect(devices.map((r) => r.battery)).toContain("unknown");
      expect(rows("goals", "joostlek__python-withings/no_goals.json")).toEqual([]);
      expect(rows("goals", "home-assistant__core/goals_1.json")).toEqual([
        { goal: "weight", value: 70.5, unit: "kg", rawValue: 70500, rawUnit: -3 },
      ]);
      expect(
        rows("goals", "joostlek__python-withings/goals.json").map((r) => [r.goal, r.value, r.unit]),
      ).toEqual([
        ["steps", 10000, "steps"],
        ["sleep", 28800, "s"],
        ["weight", 70.5, "kg"],
      ]);
      expect(rows("subscriptions", "joostlek__python-withings/notify_list.json")).toEqual([
        {
          appli: 1,
          appliKey: "weight",
          scope: "user.metrics",
          callbackurl: "https://www.withings.com",
          comment: "My notification subscription",
          expires: 2147483647,
        },
      ]);
    });
  });
});
