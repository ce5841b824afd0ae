import { Writable } from "node:stream";
import {
  type GetMeasBody,
  type HeartListBody,
  type MeasureGroup,
  toRows,
} from "@withings-kit/client";
import { exportFhir, type FhirExportOptions, type Store } from "../../../src/index.js";
import { openSqliteStore, type SqliteStore } from "../../../src/sqlite.js";

/** A writable that keeps what it is given; `delay` makes it slow, to exercise `drain`. */
export class Sink extends Writable {
  text = "";
  constructor(options: { highWaterMark?: number; delay?: boolean } = {}) {
    super({
      decodeStrings: false,
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      write: (chunk: string, _encoding, done) => {
        this.text += chunk;
        if (options.delay === true) setImmediate(done);
        else done();
      },
    });
  }
}

export const USER_A = "1001";
export const USER_B = "2002";
export const BPM = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
export const SCALE = "ffeeddccbbaa99887766554433221100ffeeddcc";
export const WATCH = "0123456789abcdef0123456789abcdef01234567";

const t = (iso: string): number => Date.parse(iso) / 1000;

function group(
  grpid: number,
  date: string,
  measures: MeasureGroup["measures"],
  extra: Partial<MeasureGroup> = {},
): MeasureGroup {
  return {
    grpid,
    attrib: 0,
    date: t(date),
    created: t(date) + 30,
    modified: t(date) + 30,
    category: 1,
    measures,
    ...extra,
  };
}

const m = (type: number, value: number, unit: number, position?: number) => ({
  type,
  value,
  unit,
  ...(position === undefined ? {} : { position }),
});

/** User A (Europe/Paris): every vital type, body composition, ECG values, odd cases. */
export function measuresA(overrides: { weight?: number } = {}): GetMeasBody {
  const bpm = { deviceid: BPM, model: "BPM Core", modelid: 44 };
  const scale = { deviceid: SCALE, model: "Body Scan", modelid: 10 };
  return {
    timezone: "Europe/Paris",
    measuregrps: [
      // Height entered by hand, before any weight: used for BMI later.
      group(100, "2024-01-01T09:00:00Z", [m(4, 1800, -3)], { attrib: 2 }),
      // Blood pressure with pulse, from the BPM.
      group(101, "2024-03-01T07:15:00Z", [m(10, 12000, -2), m(9, 80, 0), m(11, 64, 0)], bpm),
      // A full weigh-in.
      group(
        102,
        "2024-03-01T07:20:00Z",
        [
          m(1, overrides.weight ?? 80500, -3),
          m(6, 19904, -3),
          m(8, 16022, -3),
          m(5, 64478, -3),
          m(76, 61200, -3),
          m(77, 45100, -3),
          m(88, 3200, -3),
          m(170, 33, -1),
          m(174, 2100, -3, 2),
          m(174, 2150, -3, 3),
        ],
        scale,
      ),
      // The same instant, another group: the Body Cardio style PWV group (attrib 8).
      group(103, "2024-03-01T07:20:00Z", [m(91, 7200, -3), m(155, 462, -1)], {
        ...scale,
        attrib: 8,
      }),
      // Thermometer and oximeter readings.
      group(104, "2024-03-02T20:00:00Z", [m(71, 3710, -2), m(73, 3400, -2), m(12, 3690, -2)], {
        deviceid: null,
        model: "Thermo",
      }),
      group(105, "2024-03-02T20:05:00Z", [m(54, 97, 0)], { deviceid: WATCH, model: "ScanWatch" }),
      // ECG-derived values in measures.
      group(106, "2024-03-03T06:00:00Z", [m(130, 0, 0), m(135, 96, 0), m(138, 412, 0)], {
        deviceid: WATCH,
        model: "ScanWatch",
      }),
      // A weight entered by hand: flagged, no device.
      group(107, "2024-03-04T18:00:00Z", [m(1, 81000, -3)], { attrib: 2 }),
      // An ambiguous reading (another household member on the scale?): left out.
      group(108, "2024-03-05T07:00:00Z", [m(1, 62000, -3)], { ...scale, attrib: 1 }),
      // A type the catalogue does not know.
      group(109, "2024-03-06T07:00:00Z", [m(9999, 5, 0)], scale),
      // Half a blood pressure reading.
      group(110, "2024-03-07T07:00:00Z", [m(10, 131, 0)], bpm),
    ],
  };
}

/** User A's objectives (category 2): never Observations. */
export function objectivesA(): GetMeasBody {
  return {
    timezone: "Europe/Paris",
    measuregrps: [group(200, "2024-02-01T00:00:00Z", [m(1, 70000, -3)], { category: 2 })],
  };
}

/** User B (Asia/Kolkata, +05:30): the same BPM serial as A (a shared device), 1.80 m. */
export function measuresB(): GetMeasBody {
  return {
    timezone: "Asia/Kolkata",
    measuregrps: [
      group(101, "2024-03-01T02:45:00Z", [m(4, 180, -2)], {
        attrib: 0,
        deviceid: SCALE,
        model: "Body+",
      }),
      group(102, "2024-03-01T03:00:00Z", [m(1, 72000, -3)], { deviceid: SCALE, model: "Body+" }),
      group(103, "2024-03-01T03:05:00Z", [m(10, 118, 0), m(9, 76, 0), m(11, 70, 0)], {
        deviceid: BPM,
        model: "BPM Core",
      }),
    ],
  };
}

/** User A's ECG recordings. */
export function ecgA(): HeartListBody {
  return {
    series: [
      {
        deviceid: WATCH,
        model: 93,
        ecg: { signalid: 5001, afib: 0 },
        heart_rate: 68,
        timestamp: t("2024-03-03T06:00:00Z"),
        modified: t("2024-03-03T06:01:00Z"),
        timezone: "Europe/Paris",
      },
      {
        deviceid: BPM,
        model: 44,
        ecg: { signalid: 5002, afib: 1 },
        bloodpressure: { systole: 121, diastole: 78 },
        heart_rate: 91,
        timestamp: t("2024-03-04T06:00:00Z"),
        timezone: "Europe/Paris",
      },
    ],
    more: false,
    offset: 0,
  };
}

/** An in-memory store holding both users. */
export async function filledStore(options: { weight?: number } = {}): Promise<SqliteStore> {
  const store = openSqliteStore(":memory:");
  await store.apply({
    userId: USER_A,
    dataset: "measures",
    upsert: toRows("measures", measuresA(options)),
  });
  await store.apply({
    userId: USER_A,
    dataset: "objectives",
    upsert: toRows("measures", objectivesA()),
  });
  await store.apply({ userId: USER_A, dataset: "ecg", upsert: toRows("ecg", ecgA()) });
  await store.apply({
    userId: USER_A,
    dataset: "devices",
    upsert: toRows("devices", {
      devices: [{ type: "Blood Pressure Monitor", model: "BPM Core", model_id: 44, deviceid: BPM }],
    }),
  });
  await store.apply({
    userId: USER_B,
    dataset: "measures",
    upsert: toRows("measures", measuresB()),
  });
  return store;
}

/** Runs an export into a string. */
export async function exportText(
  store: Store,
  options: FhirExportOptions = {},
): Promise<{ text: string; result: Awaited<ReturnType<typeof exportFhir>> }> {
  const sink = new Sink();
  const result = await exportFhir(store, options, sink);
  return { text: sink.text, result };
}

/** A parsed resource, loosely typed for assertions. */
export type Json = { readonly [key: string]: unknown };

/** Every resource of an NDJSON export. */
export function lines(text: string): Json[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Json);
}
