import { describe, expect, it } from "vitest";
import { answerJson, readAnswer } from "../../../client/test/fixtures/answers.js";
import { describeConformance } from "../../../client/test/helpers/conformance-corpus.js";
import { type ReplayFile, replayUser, SandboxParamError } from "../../src/data/index.js";
import { DAY, params, readConformance, walk } from "./helpers.js";

const JOOSTLEK = "joostlek__python-withings";
const ASTRO = "astromechza__withings-to-mysql";
const HA = "home-assistant__core";
const VANGORRA = "vangorra__python_withings_api";

function file(key: ReplayFile["key"], folder: string, name: string): ReplayFile {
  return { key, text: readConformance(folder, name) };
}

// Far after every capture, so everything recorded is visible.
const LATER = 1_800_000_000;

/** One of our own answers (packages/client/test/fixtures) as a replay file. */
function own(key: ReplayFile["key"], path: string): ReplayFile {
  return { key, text: readAnswer(path) };
}

describe("replayUser(): our own answers served through the normal queries", () => {
  it("pages recorded measure groups newest first, keeping each record's shape", () => {
    const recorded = ["recorded/getmeas-page1.json", "recorded/getmeas-page2.json"].flatMap(
      (path) => answerJson<{ body: { measuregrps: { grpid: number }[] } }>(path).body.measuregrps,
    );
    const user = replayUser({
      userId: "o1",
      now: LATER,
      files: [
        own("measure.getmeas", "recorded/getmeas-page1.json"),
        own("measure.getmeas", "recorded/getmeas-page2.json"),
      ],
    });
    expect(user.timezone).toBe("Europe/Paris");
    const { rows, pages } = walk(user, "measure.getmeas", {}, LATER, 25);
    expect(rows).toHaveLength(recorded.length);
    expect(pages.map((p) => (p.measuregrps as unknown[]).length)).toEqual([25, 25, 25, 5]);
    const dates = rows.map((r) => r.date as number);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(rows.find((r) => r.grpid === recorded[0]!.grpid)).toEqual(recorded[0]);
  });

  it("keeps two groups that share a grpid but differ, and takes the envelope's timezone", () => {
    const user = replayUser({
      userId: "o2",
      now: LATER,
      files: [own("measure.getmeas", "written/getmeas-weigh-ins.json")],
    });
    const body = user.answer("measure.getmeas", params(), LATER) as {
      measuregrps: { grpid: number; attrib: number }[];
      timezone: string;
    };
    expect(body.timezone).toBe("Europe/Berlin");
    expect(
      body.measuregrps
        .filter((g) => g.grpid === 5200000001)
        .map((g) => g.attrib)
        .sort(),
    ).toEqual([0, 8]);
  });

  it("serves recorded sleep summaries by date range, and sleep detail in a window", () => {
    const user = replayUser({
      userId: "o3",
      now: LATER,
      files: [
        own("sleep.getsummary", "recorded/sleep-getsummary-page1.json"),
        own("sleep.getsummary", "recorded/sleep-getsummary-page2.json"),
        own("sleep.get", "recorded/sleep-get.json"),
      ],
    });
    const all = walk(user, "sleep.getsummary", { lastupdate: 0 }, LATER, 4);
    expect(all.rows).toHaveLength(10);
    expect(all.pages).toHaveLength(3);
    const some = walk(
      user,
      "sleep.getsummary",
      { startdateymd: "2026-01-03", enddateymd: "2026-01-05", data_fields: "sleep_efficiency" },
      LATER,
    ).rows;
    expect(some.map((s) => s.date).sort()).toEqual(["2026-01-03", "2026-01-04", "2026-01-05"]);
    expect(Object.keys(some[0]!["data"] as object)).toEqual(["sleep_efficiency"]);
    const start = 1768168719;
    const detail = user.answer(
      "sleep.get",
      params({ startdate: start, enddate: start + DAY, data_fields: "hr" }),
      LATER,
    ) as { series: { startdate: number; hr?: object; rr?: object }[] };
    expect(detail.series.length).toBeGreaterThan(0);
    expect(detail.series[0]!.hr).toBeDefined();
    expect(detail.series[0]!.rr).toBeUndefined();
  });

  it("attaches a recorded ECG signal and generates the missing ones", () => {
    const list = answerJson<{ body: { series: { ecg: { signalid: number } }[] } }>(
      "recorded/heart-list.json",
    ).body.series;
    const user = replayUser({
      userId: "o4",
      now: LATER,
      files: [
        own("heart.list", "recorded/heart-list.json"),
        own("heart.get", "recorded/heart-get.json"),
      ],
    });
    const recorded = answerJson<{ body: unknown }>("recorded/heart-get.json").body;
    const signalid = list[0]!.ecg.signalid;
    expect(user.answer("heart.get", params({ signalid }), LATER)).toEqual(recorded);
    const other = user.answer("heart.get", params({ signalid: list[1]!.ecg.signalid }), LATER) as {
      signal: number[];
    };
    expect(other.signal.length).toBeGreaterThan(0);
  });

  it("refuses error answers", () => {
    expect(() =>
      replayUser({
        userId: "x",
        now: LATER,
        files: [own("measure.getmeas", "recorded/error-401-bad-token.json")],
      }),
    ).toThrow(SandboxParamError);
  });
});

describeConformance("replayUser(): recorded answers served through the normal queries", () => {
  it("pages 2,062 recorded measure groups newest first, with lastupdate and date filters", () => {
    const text = readConformance(JOOSTLEK, "measurement_list.json");
    const recorded = JSON.parse(text) as {
      grpid: number;
      date: number;
      created: number;
      modified: number;
    }[];
    const user = replayUser({
      userId: "r1",
      now: LATER,
      files: [{ key: "measure.getmeas", text }],
    });
    expect(user.timezone).toBe("UTC"); // a bare list carries no timezone
    const distinct = new Set(recorded.map((g) => JSON.stringify(g))).size;
    const { rows, pages } = walk(user, "measure.getmeas", {}, LATER, 500);
    expect(rows).toHaveLength(distinct);
    expect(pages.map((p) => (p.measuregrps as unknown[]).length).slice(0, 4)).toEqual([
      500, 500, 500, 500,
    ]);
    const dates = rows.map((r) => r.date as number);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const since = recorded.map((g) => g.modified).sort((a, b) => a - b)[1000]!;
    const changed = walk(user, "measure.getmeas", { lastupdate: since }, LATER).rows;
    expect(changed.length).toBe(
      new Set(recorded.filter((g) => g.modified > since).map((g) => JSON.stringify(g))).size,
    );
    const day = walk(
      user,
      "measure.getmeas",
      { startdate: dates[100]!, enddate: dates[100]! + DAY },
      LATER,
    ).rows;
    expect(day.every((g) => (g.date as number) >= dates[100]!)).toBe(true);
    // Records keep their recorded shape exactly.
    expect(rows.find((r) => r.grpid === recorded[0]!.grpid)).toEqual(recorded[0]);
  });

  it("keeps two groups that share a grpid but differ, and takes the envelope's timezone", () => {
    const user = replayUser({
      userId: "r2",
      now: LATER,
      files: [file("measure.getmeas", JOOSTLEK, "measurement.json")],
    });
    const body = user.answer("measure.getmeas", params(), LATER) as {
      measuregrps: { grpid: number; attrib: number }[];
      timezone: string;
    };
    expect(body.timezone).toBe("Europe/Amsterdam");
    expect(body.measuregrps.map((g) => g.attrib).sort()).toEqual([0, 8]);
  });

  it("serves recorded sleep summaries by date range and lastupdate, and sleep detail in 24 h windows", () => {
    const user = replayUser({
      userId: "r3",
      now: LATER,
      files: [
        file("sleep.getsummary", JOOSTLEK, "sleep_summary.json"),
        file("sleep.get", JOOSTLEK, "sleep.json"),
      ],
    });
    expect(user.timezone).toBe("Europe/Paris");
    const all = walk(user, "sleep.getsummary", { lastupdate: 0 }, LATER, 120);
    expect(all.rows).toHaveLength(300);
    expect(all.pages).toHaveLength(3);
    const april = walk(
      user,
      "sleep.getsummary",
      { startdateymd: "2021-04-10", enddateymd: "2021-04-18", data_fields: "hr_average" },
      LATER,
    ).rows;
    expect(april.map((s) => s.date)).toContain("2021-04-18");
    expect(
      april.every((s) => (s.date as string) >= "2021-04-10" && (s.date as string) <= "2021-04-18"),
    ).toBe(true);
    expect(Object.keys(april[0]!["data"] as object)).toEqual(["hr_average"]);
    const start = 1618691453;
    const detail = user.answer(
      "sleep.get",
      params({ startdate: start, enddate: start + 5 * DAY, data_fields: "hr,rr" }),
      LATER,
    ) as {
      series: { startdate: number; hr?: object; snoring?: object }[];
      model: number;
    };
    expect(detail.model).toBe(32);
    expect(detail.series.length).toBeGreaterThan(0);
    expect(detail.series.every((s) => s.startdate >= start && s.startdate <= start + DAY)).toBe(
      true,
    );
    expect(detail.series[0]!.hr).toBeDefined();
    expect(detail.series[0]!.snoring).toBeUndefined();
  });

  it("loads activity, workouts (a verbatim duplicate once), intraday, devices and goals", () => {
    const user = replayUser({
      userId: "r4",
      now: LATER,
      files: [
        file("measure.getactivity", HA, "activity.json"),
        file("measure.getworkouts", JOOSTLEK, "workouts.json"),
        file("measure.getintradayactivity", ASTRO, "getintraday.json"),
        file("user.getdevice", JOOSTLEK, "device.json"),
        file("user.getgoals", JOOSTLEK, "no_goals.json"),
      ],
    });
    const recordedWorkouts = (
      JSON.parse(readConformance(JOOSTLEK, "workouts.json")) as { body: { series: unknown[] } }
    ).body.series;
    expect(walk(user, "measure.getworkouts", {}, LATER).rows).toHaveLength(
      recordedWorkouts.length - 1,
    );
    const activities = walk(
      user,
      "measure.getactivity",
      { startdateymd: "2023-10-01", enddateymd: "2023-10-31" },
      LATER,
    ).rows;
    expect(activities.length).toBeGreaterThan(5);
    const intraday = user.answer(
      "measure.getintradayactivity",
      params({ startdate: 1777668000, enddate: 1777680000 }),
      LATER,
    ) as {
      series: Record<string, unknown>;
    };
    expect(Object.keys(intraday.series)).toHaveLength(16);
    expect(
      (user.answer("user.getdevice", params(), LATER) as { devices: unknown[] }).devices,
    ).toHaveLength(5);
    expect(user.answer("user.getgoals", params(), LATER)).toEqual({ goals: [] });
  });

  it("attaches recorded ECG signals and generates the missing ones", () => {
    const user = replayUser({
      userId: "r5",
      now: LATER,
      files: [
        file("heart.list", VANGORRA, "heart_list.json"),
        file("heart.get", VANGORRA, "heart_get_wearposition_3.json"),
      ],
    });
    const first = user.answer("heart.get", params({ signalid: 9876543 }), LATER) as {
      signal: number[];
      wearposition: number;
    };
    expect(first).toEqual({ signal: [-20, 0, 20], sampling_frequency: 500, wearposition: 3 });
    const other = user.answer("heart.get", params({ signalid: 7654321 }), LATER) as {
      signal: number[];
    };
    expect(other.signal.length).toBe(20 * 500); // a BPM Core recording without a captured signal
  });

  it("lets recorded data be edited like generated data", () => {
    const user = replayUser({
      userId: "r6",
      now: LATER,
      files: [file("measure.getmeas", ASTRO, "getmeas.json")],
    });
    const hints = user.apply(
      { op: "edit", dataset: "measures", id: 7583593079, record: { attrib: 1 } },
      LATER + 10,
    );
    expect(hints).toEqual([{ appli: 4, startdate: 1775320006, enddate: 1775320006 }]);
    const changed = walk(user, "measure.getmeas", { lastupdate: LATER }, LATER + 10).rows;
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      grpid: 7583593079,
      attrib: 1,
      modified: LATER + 10,
      timezone: "Europe/London",
    });
    expect(changed[0]?.["is_inconclusive"]).toBeUndefined();
  });

  it("refuses error answers, non-JSON text and lists without records", () => {
    const bad = (files: ReplayFile[]) =>
      expect(() => replayUser({ userId: "x", now: LATER, files })).toThrow(SandboxParamError);
    bad([
      {
        key: "measure.getmeas",
        text: readConformance("tomek-i__withings-sdk", "error_401_expired.json"),
      },
    ]);
    bad([{ key: "measure.getmeas", text: "<html>" }]);
    bad([{ key: "measure.getmeas", text: '{"status":0,"body":{"devices":[]}}' }]);
  });
});
