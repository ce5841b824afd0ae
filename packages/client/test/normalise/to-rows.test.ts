import { describe, expect, it } from "vitest";
import { WithingsArgumentError } from "../../src/errors/withings-argument-error.js";
import type { Cell } from "../../src/normalise/cell.js";
import { DATASETS, datasetEndpoints } from "../../src/normalise/datasets.js";
import { toRows } from "../../src/normalise/to-rows.js";
import type { GetMeasBody } from "../../src/types/measure.js";

const at = (iso: string) => Date.parse(iso) / 1000;

/** Every row has the same keys in the same order, and only primitive values. */
function expectFlatAndStable(rows: readonly Readonly<Record<string, Cell>>[]): void {
  const keys = Object.keys(rows[0] ?? {});
  for (const row of rows) {
    expect(Object.keys(row)).toEqual(keys);
    for (const value of Object.values(row)) {
      expect(value === null || ["string", "number", "boolean"].includes(typeof value)).toBe(true);
    }
  }
}

const MEAS: GetMeasBody = {
  updatetime: 1711846900,
  timezone: "Europe/Paris",
  more: 0,
  offset: 0,
  measuregrps: [
    {
      grpid: 5423702714,
      attrib: 0,
      date: at("2024-03-31T00:59:59Z"),
      created: at("2024-03-31T01:00:30Z"),
      modified: at("2024-03-31T01:00:30Z"),
      category: 1,
      deviceid: "abc",
      hash_deviceid: "abc",
      model: "Body Scan",
      modelid: 10,
      measures: [
        { value: 95817, type: 1, unit: -3, algo: 3, fm: 3 },
        { value: 3215, type: 174, unit: -2, position: 12 },
        { value: 230, type: 1234567, unit: 0 },
      ],
    },
    {
      grpid: 2,
      attrib: 1,
      date: at("2024-03-31T01:00:00Z"),
      category: 1,
      deviceid: null,
      measures: [
        { value: 8200, type: 9, unit: -2 },
        { value: 120, type: 10, unit: 0 },
      ],
    },
    {
      grpid: 3,
      attrib: 4,
      // The group's own zone wins over the body's (Q14).
      timezone: "America/Los_Angeles",
      date: at("2024-07-01T03:30:00Z"),
      category: 2,
      measures: [{ value: 37370, type: 71, unit: -3 }],
    },
    {
      grpid: 4,
      attrib: 0,
      // An invalid group zone falls back to the body's.
      timezone: "Not/AZone",
      date: at("2024-07-01T03:30:00Z"),
      category: 1,
      measures: [{ value: 1600, type: 4, unit: -3 }],
    },
  ],
};

describe("toRows: measures", () => {
  it("flattens one row per measure with exact values, local time and flags", () => {
    const rows = toRows("measures", MEAS);
    expect(rows).toHaveLength(7);
    expectFlatAndStable(rows);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "grpid",
      "type",
      "key",
      "name",
      "value",
      "unit",
      "rawValue",
      "rawUnit",
      "date",
      "localDate",
      "localTime",
      "offsetMinutes",
      "timezone",
      "attrib",
      "ambiguous",
      "category",
      "position",
      "deviceid",
      "model",
      "modelid",
      "created",
      "modified",
      "knownType",
    ]);
    expect(rows[0]).toEqual({
      grpid: 5423702714,
      type: 1,
      key: "weight",
      name: "Weight",
      value: 95.817,
      unit: "kg",
      rawValue: 95817,
      rawUnit: -3,
      date: "2024-03-31T00:59:59Z",
      localDate: "2024-03-31",
      localTime: "01:59:59",
      offsetMinutes: 60,
      timezone: "Europe/Paris",
      attrib: 0,
      ambiguous: false,
      category: 1,
      position: null,
      deviceid: "abc",
      model: "Body Scan",
      modelid: 10,
      created: "2024-03-31T01:00:30Z",
      modified: "2024-03-31T01:00:30Z",
      knownType: true,
    });
    expect(rows[1]).toMatchObject({ type: 174, value: 32.15, unit: "kg", position: 12 });
    expect(rows[2]).toMatchObject({
      type: 1234567,
      key: "type1234567",
      name: "Unknown type 1234567",
      value: 230,
      unit: "",
      knownType: false,
    });
    expect(rows[3]).toMatchObject({
      grpid: 2,
      type: 9,
      value: 82,
      unit: "mmHg",
      localTime: "03:00:00",
      offsetMinutes: 120,
      ambiguous: true,
      deviceid: null,
      model: null,
      modelid: null,
      created: null,
      modified: null,
    });
    expect(rows[4]).toMatchObject({ grpid: 2, type: 10, value: 120, rawUnit: 0 });
    expect(rows[5]).toMatchObject({
      grpid: 3,
      value: 37.37,
      unit: "°C",
      timezone: "America/Los_Angeles",
      localDate: "2024-06-30",
      localTime: "20:30:00",
      offsetMinutes: -420,
      ambiguous: true,
      category: 2,
    });
    expect(rows[6]).toMatchObject({
      grpid: 4,
      timezone: "Europe/Paris",
      localDate: "2024-07-01",
      localTime: "05:30:00",
    });
  });

  it("converts kg, m and °C with the imperial option, keeping the raw metric value", () => {
    const rows = toRows("measures", MEAS, { imperial: true });
    expect(rows[0]).toMatchObject({ value: 211.24, unit: "lb", rawValue: 95817, rawUnit: -3 });
    expect(rows[3]).toMatchObject({ value: 82, unit: "mmHg" });
    expect(rows[5]).toMatchObject({ value: 99.266, unit: "°F" });
    expect(rows[6]).toMatchObject({ value: 62.99, unit: "in" });
  });

  it("uses the timezone option when neither group nor body has a zone", () => {
    const { timezone: _omit, ...body } = MEAS;
    const rows = toRows("measures", body, { timezone: "Asia/Kathmandu" });
    expect(rows[0]).toMatchObject({ timezone: "Asia/Kathmandu", localTime: "06:44:59" });
    expect(rows[5]?.timezone).toBe("America/Los_Angeles");
    expect(toRows("measures", body)[0]).toMatchObject({ timezone: "UTC", localTime: "00:59:59" });
  });

  it("gives no rows for no groups and does not modify the body", () => {
    expect(toRows("measures", { measuregrps: [] })).toEqual([]);
    const copy = structuredClone(MEAS);
    toRows("measures", MEAS, { imperial: true });
    expect(MEAS).toEqual(copy);
  });
});

describe("toRows: other datasets", () => {
  it("activity: one row per day, metrics by API name, absent ones null, unknown fields in extra", () => {
    const rows = toRows("activity", {
      activities: [
        {
          date: "2024-01-05",
          timezone: "Europe/Berlin",
          deviceid: null,
          brand: 18,
          is_tracker: false,
          modified: 1704500000,
          model: "GoogleFit tracker",
          modelid: 1055,
          steps: 8123,
          distance: 6012.5,
          hr_zone_3: 0,
          ...({ new_metric: 3 } as object),
        },
        { date: "2024-01-06" },
      ],
      more: false,
      offset: 0,
    });
    expectFlatAndStable(rows);
    expect(rows[0]).toMatchObject({
      date: "2024-01-05",
      timezone: "Europe/Berlin",
      brand: 18,
      is_tracker: false,
      modelName: "GoogleFit tracker",
      modified: "2024-01-06T00:13:20Z",
      steps: 8123,
      distance: 6012.5,
      calories: null,
      hr_zone_3: 0,
      extra: '{"new_metric":3}',
    });
    expect(rows[1]).toMatchObject({
      date: "2024-01-06",
      timezone: "UTC",
      steps: null,
      extra: null,
    });
  });

  it("intraday: one row per sample, sorted by time, in the timezone option", () => {
    const rows = toRows(
      "intraday",
      {
        series: {
          "1704412860": { steps: 0, duration: 60 },
          "1704412800": {
            deviceid: "abc",
            model: "Steel HR",
            model_id: 55,
            steps: 120,
            heart_rate: 88,
          },
        },
      },
      { timezone: "America/Los_Angeles" },
    );
    expectFlatAndStable(rows);
    expect(rows.map((r) => r.time)).toEqual(["2024-01-05T00:00:00Z", "2024-01-05T00:01:00Z"]);
    expect(rows[0]).toMatchObject({
      localDate: "2024-01-04",
      localTime: "16:00:00",
      offsetMinutes: -480,
      timezone: "America/Los_Angeles",
      model: "Steel HR",
      model_id: 55,
      steps: 120,
      heart_rate: 88,
      sdnn1: null,
    });
    expect(rows[1]).toMatchObject({ deviceid: null, steps: 0, duration: 60 });
    expect(toRows("intraday", { series: {} })).toEqual([]);
  });

  it("workouts: data flattened to plain columns, local start/end in the workout's zone", () => {
    const rows = toRows("workouts", {
      series: [
        {
          id: 6089823240,
          category: 2,
          timezone: "Europe/Paris",
          model: 94,
          attrib: 7,
          startdate: at("2024-10-27T00:30:00Z"),
          enddate: at("2024-10-27T01:30:00Z"),
          date: "2024-10-27",
          modified: 1775632126,
          deviceid: null,
          data: {
            calories: 63,
            hr_average: 0,
            spo2_average: null,
            core_body_temperature_status: "usual",
            effduration: 3500,
          },
        },
      ],
      more: false,
      offset: 0,
    });
    expectFlatAndStable(rows);
    expect(rows[0]).toMatchObject({
      id: 6089823240,
      category: 2,
      categoryKey: "run",
      attrib: 7,
      date: "2024-10-27",
      timezone: "Europe/Paris",
      startdate: "2024-10-27T00:30:00Z",
      enddate: "2024-10-27T01:30:00Z",
      localStartTime: "02:30:00",
      localEndTime: "02:30:00",
      durationSeconds: 3600,
      model: 94,
      modelName: "ScanWatch 2",
      calories: 63,
      hr_average: 0,
      spo2_average: null,
      steps: null,
      core_body_temperature_status: "usual",
      extra: '{"effduration":3500}',
    });
    expect(rows[0]).not.toHaveProperty("data");
  });

  it("sleep_summaries: data as columns, night_events as JSON, the wake-up day kept", () => {
    const rows = toRows("sleep_summaries", {
      series: [
        {
          id: 900363515,
          timezone: "America/Los_Angeles",
          model: 32,
          model_id: 63,
          startdate: 1540944960,
          enddate: 1540973400,
          date: "2018-10-31",
          created: 1540973500,
          modified: 1541020749,
          completed: true,
          data: {
            total_sleep_time: 25200,
            sleep_efficiency: 0.86,
            night_events: { "1": [120, 300], "3": [20000] },
          },
        },
      ],
      more: true,
      offset: 300,
    });
    expectFlatAndStable(rows);
    expect(rows[0]).toMatchObject({
      id: 900363515,
      date: "2018-10-31",
      localStartDate: "2018-10-30",
      localStartTime: "17:16:00",
      localEndDate: "2018-10-31",
      localEndTime: "01:10:00",
      durationSeconds: 28440,
      model: 32,
      model_id: 63,
      modelName: "Aura Sensor V2",
      completed: true,
      total_sleep_time: 25200,
      sleep_efficiency: 0.86,
      sleep_score: null,
      night_events: '{"1":[120,300],"3":[20000]}',
      extra: null,
    });
  });

  it("sleep: one row per (segment, instant) in time order; an empty segment keeps its state", () => {
    const rows = toRows("sleep", {
      model: 32,
      series: [
        {
          startdate: 1704412800,
          enddate: 1704416400,
          state: 2,
          model: "Aura Sensor V2",
          model_id: 63,
          hr: { "1704412860": 57, "1704412800": 58 },
          rr: { "1704412800": 14 },
        },
        { startdate: 1704409200, enddate: 1704412800, state: 0 },
      ],
    });
    expectFlatAndStable(rows);
    expect(rows.map((r) => [r.time, r.state, r.hr, r.rr])).toEqual([
      ["2024-01-04T23:00:00Z", 0, null, null],
      ["2024-01-05T00:00:00Z", 2, 58, 14],
      ["2024-01-05T00:01:00Z", 2, 57, null],
    ]);
    expect(rows[1]).toMatchObject({
      stateKey: "deep",
      segmentStart: "2024-01-05T00:00:00Z",
      segmentEnd: "2024-01-05T01:00:00Z",
      model: "Aura Sensor V2",
      model_id: 63,
      deviceClass: 32,
      sdnn_1: null,
    });
  });

  it("sleep: two devices' segments of one night each keep their rows together", () => {
    const segment = (device: string, state: number, hr: number) => ({
      startdate: 1704412800,
      enddate: 1704412920,
      state,
      model_id: device === "mat" ? 63 : 93,
      hash_deviceid: device,
      hr: { "1704412800": hr, "1704412860": hr + 1 },
    });
    const rows = toRows("sleep", {
      series: [segment("watch", 1, 60), segment("mat", 2, 50)],
    });
    expect(rows.map((r) => [r.hash_deviceid, r.time, r.hr])).toEqual([
      ["watch", "2024-01-05T00:00:00Z", 60],
      ["watch", "2024-01-05T00:01:00Z", 61],
      ["mat", "2024-01-05T00:00:00Z", 50],
      ["mat", "2024-01-05T00:01:00Z", 51],
    ]);
  });

  it("ecg: nested ecg and blood pressure become columns", () => {
    const rows = toRows("ecg", {
      series: [
        {
          deviceid: "abc",
          model: 44,
          ecg: { signalid: 991, afib: 1 },
          bloodpressure: { diastole: 78, systole: 121 },
          heart_rate: 64,
          timestamp: 1704412800,
          timezone: "Europe/Paris",
        },
        { model: 91, ecg: { signalid: 5, afib: 2 }, heart_rate: 77, timestamp: 1594921551 },
      ],
      more: false,
      offset: 0,
    });
    expectFlatAndStable(rows);
    expect(rows[0]).toMatchObject({
      signalid: 991,
      afib: 1,
      afibKey: "positive",
      timestamp: "2024-01-05T00:00:00Z",
      localTime: "01:00:00",
      timezone: "Europe/Paris",
      systole: 121,
      diastole: 78,
      modelName: "BPM Core",
    });
    expect(rows[1]).toMatchObject({ afibKey: "inconclusive", systole: null, timezone: "UTC" });
  });

  it("ecg_signal: one row per sample with its offset in seconds", () => {
    const rows = toRows("ecg_signal", {
      signal: [-12, 4, 37],
      sampling_frequency: 500,
      wearposition: 3,
      model: 44,
      heart_rate: { value: 63, grpid: 5 },
    });
    expectFlatAndStable(rows);
    expect(rows).toEqual([
      {
        index: 0,
        offsetSeconds: 0,
        microvolts: -12,
        sampling_frequency: 500,
        wearposition: 3,
        heart_rate: 63,
        model: 44,
      },
      {
        index: 1,
        offsetSeconds: 0.002,
        microvolts: 4,
        sampling_frequency: 500,
        wearposition: 3,
        heart_rate: 63,
        model: 44,
      },
      {
        index: 2,
        offsetSeconds: 0.004,
        microvolts: 37,
        sampling_frequency: 500,
        wearposition: 3,
        heart_rate: 63,
        model: 44,
      },
    ]);
    expect(toRows("ecg_signal", { signal: [1] })[0]).toMatchObject({
      offsetSeconds: null,
      heart_rate: null,
    });
  });

  it("devices: session dates as ISO or null, catalogue names", () => {
    const rows = toRows("devices", {
      devices: [
        {
          type: "Sleep Monitor",
          model: "",
          model_id: 13,
          battery: "unknown",
          deviceid: "d",
          timezone: "Europe/Paris",
          first_session_date: null,
          last_session_date: 1693867179,
        },
        { type: "Scale", model: "Body+", deviceid: "e" },
      ],
    });
    expectFlatAndStable(rows);
    expect(rows[0]).toMatchObject({
      model: "",
      model_id: 13,
      modelName: "Sleep Analyzer",
      battery: "unknown",
      first_session_date: null,
      last_session_date: "2023-09-04T22:39:39Z",
    });
    expect(rows[1]).toMatchObject({
      model_id: null,
      modelName: null,
      hash_deviceid: null,
      timezone: null,
    });
  });

  it("goals: one row per goal set, the weight goal scaled; none gives no rows", () => {
    expect(
      toRows("goals", {
        goals: { steps: 10000, sleep: 28800, weight: { value: 70500, unit: -3 } },
      }),
    ).toEqual([
      { goal: "steps", value: 10000, unit: "steps", rawValue: 10000, rawUnit: 0 },
      { goal: "sleep", value: 28800, unit: "s", rawValue: 28800, rawUnit: 0 },
      { goal: "weight", value: 70.5, unit: "kg", rawValue: 70500, rawUnit: -3 },
    ]);
    expect(
      toRows("goals", { goals: { weight: { value: 70500, unit: -3 } } }, { imperial: true }),
    ).toEqual([{ goal: "weight", value: 155.426, unit: "lb", rawValue: 70500, rawUnit: -3 }]);
    expect(toRows("goals", { goals: {} })).toEqual([]);
  });

  it("subscriptions: appli names and scopes from the catalogue", () => {
    const rows = toRows("subscriptions", {
      profiles: [
        { appli: 44, callbackurl: "https://x.example/h", comment: null, expires: 2147483647 },
        { appli: 1234567, callbackurl: "https://x.example/h", comment: "c" },
      ],
    });
    expectFlatAndStable(rows);
    expect(rows).toEqual([
      {
        appli: 44,
        appliKey: "sleep",
        scope: "user.activity",
        callbackurl: "https://x.example/h",
        comment: null,
        expires: 2147483647,
      },
      {
        appli: 1234567,
        appliKey: null,
        scope: null,
        callbackurl: "https://x.example/h",
        comment: "c",
        expires: null,
      },
    ]);
  });
});

describe("toRows: contract", () => {
  it("covers every dataset, each mapped to an endpoint", () => {
    expect(DATASETS).toEqual(Object.keys(datasetEndpoints));
    expect(DATASETS).toHaveLength(11);
  });

  it("throws a typed error for an unknown dataset or an invalid timezone option", () => {
    expect(() => toRows("weights" as "measures", { measuregrps: [] })).toThrow(
      WithingsArgumentError,
    );
    expect(() => toRows("toString" as "measures", { measuregrps: [] })).toThrow(
      WithingsArgumentError,
    );
    expect(() => toRows("measures", { measuregrps: [] }, { timezone: "Mars/Olympus" })).toThrow(
      /options.timezone/,
    );
  });
});
