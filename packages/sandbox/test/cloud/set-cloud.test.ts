import { WithingsArgumentError } from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxControlError } from "../../src/control/sandbox-control-error.js";
import { createSandbox } from "../../src/create-sandbox.js";
import type { Sandbox } from "../../src/types/sandbox.js";
import { API, post, testSandbox } from "../_helpers.js";

let sandbox: Sandbox;
afterEach(() => sandbox.close());

async function control(
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await sandbox.fetch(
    `${API}/_sandbox/${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("the cloud option, setCloud and /_sandbox/cloud", () => {
  it("takes the old top-level pageSizes as an alias, under cloud.pageSizes", () => {
    sandbox = createSandbox({
      clock: "virtual",
      seed: 12,
      pageSizes: { "measure.getmeas": 3, "heart.list": 9 },
      cloud: { pageSizes: { "heart.list": 4 }, offsets: "token" },
    });
    const cloud = sandbox.cloud();
    expect(cloud.pageSizes).toMatchObject({
      "measure.getmeas": 3,
      "heart.list": 4,
      "measure.getworkouts": 300,
    });
    expect(cloud.offsets).toBe("token");
    expect(cloud.seed).toBe(12); // the sandbox seed by default
  });

  it("changes every user's answers at run time, merging maps key by key; reset restores the option", async () => {
    sandbox = testSandbox({ cloud: { pageSizes: { "heart.list": 2 } } });
    const { access_token } = sandbox.createUser({ profile: "vitals-study", years: 1 });
    let call = 0;
    // Each call differs by an ignored parameter, so the duplicate guard (Q3) lets it through.
    const list = async () =>
      (await post(sandbox, "/v2/heart", { action: "list", i: String(call++) }, access_token)).body;
    expect(await list()).toMatchObject({ series: [{}, {}], offset: 2 });
    sandbox.setCloud({
      pageSizes: { "measure.getmeas": 10 },
      sortOrders: { "heart.list": "oldest-first" },
    });
    expect(sandbox.cloud().pageSizes["heart.list"]).toBe(2);
    const oldest = (await list())["series"] as { timestamp: number }[];
    expect(oldest).toHaveLength(2);
    expect(oldest[0]!.timestamp).toBeLessThan(oldest[1]!.timestamp);
    sandbox.reset();
    expect(sandbox.cloud().sortOrders["heart.list"]).toBe("newest-first");
    expect(sandbox.cloud().pageSizes["measure.getmeas"]).toBe(4096);
  });

  it("answers the control API with the resolved behaviour, and 400 naming a bad field", async () => {
    sandbox = testSandbox();
    const set = await control("cloud", { hiddenMore: 0.25, detailLagSeconds: 600 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({
      hiddenMore: 0.25,
      detailLagSeconds: 600,
      offsets: "count",
      seed: 7,
    });
    expect((await control("cloud")).json).toEqual(set.json);
    for (const [body, field] of [
      [{ offsets: "cursor" }, "offsets"],
      [{ hiddenMore: 2 }, "hiddenMore"],
      [{ omission: -0.1 }, "omission"],
      [{ detailLagSeconds: -1 }, "detailLagSeconds"],
      [{ pageSizes: { "measure.getmeas": 0 } }, "pageSizes.measure.getmeas"],
      [{ getmeasCategory: "all" }, "getmeasCategory"],
      [{ editsRewriteCreated: "yes" }, "editsRewriteCreated"],
      [{ typo: 1 }, "typo"],
    ] as const) {
      const refused = await control("cloud", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json).toMatchObject({ error: { code: "invalid_body", field } });
    }
    expect((await control("cloud", [1])).status).toBe(400);
    expect(() => sandbox.setCloud({ offsets: "x" as never })).toThrow(SandboxControlError);
    // Nothing changed by the refused calls.
    expect(sandbox.cloud().hiddenMore).toBe(0.25);
  });

  it("validates the cloud option at creation with a WithingsArgumentError", () => {
    const make = (cloud: object) => () => createSandbox({ cloud: cloud as never });
    expect(make({ offsets: "x" })).toThrow(WithingsArgumentError);
    expect(make({ offsets: "x" })).toThrow(
      expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_VALUE" }),
    );
    expect(make({ editsRewriteCreated: 1 })).toThrow(
      expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_TYPE" }),
    );
    sandbox = testSandbox();
  });
});
