import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/types/sandbox.js";
import { API, post, testSandbox } from "../_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

const SKEW = { "/measure": 300, "/v2/sleep": -120, "/v2/heart": 45 } as const;

async function dateHeader(
  service: string,
  form: Record<string, string>,
  token?: string,
): Promise<number> {
  const response = await sandbox.fetch(
    new Request(`${API}${service}`, {
      method: "POST",
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: new URLSearchParams(form),
    }),
  );
  const date = response.headers.get("date") ?? "";
  expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/); // RFC 7231
  return Date.parse(date) / 1000;
}

describe("serverSkewSeconds: servers whose clocks disagree", () => {
  it("moves the stamps, updatetime, lastupdate and the Date header of a service consistently", async () => {
    sandbox = testSandbox({ cloud: { serverSkewSeconds: SKEW } });
    const { userid, access_token } = sandbox.createUser({ profile: "scale-only", years: 1 });
    sandbox.clock.advance(3600);
    const at = sandbox.clock.nowSeconds();
    await sandbox.editData({
      userid,
      change: {
        op: "add",
        dataset: "measures",
        record: { date: at - 100, measures: [{ value: 70000, type: 1, unit: -3 }] },
      },
    });
    sandbox.clock.advance(10);
    const now = sandbox.clock.nowSeconds();
    const since = (lastupdate: number) =>
      post(
        sandbox,
        "/measure",
        { action: "getmeas", lastupdate: String(lastupdate) },
        access_token,
      );
    const found = await since(at + 299);
    expect(found.body["updatetime"]).toBe(now + 300);
    const [group] = found.body["measuregrps"] as {
      created: number;
      modified: number;
      date: number;
    }[];
    expect(group).toMatchObject({ created: at + 300, modified: at + 300, date: at - 100 });
    // `lastupdate` compares on the same clock as the stamps it answered.
    expect((await since(at + 300)).body["measuregrps"]).toEqual([]);
    // The data layer's truth carries the same stamps.
    expect(sandbox.userData(userid).snapshot(now).measures.at(-1)).toMatchObject({
      modified: at + 300,
    });
    expect(
      await dateHeader("/measure", { action: "getmeas", lastupdate: String(at) }, access_token),
    ).toBe(now + 300);
  });

  it("gives each service its own clock, and the others the sandbox's", async () => {
    sandbox = testSandbox({ duplicateWindowSeconds: 0, cloud: { serverSkewSeconds: SKEW } });
    const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
    const now = sandbox.clock.nowSeconds();
    expect(
      await dateHeader("/v2/sleep", { action: "getsummary", lastupdate: "0" }, access_token),
    ).toBe(now - 120);
    expect(await dateHeader("/v2/heart", { action: "list" }, access_token)).toBe(now + 45);
    expect(await dateHeader("/v2/measure", { action: "getworkouts" }, access_token)).toBe(now);
    expect(await dateHeader("/v2/user", { action: "getgoals" }, access_token)).toBe(now);
    // OAuth answers (even failures) and unknown routes carry the sandbox clock.
    expect(await dateHeader("/v2/oauth2", { action: "requesttoken" })).toBe(now);
    expect(await dateHeader("/v2/nowhere", { action: "x" })).toBe(now);
    const sleep = await post(
      sandbox,
      "/v2/sleep",
      { action: "getsummary", lastupdate: "0" },
      access_token,
    );
    const heart = await post(sandbox, "/v2/heart", { action: "list" }, access_token);
    const unskewed = testSandbox();
    const plain = unskewed.createUser({ profile: "vitals-study", years: 1 });
    const plainSleep = await post(
      unskewed,
      "/v2/sleep",
      { action: "getsummary", lastupdate: "0" },
      plain.access_token,
    );
    const plainHeart = await post(unskewed, "/v2/heart", { action: "list" }, plain.access_token);
    unskewed.close();
    const first = (body: Record<string, unknown>) =>
      (body["series"] as { modified: number; created?: number }[])[0]!;
    expect(first(sleep.body).modified).toBe(first(plainSleep.body).modified - 120);
    expect(first(sleep.body).created).toBe(first(plainSleep.body).created! - 120);
    expect(first(heart.body).modified).toBe(first(plainHeart.body).modified + 45);
  });

  it("can change at run time, and refuses services it does not know", () => {
    sandbox = testSandbox();
    sandbox.setCloud({ serverSkewSeconds: { "/v2/measure": -30 } });
    expect(sandbox.cloud().serverSkewSeconds).toEqual({
      "/measure": 0,
      "/v2/measure": -30,
      "/v2/heart": 0,
      "/v2/sleep": 0,
      "/v2/user": 0,
    });
    expect(() => sandbox.setCloud({ serverSkewSeconds: { "/v2/oauth2": 5 } as never })).toThrow(
      /unknown service/,
    );
    expect(() => sandbox.setCloud({ serverSkewSeconds: { "/measure": 1.5 } })).toThrow(
      /whole seconds/,
    );
  });
});
