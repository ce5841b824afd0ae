import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/types/sandbox.js";
import { type Envelope, post, testSandbox } from "../_helpers.js";
import { params } from "../data/helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

type Form = Record<string, string>;

// The same request may be made again at once: the duplicate guard (Q3) is off.
function liar(
  cloud: Parameters<Sandbox["setCloud"]>[0],
  profile: "scale-only" | "vitals-study" = "scale-only",
) {
  sandbox = testSandbox({ duplicateWindowSeconds: 0, rateLimit: false, cloud });
  const tokens = sandbox.createUser({ profile, years: 1 });
  const now = sandbox.clock.nowSeconds();
  const range: Form = { startdate: String(now - 60 * 86_400), enddate: String(now) };
  const data = sandbox.userData(tokens.userid);
  const truth = (form: Form) =>
    data.answer("measure.getmeas", params(form), now) as Envelope["body"];
  const getmeas = (form: Form) =>
    post(sandbox, "/measure", { action: "getmeas", ...form }, tokens.access_token);
  return { tokens, range, truth, getmeas, data, now };
}

describe("hiddenMore: a page with rows says no more while rows remain", () => {
  it("at 1, hides `more` on every page with rows, keeps the real offset, never lies on an empty page", async () => {
    const { range, truth, getmeas } = liar({ hiddenMore: 1, pageSizes: { "measure.getmeas": 4 } });
    let offset = 0;
    let pages = 0;
    for (;;) {
      const form = { ...range, ...(offset > 0 ? { offset: String(offset) } : {}) };
      const told = await getmeas(form);
      const real = truth(form);
      expect(told.status).toBe(0);
      expect(told.body["measuregrps"]).toEqual(real["measuregrps"]);
      expect(told.body["offset"]).toBe(real["offset"]); // the offset is still the real next one
      expect(told.body["more"]).toBe(0); // said on every page
      if (!real["more"]) break;
      pages++;
      offset = told.body["offset"] as number; // a careful client probes on
    }
    expect(pages).toBeGreaterThan(2);
    expect(sandbox.stats().quirks.hiddenMore).toBe(pages);
    // An empty page past the end says no more truthfully, and is not counted as a lie.
    const past = await getmeas({ ...range, offset: String(offset + 1000) });
    expect(past.body).toMatchObject({ measuregrps: [], more: 0 });
    expect(sandbox.stats().quirks.hiddenMore).toBe(pages);
  });

  it("says `false` on the boolean lists, and is off by default", async () => {
    const { tokens } = liar({ pageSizes: { "measure.getactivity": 3 } }, "vitals-study");
    const honest = await post(
      sandbox,
      "/v2/measure",
      { action: "getactivity", lastupdate: "0" },
      tokens.access_token,
    );
    expect(honest.body["more"]).toBe(true);
    sandbox.setCloud({ hiddenMore: 1 });
    const told = await post(
      sandbox,
      "/v2/measure",
      { action: "getactivity", lastupdate: "0" },
      tokens.access_token,
    );
    expect(told.body["more"]).toBe(false);
    expect(told.body["activities"]).toHaveLength(3);
    expect(told.body["offset"]).toBe(3);
    // The data layer's answer is the truth: no lie there.
    expect(
      (
        sandbox
          .userData(tokens.userid)
          .answer("measure.getactivity", params({ lastupdate: 0 }), sandbox.clock.nowSeconds()) as {
          more: boolean;
        }
      ).more,
    ).toBe(true);
  });

  it("is drawn from the seed: the same requests meet the same lies", async () => {
    const run = async () => {
      const { range, getmeas } = liar({
        hiddenMore: 0.5,
        seed: 3,
        pageSizes: { "measure.getmeas": 4 },
      });
      const seen: unknown[] = [];
      for (let i = 0; i < 12; i++)
        seen.push((await getmeas({ ...range, offset: String(4 * (i % 3)) })).body["more"]);
      const hidden = sandbox.stats().quirks.hiddenMore;
      sandbox.close();
      return { seen, hidden };
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.hidden).toBeGreaterThan(0);
    expect(a.hidden).toBeLessThan(12);
  });
});

describe("omission: one answer leaves out one record", () => {
  it("never leaves out the same version twice, counts each omission, and keeps offsets", async () => {
    const { range, truth, getmeas, tokens, data, now } = liar({ omission: 1 });
    const real = truth(range);
    const all = (real["measuregrps"] as { grpid: number }[]).map((g) => g.grpid);
    expect(all.length).toBeGreaterThan(5);
    const left: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const told = await getmeas(range);
      const got = (told.body["measuregrps"] as { grpid: number }[]).map((g) => g.grpid);
      expect(got).toHaveLength(all.length - 1);
      expect(told.body["offset"]).toBe(real["offset"]); // as if the record had been served
      const missing = all.filter((id) => !got.includes(id));
      expect(missing).toHaveLength(1);
      left.push(missing[0]!);
    }
    expect(new Set(left).size).toBe(all.length); // every version once, none twice
    expect(sandbox.stats().quirks.omitted).toBe(all.length);
    // Every version has been left out once: the next answer is whole.
    const whole = await getmeas(range);
    expect((whole.body["measuregrps"] as unknown[]).length).toBe(all.length);
    expect(sandbox.stats().quirks.omitted).toBe(all.length);
    // An edit makes a new version, which may be left out again (it is the only one left).
    const edited = all[2]!;
    await sandbox.editData({
      userid: tokens.userid,
      change: { op: "edit", dataset: "measures", id: edited, record: { attrib: 2 } },
    });
    const after = await getmeas(range);
    expect((after.body["measuregrps"] as { grpid: number }[]).map((g) => g.grpid)).not.toContain(
      edited,
    );
    expect(sandbox.stats().quirks.omitted).toBe(all.length + 1);
    // The truth is never affected.
    expect(
      (data.answer("measure.getmeas", params(range), now) as { measuregrps: unknown[] })
        .measuregrps,
    ).toHaveLength(all.length);
  });

  it("applies to every list action and to no other", async () => {
    const { tokens } = liar({ omission: 1 }, "vitals-study");
    const now = sandbox.clock.nowSeconds();
    const lists = [
      [
        "measure.getactivity",
        "/v2/measure",
        { action: "getactivity", lastupdate: "0" },
        "activities",
      ],
      ["measure.getworkouts", "/v2/measure", { action: "getworkouts" }, "series"],
      ["sleep.getsummary", "/v2/sleep", { action: "getsummary", lastupdate: "0" }, "series"],
      ["heart.list", "/v2/heart", { action: "list" }, "series"],
    ] as const;
    for (const [key, service, form, listKey] of lists) {
      const told = await post(sandbox, service, form, tokens.access_token);
      const real = sandbox.userData(tokens.userid).answer(key, params(form), now) as Record<
        string,
        unknown[]
      >;
      expect((told.body[listKey] as unknown[]).length, key).toBe(real[listKey]!.length - 1);
    }
    expect(sandbox.stats().quirks.omitted).toBe(lists.length);
    const detail = await post(
      sandbox,
      "/v2/measure",
      {
        action: "getintradayactivity",
        startdate: String(now - 3 * 86_400),
        enddate: String(now - 2 * 86_400),
      },
      tokens.access_token,
    );
    expect(Object.keys(detail.body["series"] as object).length).toBeGreaterThan(0);
    expect(sandbox.stats().quirks.omitted).toBe(lists.length);
  });
});
