import { describe, expect, it } from "vitest";
import { readAnswer } from "../../../client/test/fixtures/answers.js";
import { describeConformance } from "../../../client/test/helpers/conformance-corpus.js";
import { type DataEndpointKey, generateUser, type SandboxUserData } from "../../src/data/index.js";
import { DAY, NOW, params, type Row, readConformance, walk } from "./helpers.js";

/*
 * Two sets of captures. By default, our own answers recorded from the sandbox
 * (packages/client/test/fixtures, `record.ts`): a guard that the sandbox's shapes do not drift
 * from what the client's tests were recorded against. As the extra suite, the conformance
 * corpus: for every kind of data answer in it, the sandbox answers with the same
 * keys and JSON types at every path. Shapes are compared as sets of `path:type` entries:
 * array elements share the path `[]`, keyed series and other numeric keys share `*`.
 *
 * Two checks per kind:
 *  (a) every path:type of every capture is in the sandbox's answer (asked with the capture's
 *      own data_fields), except NOT_GENERATED;
 *  (b) every path:type of the sandbox's answer is in some capture of the kind, except EXTRA.
 * Both lists are the documented differences; keep them short.
 */

const J = "joostlek__python-withings"; // real captures (aiowithings)
const A = "astromechza__withings-to-mysql"; // real ScanWatch 2 captures, plus hand-made paging files
const H = "home-assistant__core"; // derived from the aiowithings captures
const V = "vangorra__python_withings_api"; // synthetic: the only heart answers there are

type Kind = DataEndpointKey;
const CORPUS_FIXTURES: Record<Kind, readonly (readonly [string, string])[]> = {
  "measure.getmeas": [
    [J, "measurement.json"],
    [J, "measurement_list.json"],
    [J, "measurement_list_2.json"],
    [J, "measurement_positions.json"],
    [A, "getmeas.json"],
    [A, "getmeas_page1.json"],
    [A, "getmeas_page2.json"],
    [H, "get_meas.json"],
    [H, "get_meas_1.json"],
    [H, "measurements.json"],
    [H, "measurements_1.json"],
  ],
  "measure.getactivity": [
    [J, "activity.json"],
    [A, "getactivity.json"],
    [A, "getactivity_page1.json"],
    [A, "getactivity_page2.json"],
    [H, "activity.json"],
  ],
  "measure.getintradayactivity": [[A, "getintraday.json"]],
  "measure.getworkouts": [
    [J, "workouts.json"],
    [A, "getworkouts.json"],
    [H, "workouts.json"],
  ],
  "heart.list": [[V, "heart_list.json"]],
  "heart.get": [[V, "heart_get_wearposition_3.json"]],
  "sleep.get": [
    [J, "sleep.json"],
    [J, "sleep_no_datafields.json"],
  ],
  "sleep.getsummary": [
    [J, "sleep_summary.json"],
    [J, "sleep_summary_no_datafields.json"],
    [A, "getsleep.json"],
    [H, "get_sleep.json"],
    [H, "sleep_summaries.json"],
  ],
  "user.getdevice": [
    [J, "device.json"],
    [J, "new_device.json"],
    [A, "getdevice.json"],
    [H, "devices.json"],
    [H, "get_device.json"],
    [H, "person0_get_device.json"],
  ],
  "user.getgoals": [
    [J, "goals.json"],
    [J, "goals_1.json"],
    [J, "goals_2.json"],
    [J, "no_goals.json"],
    [H, "goals.json"],
    [H, "goals_1.json"],
  ],
};

// Our own recorded answers per kind (the sandbox's first user, a vitals-study year).
const OWN_FIXTURES: Record<Kind, readonly string[]> = {
  "measure.getmeas": ["recorded/getmeas-page1.json", "recorded/getmeas-page2.json"],
  "measure.getactivity": ["recorded/getactivity.json"],
  "measure.getintradayactivity": ["recorded/getintradayactivity.json"],
  "measure.getworkouts": ["recorded/getworkouts.json"],
  "heart.list": ["recorded/heart-list.json"],
  "heart.get": ["recorded/heart-get.json"],
  "sleep.get": ["recorded/sleep-get.json"],
  "sleep.getsummary": [
    "recorded/sleep-getsummary-page1.json",
    "recorded/sleep-getsummary-page2.json",
  ],
  "user.getdevice": ["recorded/getdevice.json"],
  "user.getgoals": ["recorded/getgoals.json"],
};

// Paths the sandbox answers that one recorded year does not happen to show, and why.
const OWN_EXTRA: Partial<Record<Kind, readonly string[]>> = {
  // Entries without a device (manual, external sources) come from the scale-only user.
  "measure.getmeas": [
    "$.measuregrps[].deviceid:null",
    "$.measuregrps[].hash_deviceid:null",
    "$.measuregrps[].model:null",
    "$.measuregrps[].modelid:null",
  ],
  // The recorded hour was spent still; a week of days has walking minutes.
  "measure.getintradayactivity": [
    "$.series.*.calories:number",
    "$.series.*.distance:number",
    "$.series.*.elevation:number",
    "$.series.*.steps:number",
  ],
  // Workouts entered by hand have no device.
  "measure.getworkouts": ["$.series[].deviceid:null"],
  // The empty user has no goals, answered as `[]` (Q12).
  "user.getgoals": ["$.goals:array"],
};

// Paths a capture has that the sandbox never produces, and why.
const NOT_GENERATED: Partial<Record<Kind, readonly string[]>> = {
  // Only hand-made (withings-to-mysql paging files) and Home Assistant-written answers have a
  // boolean `more` on getmeas; the spec and every client say 0/1 (quirk Q6).
  "measure.getmeas": ["$.more:boolean"],
  // ScanWatch 2 measures core body temperature; the synthetic users wear a ScanWatch.
  "measure.getintradayactivity": ["$.series.*.core_body_temperature:number"],
  // Synthetic devices all have a first and a last session.
  "user.getdevice": ["$.devices[].first_session_date:null", "$.devices[].last_session_date:null"],
};

// Paths the sandbox produces that no capture of the kind shows, and why.
const EXTRA: Partial<Record<Kind, readonly string[]>> = {
  // getmeas `more` is 0/1 (spec, Q6); no real multi-page getmeas capture exists.
  "measure.getmeas": ["$.more:number"],
  // Detected pauses are reported for swimming only (spec); no capture holds a swim.
  "measure.getworkouts": ["$.series[].data.algo_pause_duration:number"],
  // The spec's heart-list fields; the only heart captures are synthetic and leave them out.
  "heart.list": ["$.series[].modified:number"],
  "heart.get": ["$.model:number", "$.heart_rate:number"],
};

const LIST_KEY: Partial<Record<Kind, string>> = {
  "measure.getmeas": "measuregrps",
  "measure.getactivity": "activities",
  "measure.getworkouts": "series",
  "heart.list": "series",
  "sleep.get": "series",
  "sleep.getsummary": "series",
  "user.getdevice": "devices",
};

function shapeOf(value: unknown, path = "$", out = new Set<string>()): Set<string> {
  if (value === null) out.add(`${path}:null`);
  else if (Array.isArray(value)) {
    out.add(`${path}:array`);
    for (const item of value) shapeOf(item, `${path}[]`, out);
  } else if (typeof value === "object") {
    out.add(`${path}:object`);
    for (const [key, inner] of Object.entries(value))
      shapeOf(inner, `${path}.${/^\d+$/.test(key) ? "*" : key}`, out);
  } else out.add(`${path}:${typeof value}`);
  return out;
}

// A capture as a body: envelopes are opened, bare lists and bare goals are wrapped.
function bodyOf(kind: Kind, text: string): Record<string, unknown> {
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return { [LIST_KEY[kind]!]: parsed };
  const object = parsed as Record<string, unknown>;
  if ("status" in object && "body" in object) return object["body"] as Record<string, unknown>;
  if (kind === "user.getgoals" && !("goals" in object)) return { goals: object };
  return object;
}

const users = {
  vitals: generateUser({ profile: "vitals-study", years: 2, seed: 77, userId: "shape", now: NOW }),
  scale: generateUser({
    profile: "scale-only",
    years: 1,
    seed: 77,
    userId: "shape-scale",
    now: NOW,
  }),
  empty: generateUser({ profile: "empty", years: 1, seed: 77, userId: "shape-empty", now: NOW }),
};

function union(shapes: Iterable<Set<string>>): Set<string> {
  const out = new Set<string>();
  for (const shape of shapes) for (const entry of shape) out.add(entry);
  return out;
}

// The data_fields a capture was asked with, read back from what it holds.
function fieldsOf(kind: Kind, body: Record<string, unknown>): string | undefined {
  const list = (body[LIST_KEY[kind] ?? ""] ?? []) as Row[];
  const names = new Set<string>();
  for (const item of list) {
    if (kind === "measure.getactivity") {
      for (const key of Object.keys(item))
        if (typeof item[key] === "number" && !["modified", "brand", "modelid"].includes(key))
          names.add(key);
    } else if (kind === "sleep.get") {
      for (const [key, value] of Object.entries(item))
        if (typeof value === "object" && value !== null) names.add(key);
    } else {
      for (const key of Object.keys((item.data ?? {}) as object)) names.add(key);
    }
  }
  return names.size === 0 ? undefined : [...names].join(",");
}

const shapes = new Map<string, Set<string>>();
function sandboxShape(kind: Kind, fields: string | undefined): Set<string> {
  const key = `${kind} ${fields ?? ""}`;
  let shape = shapes.get(key);
  if (shape === undefined) {
    shape = answerShape(kind, fields);
    shapes.set(key, shape);
  }
  return shape;
}

// The sandbox's answers for a kind, as one shape (several users and pages where useful).
function answerShape(kind: Kind, fields: string | undefined): Set<string> {
  const withFields = (q: Record<string, string | number>) =>
    fields === undefined ? q : { ...q, data_fields: fields };
  const pages = (
    user: SandboxUserData,
    key:
      | "measure.getmeas"
      | "measure.getactivity"
      | "measure.getworkouts"
      | "heart.list"
      | "sleep.getsummary",
    q: Record<string, string | number>,
  ) => walk(user, key, q).pages.map((page) => shapeOf(page));
  const v = users.vitals;
  switch (kind) {
    case "measure.getmeas":
      return union([...pages(v, kind, {}), ...pages(users.scale, kind, {})]);
    case "measure.getactivity":
    case "sleep.getsummary":
      return union(pages(v, kind, withFields({ lastupdate: 0 })));
    case "measure.getworkouts":
      return union(pages(v, kind, withFields({})));
    case "heart.list":
      return union(pages(v, kind, {}));
    case "heart.get": {
      const list = walk(v, "heart.list", {}).rows;
      const models = new Set<unknown>();
      const shapes: Set<string>[] = [];
      for (const row of list) {
        if (models.has(row.model)) continue;
        models.add(row.model);
        shapes.push(
          shapeOf(
            v.answer(kind, params({ signalid: (row.ecg as { signalid: number }).signalid }), NOW),
          ),
        );
      }
      return union(shapes);
    }
    case "measure.getintradayactivity":
    case "sleep.get": {
      const shapes: Set<string>[] = [];
      for (let d = 3; d < 10; d++) {
        const start = NOW - d * DAY;
        shapes.push(
          shapeOf(
            v.answer(kind, params(withFields({ startdate: start, enddate: start + DAY })), NOW),
          ),
        );
      }
      return union(shapes);
    }
    case "user.getdevice":
    case "user.getgoals":
      return union(Object.values(users).map((u) => shapeOf(u.answer(kind, params(), NOW))));
  }
}

interface Capture {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Checks (a) and (b) for every kind, over one set of captures and its documented differences. */
function fidelity(
  capturesOf: (kind: Kind) => readonly Capture[],
  notGenerated: Partial<Record<Kind, readonly string[]>>,
  extraPaths: Partial<Record<Kind, readonly string[]>>,
): void {
  for (const kind of Object.keys(OWN_FIXTURES) as Kind[]) {
    it(`${kind}: every path and type of every capture is answered`, () => {
      const missing: string[] = [];
      for (const capture of capturesOf(kind)) {
        const sandbox = sandboxShape(kind, fieldsOf(kind, capture.body));
        for (const entry of shapeOf(capture.body)) {
          if (!sandbox.has(entry) && !(notGenerated[kind] ?? []).includes(entry))
            missing.push(`${capture.name}: ${entry}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it(`${kind}: nothing is answered that no capture shows`, () => {
      const captures = capturesOf(kind);
      const known = union(captures.map((c) => shapeOf(c.body)));
      const extra = new Set<string>();
      for (const capture of captures) {
        for (const entry of sandboxShape(kind, fieldsOf(kind, capture.body))) {
          if (!known.has(entry) && !(extraPaths[kind] ?? []).includes(entry)) extra.add(entry);
        }
      }
      expect([...extra]).toEqual([]);
    });
  }
}

describe("shape fidelity: the sandbox answers shaped like our recorded answers", () => {
  fidelity(
    (kind) => OWN_FIXTURES[kind].map((name) => ({ name, body: bodyOf(kind, readAnswer(name)) })),
    {},
    OWN_EXTRA,
  );
});

describeConformance("shape fidelity: the sandbox answers shaped like the real captures", () => {
  fidelity(
    (kind) =>
      CORPUS_FIXTURES[kind].map(([folder, file]) => ({
        name: `${folder}/${file}`,
        body: bodyOf(kind, readConformance(folder, file)),
      })),
    NOT_GENERATED,
    EXTRA,
  );
});
