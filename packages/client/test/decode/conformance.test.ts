import { describe, expect, it } from "vitest";
import { decodeEmptyBody } from "../../src/decode/decode-empty-body.js";
import { DecodePath } from "../../src/decode/decode-path.js";
import { decoders } from "../../src/decode/decoders.js";
import { type Copy, reqInt } from "../../src/decode/read.js";
import type { EndpointKey } from "../../src/endpoints.js";
import {
  type WithingsApiError,
  WithingsAuthError,
  WithingsInvalidParamsError,
  WithingsRateLimitError,
} from "../../src/errors/withings-api-error.js";
import { decodeEnvelope } from "../../src/http/decode-envelope.js";
import type { EndpointResults } from "../../src/types/endpoint-results.js";
import { answerFiles, readAnswer } from "../fixtures/answers.js";
import { describeConformance, listCorpus, readCorpus } from "../helpers/conformance-corpus.js";

/**
 * How a file holds its answer (SOURCES.md): a full envelope, a bare body object, or a part
 * of a body (a bare list, the goals object) that goes `under` a body key.
 */
type Wrap = "envelope" | "body" | { readonly under: string };

type Case =
  | { readonly kind: "decode"; readonly run: (text: string) => void }
  | {
      readonly kind: "error";
      readonly type: new (...args: never[]) => WithingsApiError;
      readonly status: number;
      readonly apiMessage: string | undefined;
    }
  | { readonly kind: "form"; readonly expected: Readonly<Record<string, number>> };

const under = (key: string): Wrap => ({ under: key });

function unwrap(text: string, wrap: Wrap): unknown {
  if (wrap === "envelope") return decodeEnvelope(text);
  const value: unknown = JSON.parse(text);
  return wrap === "body" ? value : { [wrap.under]: value };
}

function decoded<K extends EndpointKey>(
  key: K,
  wrap: Wrap,
  check: (body: EndpointResults[K]) => void,
): Case {
  return {
    kind: "decode",
    run: (text) => check(decoders[key](unwrap(text, wrap), { action: key })),
  };
}

function apiError(
  type: new (...args: never[]) => WithingsApiError,
  status: number,
  apiMessage?: string,
): Case {
  return { kind: "error", type, status, apiMessage };
}

const ymd = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Our own answers (test/fixtures/answers): `recorded/` from the sandbox, `written/` by hand
 * from the API reference for the quirks the sandbox does not produce. Every file is mapped.
 */
const OWN_CASES: Readonly<Record<string, Case>> = {
  // Errors inside HTTP 200 (Q1), each to its class, with and without a message.
  "recorded/error-293-notify-subscribe.json": apiError(
    WithingsInvalidParamsError,
    293,
    "The callback URL is either absent or incorrect",
  ),
  "recorded/error-401-bad-token.json": apiError(
    WithingsAuthError,
    401,
    "XRequestID: Not provided invalid_token: The access token provided is invalid",
  ),
  "recorded/error-503-invalid-code.json": apiError(
    WithingsInvalidParamsError,
    503,
    "Invalid Params: invalid code",
  ),
  "recorded/error-601-repeated.json": apiError(
    WithingsRateLimitError,
    601,
    "Same arguments in less than 10 seconds",
  ),
  "written/error-247-without-message.json": apiError(WithingsInvalidParamsError, 247),
  "written/error-503-invalid-refresh-token.json": apiError(
    WithingsInvalidParamsError,
    503,
    "Invalid Params: invalid refresh_token",
  ),
  "written/error-601-without-message.json": apiError(WithingsRateLimitError, 601),
  "recorded/getactivity.json": decoded("measure.getactivity", "envelope", (b) => {
    expect([b.more, b.offset, b.activities.length]).toEqual([false, 9, 9]);
    expect(b.activities.map((a) => a.date)).toContain("2026-01-07");
    expect(b.activities[0]).toMatchObject({ steps: 5204, deviceid: null, modelid: 93, brand: 1 });
  }),
  // `more` set without any offset to send back.
  "written/getactivity-more-without-offset.json": decoded(
    "measure.getactivity",
    "envelope",
    (b) => {
      expect(b.more).toBe(true);
      expect(b.offset).toBeUndefined();
      expect(b.activities[0]).toMatchObject({ brand: 18, modelid: 1055, hash_deviceid: null });
    },
  ),
  // An offset that is not the row count: treat it as opaque (reference §1.13).
  "written/getactivity-opaque-offset.json": decoded("measure.getactivity", "envelope", (b) => {
    expect([b.more, b.offset, b.activities.length]).toEqual([false, 200, 2]);
    expect(b.activities[1]?.hr_zone_3).toBe(400);
  }),
  "recorded/getdevice.json": decoded("user.getdevice", "envelope", (b) => {
    expect(b.devices.map((d) => d.model_id)).toEqual([10, 44, 70, 93]);
    expect(b.devices[0]).toMatchObject({ model: "Body Scan", battery: "low" });
  }),
  // Nulls, an empty model, battery "unknown", a 40-digit id kept as text, no ids at all (Q13).
  "written/getdevice-partial.json": decoded("user.getdevice", "envelope", (b) => {
    expect(b.devices[0]).toMatchObject({
      model: "",
      battery: "unknown",
      first_session_date: null,
      last_session_date: null,
      deviceid: "1122334455667788112233445566778811223344",
    });
    expect(b.devices[1]).toEqual({ type: "Gateway", battery: "high" });
  }),
  "recorded/getgoals.json": decoded("user.getgoals", "envelope", (b) => {
    expect(b.goals).toEqual({ steps: 6000, sleep: 23400, weight: { value: 69800, unit: -3 } });
  }),
  // No goals arrive as `[]` (Q12) and decode as an empty object.
  "written/getgoals-empty-list.json": decoded("user.getgoals", "envelope", (b) => {
    expect(b.goals).toEqual({});
    expect(Array.isArray(b.goals)).toBe(false);
  }),
  "written/getgoals-weight-only.json": decoded("user.getgoals", "envelope", (b) => {
    expect(b.goals).toEqual({ weight: { value: 70500, unit: -3 } });
  }),
  "recorded/getintradayactivity.json": decoded("measure.getintradayactivity", "envelope", (b) => {
    const keys = Object.keys(b.series);
    expect(keys).toHaveLength(6);
    expect(keys[0]).toBe("1768219226");
    expect(b.series["1768219226"]).toMatchObject({ heart_rate: 71, duration: 37, model_id: 93 });
  }),
  // An empty keyed series as a PHP-style `[]` (Q12).
  "written/getintradayactivity-empty.json": decoded(
    "measure.getintradayactivity",
    "envelope",
    (b) => {
      expect(b.series).toEqual({});
    },
  ),
  // getmeas pages: `more` and `offset` as integers (Q6); unknown keys survive.
  "recorded/getmeas-page1.json": decoded("measure.getmeas", "envelope", (b) => {
    expect([b.more, b.offset, b.measuregrps.length]).toEqual([1, 40, 40]);
    expect(b.updatetime).toBe(1768392000);
    expect(b.timezone).toBe("Europe/Paris");
    expect(b.measuregrps[0]?.grpid).toBe(6802046603);
    expect(b.measuregrps[1]?.measures[0]).toHaveProperty("algo_params");
    // A Body Scan weigh-in repeats type 5 at position 7 and lists 174 once per position.
    const scan = b.measuregrps.find((g) => g.grpid === 6802046600);
    expect(scan?.measures).toHaveLength(28);
    expect(scan?.measures.filter((m) => m.type === 174).map((m) => m.position)).toEqual([
      12, 10, 3, 11, 2,
    ]);
  }),
  "recorded/getmeas-page2.json": decoded("measure.getmeas", "envelope", (b) => {
    expect([b.more, b.offset, b.measuregrps.length]).toEqual([1, 80, 40]);
  }),
  // Categories 1, 2 and one the table does not know; grpid 2 twice; updatetime as text (Q21).
  "written/getmeas-categories.json": decoded("measure.getmeas", "envelope", (b) => {
    expect(b.measuregrps.map((g) => [g.grpid, g.category])).toEqual([
      [1, 1],
      [2, 2],
      [2, 7],
    ]);
    expect(b.updatetime).toBe(1767261600);
  }),
  // One weigh-in as two groups with one grpid, attrib 0 and 8 (Q10); weight at three
  // exponents (Q18); a source without device or model; an unknown measure type.
  "written/getmeas-weigh-ins.json": decoded("measure.getmeas", "envelope", (b) => {
    expect(b.measuregrps.map((g) => [g.grpid, g.attrib])).toEqual([
      [5200000001, 0],
      [5200000001, 8],
      [5200000002, 0],
      [5200000003, 1],
      [31, 2],
    ]);
    const weights = b.measuregrps.flatMap((g) => g.measures.filter((m) => m.type === 1));
    expect(weights.map((m) => m.unit)).toEqual([-3, -4, -2]);
    expect(b.measuregrps[4]).toMatchObject({ deviceid: null, model: null, modelid: null });
    expect(b.measuregrps[4]?.measures[2]).toMatchObject({ type: 9999, value: 42, unit: -1 });
  }),
  "recorded/getworkouts.json": decoded("measure.getworkouts", "envelope", (b) => {
    expect([b.more, b.offset, b.series.length]).toEqual([false, 16, 16]);
    expect(b.series[0]).toMatchObject({ id: 5800204260, category: 7, model: 93 });
    expect(b.series[0]?.data?.["algo_pause_duration"]).toBe(116);
  }),
  // Sparse workout data: a null, a zero heart rate, an empty object (Q13).
  "written/getworkouts-sparse.json": decoded("measure.getworkouts", "envelope", (b) => {
    expect(b.series[0]?.data).toEqual({
      calories: 320.5,
      hr_average: 0,
      algo_pause_duration: null,
    });
    expect(b.series[0]?.deviceid).toBeNull();
    expect(b.series[1]?.data).toEqual({});
    // int64 ids above 2^31 (reference §0).
    expect(b.series[0]?.id).toBe(4000000001);
  }),
  "recorded/heart-get.json": decoded("heart.get", "envelope", (b) => {
    // A BPM Core recording: 20 s at 500 Hz (reference §1.9).
    expect(b.signal).toHaveLength(10_000);
    expect(b).toMatchObject({
      sampling_frequency: 500,
      wearposition: 3,
      model: 44,
      heart_rate: 61,
    });
  }),
  "recorded/heart-list.json": decoded("heart.list", "envelope", (b) => {
    expect([b.more, b.offset, b.series.length]).toEqual([false, 21, 21]);
    expect(b.series[0]).toMatchObject({
      model: 44,
      ecg: { signalid: 380204660, afib: 0 },
      bloodpressure: { diastole: 82, systole: 144 },
    });
    expect(b.series.map((r) => r.ecg?.afib)).toContain(2);
    expect(b.series.find((r) => r.model === 93)).not.toHaveProperty("bloodpressure");
  }),
  "written/heart-list-more-without-offset.json": decoded("heart.list", "envelope", (b) => {
    expect(b.more).toBe(false);
    expect(b.offset).toBeUndefined();
    expect(b.series).toEqual([{ heart_rate: 61 }]);
  }),
  // Empty bodies of the notify writes.
  "recorded/notify-get.json": decoded("notify.get", "envelope", (b) => {
    expect(b).toEqual({
      appli: 1,
      callbackurl: "https://example.test/withings/hook",
      comment: "weights",
    });
  }),
  "recorded/notify-list.json": decoded("notify.list", "envelope", (b) => {
    expect(b.profiles[0]).toMatchObject({ appli: 1, expires: 2147483647, comment: "weights" });
  }),
  "recorded/notify-revoke.json": decoded("notify.revoke", "envelope", (b) => expect(b).toEqual({})),
  "recorded/notify-subscribe.json": decoded("notify.subscribe", "envelope", (b) =>
    expect(b).toEqual({}),
  ),
  "recorded/notify-update.json": decoded("notify.update", "envelope", (b) => expect(b).toEqual({})),
  // Webhook form fields arrive as text (Q21).
  "written/notify-callback-form.json": {
    kind: "form",
    expected: { userid: 37775776, appli: 1, startdate: 1767225600, enddate: 1767312000 },
  },
  "recorded/oauth2-requesttoken.json": decoded("oauth2.requesttoken", "envelope", (b) => {
    expect(b).toMatchObject({ userid: "30000001", expires_in: 10800, token_type: "Bearer" });
    expect(b.scope).toBe("user.info,user.metrics,user.activity,user.sleepevents");
  }),
  "written/oauth2-refresh-minimal.json": decoded("oauth2.requesttoken", "envelope", (b) => {
    expect(b).toEqual({ access_token: "fresh-access", refresh_token: "fresh-refresh" });
  }),
  // A numeric userid still decodes as text (Q21).
  "written/oauth2-userid-number.json": decoded("oauth2.requesttoken", "envelope", (b) => {
    expect(b.userid).toBe("12345");
  }),
  "recorded/signature-getnonce.json": decoded("signature.getnonce", "envelope", (b) => {
    expect(b.nonce).toMatch(/^[0-9a-f]{40}$/);
  }),
  "recorded/sleep-get.json": decoded("sleep.get", "envelope", (b) => {
    expect(b.model).toBe(16);
    expect(b.series).toHaveLength(57);
    expect(new Set(b.series.map((s) => s.state))).toEqual(new Set([0, 1, 2, 3]));
    expect(Object.keys(b.series[0]?.hr ?? {})).toEqual(["1768168719", "1768168779", "1768168839"]);
    expect(b.series[0]?.hr?.["1768168719"]).toBe(55);
  }),
  // Segment states the table knows (15, out of bed) and one it does not.
  "written/sleep-get-states.json": decoded("sleep.get", "envelope", (b) => {
    expect(b.series.map((s) => s.state)).toEqual([0, 15, 77]);
    expect(b.series.some((s) => s.hr !== undefined)).toBe(false);
  }),
  // Summaries page with a boolean `more` (Q7).
  "recorded/sleep-getsummary-page1.json": decoded("sleep.getsummary", "envelope", (b) => {
    expect([b.more, b.offset, b.series.length]).toEqual([true, 5, 5]);
    expect(b.series[0]).toMatchObject({ id: 4800204540, date: "2026-01-01", completed: true });
    expect(b.series[0]?.data?.sleep_efficiency).toBe(0.92);
  }),
  "recorded/sleep-getsummary-page2.json": decoded("sleep.getsummary", "envelope", (b) => {
    expect([b.more, b.offset]).toEqual([true, 10]);
    expect(b.series.map((s) => s.date)).toEqual([
      "2026-01-06",
      "2026-01-07",
      "2026-01-08",
      "2026-01-09",
      "2026-01-10",
    ]);
  }),
  // Fields not asked for, or not supported, are absent (Q13).
  "written/sleep-getsummary-sparse.json": decoded("sleep.getsummary", "envelope", (b) => {
    expect([b.more, b.offset]).toEqual([true, 300]);
    expect(b.series[0]?.data).toEqual({ total_timeinbed: 28800, sleep_efficiency: 0.86 });
    expect(b.series[1]?.data).toEqual({});
  }),
};

const CASES: Readonly<Record<string, Readonly<Record<string, Case>>>> = {
  "astromechza__withings-to-mysql": {
    "getactivity.json": decoded("measure.getactivity", "envelope", (b) => {
      expect(b.activities.map((a) => a.date)).toEqual([
        "2026-04-02",
        "2026-04-03",
        "2026-04-04",
        "2026-04-05",
        "2026-04-06",
      ]);
      expect(b.activities[0]).toMatchObject({ steps: 2151, deviceid: null, modelid: 94 });
      expect(b).not.toHaveProperty("more");
      expect(b).not.toHaveProperty("offset");
    }),
    "getactivity_more_no_offset.json": decoded("measure.getactivity", "envelope", (b) => {
      expect(b.more).toBe(true);
      expect(b.offset).toBeUndefined();
      expect(b.activities).toHaveLength(1);
    }),
    "getactivity_page1.json": decoded("measure.getactivity", "envelope", (b) => {
      expect([b.more, b.offset, b.activities.length]).toEqual([true, 2, 2]);
    }),
    "getactivity_page2.json": decoded("measure.getactivity", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([false, 0]);
      expect(b.activities[1]?.steps).toBe(4004);
    }),
    "getdevice.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices.map((d) => d.model_id)).toEqual([93, 5]);
      expect(b.devices[0]).not.toHaveProperty("first_session_date");
      // A 40-digit id stays text: ids are never read as numbers.
      expect(b.devices[1]?.deviceid).toBe("1122334455667788112233445566778811223344");
    }),
    "getintraday.json": decoded("measure.getintradayactivity", "envelope", (b) => {
      const keys = Object.keys(b.series);
      expect(keys).toHaveLength(16);
      expect(keys[0]).toBe("1777668926");
      expect(b.series["1777668926"]).toMatchObject({ heart_rate: 80, model_id: 94 });
      expect(b.series["1777669080"]?.distance).toBe(6.74);
      expect(
        Object.values(b.series).filter((s) => s.core_body_temperature !== undefined),
      ).toHaveLength(1);
    }),
    "getmeas.json": decoded("measure.getmeas", "envelope", (b) => {
      expect(b.measuregrps.map((g) => g.grpid)).toEqual([7580821262, 7580821256, 7583593079]);
      expect(b.updatetime).toBe(1777705259);
      const first = b.measuregrps[0];
      expect(first?.measures[0]).toMatchObject({ value: 99, type: 54, unit: 0 });
      // Unknown keys survive: algo_params, is_inconclusive, per-group timezone.
      expect(first?.measures[0]).toHaveProperty("algo_params", { "1": 0, "2": 3 });
      expect(first).toHaveProperty("is_inconclusive", false);
      expect(first?.timezone).toBe("Europe/London");
    }),
    "getmeas_page1.json": decoded("measure.getmeas", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([true, 2]);
      expect(b.measuregrps.map((g) => g.grpid)).toEqual([8000000001, 8000000002]);
    }),
    "getmeas_page2.json": decoded("measure.getmeas", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([false, 0]);
      expect(b.measuregrps[0]?.measures[0]?.value).toBe(83000);
    }),
    "getnonce.json": decoded("signature.getnonce", "envelope", (b) => {
      expect(b.nonce).toBe("test-nonce-123");
    }),
    // Named getsleep, but it is a getsummary answer (SOURCES.md).
    "getsleep.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect(b.series.map((s) => s.id)).toEqual([6090871734, 6092937061, 6095035699]);
      expect(b.series[0]).toMatchObject({ completed: true, model: 16, date: "2026-04-03" });
      expect(b.series[0]?.data?.deepsleepduration).toBe(17580);
    }),
    "getworkouts.json": decoded("measure.getworkouts", "envelope", (b) => {
      expect(b.series.map((w) => w.category)).toEqual([1, 16, 1]);
      expect(b.series[0]?.data?.["algo_pause_duration"]).toBeNull();
      expect(b.series[0]?.model).toBe(94);
    }),
    "requesttoken_refresh.json": decoded("oauth2.requesttoken", "envelope", (b) => {
      expect(b).toMatchObject({ userid: "12345", expires_in: 10800, token_type: "Bearer" });
    }),
  },
  "home-assistant__core": {
    "activity.json": decoded("measure.getactivity", under("activities"), (b) => {
      expect(b.activities).toHaveLength(14);
      expect(b.activities[0]).toMatchObject({ date: "2023-10-08", brand: 18, modelid: 1055 });
      expect(b.activities.every((a) => a.hash_deviceid === null)).toBe(true);
    }),
    "devices.json": decoded("user.getdevice", under("devices"), (b) => {
      expect(b.devices[0]).toMatchObject({ model: "Body+", first_session_date: null });
    }),
    "get_device.json": decoded("user.getdevice", "body", (b) => {
      expect(b.devices[0]?.last_session_date).toBe(1693867179);
    }),
    "get_meas.json": decoded("measure.getmeas", "body", (b) => {
      // Synthetic: three groups share grpid 1; decoding must not dedupe or reject.
      expect(b.measuregrps.map((g) => [g.grpid, g.attrib])).toEqual([
        [1, 0],
        [1, 0],
        [1, 1],
      ]);
      expect(b.timezone).toBe("UTC");
      expect(b.measuregrps[0]?.measures).toHaveLength(16);
    }),
    "get_meas_1.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      expect(b.measuregrps[0]?.measures.map((m) => m.type)).toContain(8);
      expect(b.measuregrps[0]?.model).toBe("BPM Connect");
    }),
    "get_sleep.json": decoded("sleep.getsummary", "body", (b) => {
      expect(b.series).toHaveLength(5);
      expect(b.series[0]?.data?.sleep_efficiency).toBe(0.86);
      expect([b.more, b.offset]).toEqual([false, 0]);
    }),
    "goals.json": decoded("user.getgoals", under("goals"), (b) => {
      expect(b.goals).toEqual({ steps: 10000, sleep: 28800, weight: { value: 70500, unit: -3 } });
    }),
    "goals_1.json": decoded("user.getgoals", under("goals"), (b) => {
      expect(b.goals).toEqual({ weight: { value: 70500, unit: -3 } });
    }),
    "measurements.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      expect(b.measuregrps.map((g) => g.measures.length)).toEqual([24, 16, 16]);
      expect(b.measuregrps[0]?.measures[0]).toEqual({ type: 1, unit: 0, value: 70 });
    }),
    "measurements_1.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      expect(b.measuregrps[0]?.measures.map((m) => m.type)).not.toContain(8);
      expect(b.measuregrps[0]?.modelid).toBe(45);
    }),
    "notifications.json": decoded("notify.list", under("profiles"), (b) => {
      expect(b.profiles.map((p) => p.appli)).toEqual([50, 50, 51]);
      expect(b.profiles[0]?.expires).toBe(2147483647);
    }),
    "notify_list.json": decoded("notify.list", "body", (b) => {
      expect(b.profiles[1]?.callbackurl).toMatch(/^https:\/\/example\.local:8123\/api\/webhook\//);
      expect(b.profiles[1]?.comment).toBeNull();
    }),
    "person0_get_device.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices[0]?.hash_deviceid).toBe("f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
    }),
    "person0_notify_list.json": decoded("notify.list", "body", (b) => {
      expect(b.profiles).toEqual([]);
    }),
    "sleep_summaries.json": decoded("sleep.getsummary", under("series"), (b) => {
      expect(b.series[0]).toMatchObject({ id: 2081804265, date: "2021-04-17", model: 32 });
      expect(b.series[0]?.data?.apnea_hypopnea_index).toBe(14);
    }),
    "workouts.json": decoded("measure.getworkouts", under("series"), (b) => {
      expect(b.series).toHaveLength(11);
      // int64 ids above 2^31 (reference §0).
      expect(b.series[0]?.id).toBe(3661300277);
      expect(b.series[1]?.data).toEqual({ algo_pause_duration: null });
    }),
  },
  "joostlek__python-withings": {
    "activity.json": decoded("measure.getactivity", "envelope", (b) => {
      // An offset that is not the row count: treat it as opaque (reference §1.13).
      expect([b.more, b.offset, b.activities.length]).toEqual([false, 200, 2]);
      expect(b.activities[0]?.hr_zone_3).toBe(400);
    }),
    "device.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices.map((d) => d.battery)).toContain("unknown");
      expect(b.devices.map((d) => d.model)).toContain("");
      expect(b.devices.filter((d) => d.last_session_date === null)).toHaveLength(4);
    }),
    "goals.json": decoded("user.getgoals", "envelope", (b) => {
      expect(b.goals.weight).toEqual({ value: 70500, unit: -3 });
    }),
    "goals_1.json": decoded("user.getgoals", "envelope", (b) => {
      expect(Object.keys(b.goals)).toEqual(["weight"]);
    }),
    "goals_2.json": decoded("user.getgoals", "envelope", (b) => {
      expect(b.goals).toEqual({ steps: 10000, sleep: 28800 });
    }),
    "measurement.json": decoded("measure.getmeas", "envelope", (b) => {
      // One weigh-in, two groups with the same grpid, attrib 0 and 8 (quirk Q10).
      expect(b.measuregrps.map((g) => [g.grpid, g.attrib])).toEqual([
        [4815757309, 0],
        [4815757309, 8],
      ]);
    }),
    "measurement_list.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      expect(b.measuregrps).toHaveLength(2062);
      expect(b.measuregrps[0]?.grpid).toBe(2726375354);
      expect(b.measuregrps.filter((g) => g.deviceid === null && g.model === null)).toHaveLength(85);
      const weightUnits = new Set(
        b.measuregrps.flatMap((g) => g.measures.filter((m) => m.type === 1).map((m) => m.unit)),
      );
      expect([...weightUnits].sort()).toEqual([-2, -3, -4]);
    }),
    "measurement_list_2.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      expect(b.measuregrps).toHaveLength(34);
      expect(b.measuregrps[0]?.model).toBe("Body Scan");
    }),
    "measurement_positions.json": decoded("measure.getmeas", under("measuregrps"), (b) => {
      const positions = b.measuregrps[0]?.measures
        .filter((m) => m.type === 173)
        .map((m) => m.position);
      expect(positions).toEqual([12, 10, 3, 11, 2]);
    }),
    "new_device.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices[0]).toMatchObject({ type: "Futuristic device", model_id: 696969 });
    }),
    "no_goals.json": decoded("user.getgoals", "envelope", (b) => {
      expect(b.goals).toEqual({});
      expect(Array.isArray(b.goals)).toBe(false);
    }),
    "notify_list.json": decoded("notify.list", "envelope", (b) => {
      expect(b.profiles[0]).toMatchObject({ appli: 1, expires: 2147483647 });
    }),
    "notify_revoke.json": decoded("notify.revoke", "envelope", (b) => {
      expect(b).toEqual({});
    }),
    "notify_subscribe.json": decoded("notify.subscribe", "envelope", (b) => {
      expect(b).toEqual({});
    }),
    "sleep.json": decoded("sleep.get", "envelope", (b) => {
      expect(b.model).toBe(32);
      expect(b.series).toHaveLength(613);
      expect(b.series[0]).toMatchObject({ state: 0, model: "Aura Sensor V2", model_id: 63 });
      expect(b.series[0]?.hr).toEqual({ "1618691453": 70, "1618691513": 71 });
      expect(Object.keys(b.series[1]?.snoring ?? {})).toEqual(["1618692053"]);
    }),
    "sleep_no_datafields.json": decoded("sleep.get", "envelope", (b) => {
      expect(b.series).toHaveLength(613);
      expect(b.series.some((s) => s.hr !== undefined)).toBe(false);
    }),
    "sleep_summary.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect([b.more, b.offset, b.series.length]).toEqual([true, 300, 300]);
      expect(b.series[0]).toMatchObject({ id: 2081804182, date: "2021-04-18" });
      expect(b.series.every((s) => ymd.test(s.date ?? ""))).toBe(true);
    }),
    "sleep_summary_no_datafields.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect(b.series[0]?.data?.total_timeinbed).toBe(21720);
      expect(b.series[0]?.data?.hr_average).toBeUndefined();
    }),
    "workouts.json": decoded("measure.getworkouts", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([false, 0]);
      expect(b.series.map((w) => Object.keys(w.data).length)).toEqual([
        17, 1, 17, 17, 17, 17, 17, 17, 17, 17, 17,
      ]);
      expect(b.series[0]?.deviceid).toBeNull();
    }),
  },
  "tomek-i__withings-sdk": {
    "error_247_no_message.json": apiError(WithingsInvalidParamsError, 247),
    "error_401_expired.json": apiError(WithingsAuthError, 401, "expired"),
    "error_503_refresh_invalid_refresh_token.json": apiError(
      WithingsInvalidParamsError,
      503,
      "invalid refresh token",
    ),
    "error_503_requesttoken_invalid_code.json": apiError(
      WithingsInvalidParamsError,
      503,
      "invalid code",
    ),
    "error_601_no_message.json": apiError(WithingsRateLimitError, 601),
    "error_601_with_message.json": apiError(WithingsRateLimitError, 601, "too many requests"),
    "heart_get.json": decoded("heart.get", "envelope", (b) => {
      expect(b.signal).toEqual([-12, 4, 37]);
      expect(b.heart_rate).toEqual({ grpid: 5, value: 63, date: 1704412800, is_deleted: false });
    }),
    "heart_list.json": decoded("heart.list", "envelope", (b) => {
      expect(b.series[0]).toMatchObject({ ecg: { signalid: 991, afib: 1 }, heart_rate: 64 });
      expect(b.series[0]?.bloodpressure).toEqual({ diastole: 78, systole: 121 });
    }),
    // Synthetic paging stubs: recordings reduced to heart_rate.
    "heart_list_page1.json": decoded("heart.list", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([true, 40]);
      expect(b.series).toEqual([{ heart_rate: 60 }]);
    }),
    "heart_list_page2.json": decoded("heart.list", "envelope", (b) => {
      expect(b.more).toBe(false);
      expect(b.offset).toBeUndefined();
      expect(b.series[0]?.heart_rate).toBe(61);
    }),
    // No `measure.confirmuser` action in the endpoint table; its answer is an empty body.
    "measure_confirmuser.json": {
      kind: "decode",
      run: (text) => expect(decodeEmptyBody(decodeEnvelope(text))).toEqual({}),
    },
    "measure_getactivity.json": decoded("measure.getactivity", "envelope", (b) => {
      expect(b.activities[0]).toMatchObject({ distance: 6221.5, calories: 412.7, brand: 18 });
    }),
    "measure_getactivity_sparse.json": decoded("measure.getactivity", "envelope", (b) => {
      expect(b.activities[0]).toEqual({ date: "2024-01-05", timezone: "Europe/Berlin", steps: 10 });
    }),
    "measure_getintradayactivity.json": decoded("measure.getintradayactivity", "envelope", (b) => {
      expect(Object.keys(b.series)).toEqual(["1704412800", "1704412860"]);
      expect(b.series["1704412800"]).toMatchObject({ model: "Steel HR", model_id: 55, steps: 120 });
    }),
    "measure_getmeas.json": decoded("measure.getmeas", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([true, 100]);
      expect(b.measuregrps[0]?.measures[0]).toMatchObject({ value: 74250, unit: -3, fm: 3 });
    }),
    "measure_getworkouts.json": decoded("measure.getworkouts", "envelope", (b) => {
      expect(b.series[0]?.data).toEqual({
        calories: 300.5,
        effduration: 3500,
        steps: 5200,
        hr_average: 132,
      });
    }),
    "notify_callback_form_fields_weight.json": {
      kind: "form",
      expected: { userid: 37775776, appli: 1, startdate: 1704412800, enddate: 1704499200 },
    },
    "notify_list.json": decoded("notify.list", "envelope", (b) => {
      expect(b.profiles[0]?.comment).toBe("weights");
    }),
    "oauth2_refresh_minimal.json": decoded("oauth2.requesttoken", "envelope", (b) => {
      expect(b).toEqual({ access_token: "new", refresh_token: "new-r" });
      expect(b.expires_in).toBeUndefined();
      expect(b.userid).toBeUndefined();
    }),
    "sleep_get.json": decoded("sleep.get", "envelope", (b) => {
      expect(b.series[0]?.hr).toEqual({ "1704412800": 58, "1704412860": 57 });
      expect(b.series[0]?.rr).toEqual({ "1704412800": 14 });
    }),
    "sleep_getsummary.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect(b.series[0]?.data?.night_events).toEqual({ "1": [120, 300] });
      expect(b.series[0]?.data?.sleep_efficiency).toBe(0.93);
    }),
    // Synthetic paging stubs: summaries reduced to an id.
    "sleep_getsummary_page1.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect([b.more, b.offset]).toEqual([true, 20]);
      expect(b.series).toEqual([{ id: 1 }]);
    }),
    "sleep_getsummary_page2.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect(b.series).toEqual([{ id: 2 }]);
      expect(b.offset).toBeUndefined();
    }),
    "user_getdevice.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices[0]).toMatchObject({ model_id: 45, first_session_date: 1600000000 });
    }),
    "user_getdevice_unknown_type.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices).toEqual([{ type: "Something New", battery: "low" }]);
    }),
    "user_getgoals.json": decoded("user.getgoals", "envelope", (b) => {
      expect(b.goals.weight?.value).toBe(75000);
    }),
    "user_getgoals_steps_only.json": decoded("user.getgoals", "envelope", (b) => {
      expect(b.goals).toEqual({ steps: 8000 });
    }),
  },
  vangorra__python_withings_api: {
    "heart_get_wearposition_3.json": decoded("heart.get", "envelope", (b) => {
      expect(b).toEqual({ signal: [-20, 0, 20], sampling_frequency: 500, wearposition: 3 });
    }),
    // Transcribed without the parameter: same bytes as the _3 file (see the report).
    "heart_get_wearposition_unknown.json": decoded("heart.get", "envelope", (b) => {
      expect(b.wearposition).toBe(3);
    }),
    "heart_list.json": decoded("heart.list", "envelope", (b) => {
      expect(b.series.map((r) => r.ecg?.afib)).toEqual([0, 1, 2, 1234567]);
      expect(b.series[2]).not.toHaveProperty("bloodpressure");
      expect(b.series[3]?.model).toBe(1234567);
    }),
    "measure_getactivity.json": decoded("measure.getactivity", "envelope", (b) => {
      expect(b.activities.map((a) => a.timezone)).toEqual(["Europe/London", "America/Los_Angeles"]);
      expect(b.activities[1]?.hr_zone_3).toBe(216);
    }),
    "measure_getmeas.json": decoded("measure.getmeas", "envelope", (b) => {
      // Synthetic `date` text, converted to Unix seconds (UTC).
      expect(b.measuregrps.map((g) => g.date)).toEqual([1546300800, 1546387200, 1546387200]);
      expect(b.measuregrps[2]?.measures[0]).toEqual({ type: 1234567, unit: 230, value: 230 });
      expect(b.updatetime).toBe(1409596058);
    }),
    "notify_get_appli_16.json": decoded("notify.get", "envelope", (b) => {
      expect(b).toEqual({
        callbackurl: "http://localhost/callback",
        appli: 16,
        comment: "comment1",
      });
    }),
    "notify_get_appli_unknown.json": decoded("notify.get", "envelope", (b) => {
      expect(b.appli).toBe(16);
    }),
    "notify_list.json": decoded("notify.list", "envelope", (b) => {
      expect(b.profiles.map((p) => p.expires)).toEqual([null, "2019-09-02", "2019-09-02"]);
    }),
    "notify_revoke.json": decoded("notify.revoke", "envelope", (b) => expect(b).toEqual({})),
    "notify_subscribe.json": decoded("notify.subscribe", "envelope", (b) => expect(b).toEqual({})),
    "notify_update.json": decoded("notify.update", "envelope", (b) => expect(b).toEqual({})),
    "oauth2_requesttoken.json": decoded("oauth2.requesttoken", "envelope", (b) => {
      expect(b.userid).toBe("12345");
      expect(b.scope).toBe("user.metrics,user.activity");
      expect(b.csrf_token).toBe("CSRF_TOKEN");
    }),
    "oauth2_requesttoken_refresh_no_status.json": decoded(
      "oauth2.requesttoken",
      "envelope",
      (b) => {
        expect(b).toMatchObject({ userid: "12345", refresh_token: "my_refresh_token_refreshed" });
        expect(b.scope).toBeUndefined();
      },
    ),
    "sleep_get_model_16.json": decoded("sleep.get", "envelope", (b) => {
      expect(b.model).toBe(16);
      expect(b.series.map((s) => s.state)).toEqual([0, 1, 1234567]);
      expect(b.series[1]?.snoring).toEqual({ "1387243618": 78, "1387243700": 90 });
    }),
    "sleep_get_model_unknown.json": decoded("sleep.get", "envelope", (b) => {
      expect(b.model).toBe(16);
    }),
    "sleep_getsummary.json": decoded("sleep.getsummary", "envelope", (b) => {
      expect(b.series.map((s) => s.model)).toEqual([16, 16, 1234567]);
      expect(b.series[0]?.data?.["durationtosleep"]).toBe(112);
      expect(b.offset).toBe(1);
    }),
    "user_getdevice.json": decoded("user.getdevice", "envelope", (b) => {
      expect(b.devices.map((d) => d.deviceid)).toEqual(["deviceid0", "deviceid1"]);
    }),
  },
};

/** Decodes one answer text as its case says and checks the outcome. */
function check(text: string, testCase: Case): void {
  switch (testCase.kind) {
    case "decode":
      testCase.run(text);
      return;
    case "error": {
      let thrown: unknown;
      try {
        decodeEnvelope(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(testCase.type);
      expect(thrown).toMatchObject({
        status: testCase.status,
        apiMessage: testCase.apiMessage,
      });
      return;
    }
    case "form": {
      // Webhook form fields arrive as text (quirk Q21); each must read as an integer.
      const fields: unknown = JSON.parse(text);
      if (typeof fields !== "object" || fields === null) throw new Error("not an object");
      const record = fields as Record<string, unknown>;
      let copy: Copy;
      for (const key of Object.keys(record)) {
        copy = reqInt(record, key, DecodePath.root(), copy);
      }
      expect(copy).toEqual(testCase.expected);
      return;
    }
  }
}

describe("our own answers (recorded from the sandbox, written from the reference)", () => {
  it("maps every fixture file, and nothing else", () => {
    expect(answerFiles()).toEqual(Object.keys(OWN_CASES).sort());
  });

  for (const [file, testCase] of Object.entries(OWN_CASES)) {
    it(file, () => check(readAnswer(file), testCase));
  }
});

describeConformance("decode every answer", () => {
  it("maps every file of every project folder, and nothing else", () => {
    const folders = listCorpus().filter((name) => name !== "LICENSES" && name !== "SOURCES.md");
    expect(folders).toEqual(Object.keys(CASES).sort());
    for (const folder of folders) {
      expect(listCorpus(folder), folder).toEqual(Object.keys(CASES[folder] ?? {}).sort());
    }
  });

  for (const [folder, files] of Object.entries(CASES)) {
    describe(folder, () => {
      for (const [file, testCase] of Object.entries(files)) {
        it(file, () => check(readCorpus(`${folder}/${file}`), testCase));
      }
    });
  }
});
