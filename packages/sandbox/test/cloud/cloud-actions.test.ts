import type { EndpointKey } from "@withings-kit/client";
import { endpoints } from "@withings-kit/client/internal";
import { describe, expect, it } from "vitest";
import type { CloudAction } from "../../src/cloud/cloud-action.js";
import { CLOUD_ACTIONS, type CloudActionKey } from "../../src/cloud/cloud-actions.js";
import { defaultCloudBehaviour } from "../../src/cloud/default-cloud-behaviour.js";
import { findCloudAction } from "../../src/cloud/find-cloud-action.js";
import { LIST_ACTION_KEYS } from "../../src/cloud/list-action-key.js";

// The sandbox's table is written from the reference; these are the reference's values,
// restated here so that a change to the table has to be a deliberate one.
describe("the sandbox's own cloud table", () => {
  it("serves exactly the client's actions (also checked at compile time by `satisfies`)", () => {
    expect(Object.keys(CLOUD_ACTIONS).sort()).toEqual(
      (Object.keys(endpoints) as EndpointKey[]).sort(),
    );
  });

  it("pages like §1.13: list key, `more` type (Q6), observed page size and order", () => {
    const paging = Object.fromEntries(
      LIST_ACTION_KEYS.map((key) => [key, (CLOUD_ACTIONS[key] as CloudAction).paging]),
    );
    expect(paging).toEqual({
      "measure.getmeas": {
        listKey: "measuregrps",
        more: "int",
        pageSize: 4096,
        order: "newest-first",
      },
      "measure.getactivity": {
        listKey: "activities",
        more: "bool",
        pageSize: 200,
        order: "oldest-first",
      },
      "measure.getworkouts": {
        listKey: "series",
        more: "bool",
        pageSize: 300,
        order: "oldest-first",
      },
      "heart.list": { listKey: "series", more: "bool", pageSize: 200, order: "newest-first" },
      "sleep.getsummary": {
        listKey: "series",
        more: "bool",
        pageSize: 300,
        order: "oldest-first",
      },
    });
    const withPaging = (Object.keys(CLOUD_ACTIONS) as CloudActionKey[]).filter(
      (key) => (CLOUD_ACTIONS[key] as CloudAction).paging !== undefined,
    );
    expect(withPaging.sort()).toEqual([...LIST_ACTION_KEYS].sort());
  });

  it("cuts intraday and sleep get to 24 h (Q8) and marks the Q5 exclusive groups", () => {
    expect(CLOUD_ACTIONS["measure.getintradayactivity"].windowSeconds).toBe(86_400);
    expect(CLOUD_ACTIONS["sleep.get"].windowSeconds).toBe(86_400);
    expect(CLOUD_ACTIONS["measure.getmeas"].exclusive).toEqual([
      ["lastupdate"],
      ["startdate", "enddate"],
    ]);
    for (const key of ["measure.getactivity", "measure.getworkouts", "sleep.getsummary"] as const)
      expect(CLOUD_ACTIONS[key].exclusive).toEqual([
        ["lastupdate"],
        ["startdateymd", "enddateymd"],
      ]);
    // getsummary pages with an offset the spec does not list (Q7).
    expect(CLOUD_ACTIONS["sleep.getsummary"].params.offset).toEqual({ format: "int" });
  });

  it("lists data_fields as the reference spells them (Q11: sdnn1 vs sdnn_1)", () => {
    expect(CLOUD_ACTIONS["measure.getintradayactivity"].dataFields).toContain("sdnn1");
    expect(CLOUD_ACTIONS["sleep.get"].dataFields).toContain("sdnn_1");
    expect(CLOUD_ACTIONS["sleep.getsummary"].dataFields).not.toContain("sdnn_1");
    expect(CLOUD_ACTIONS["sleep.getsummary"].dataFields).toContain("rmssd_start_avg");
    expect(CLOUD_ACTIONS["measure.getactivity"].dataFields).toHaveLength(16);
    expect(CLOUD_ACTIONS["measure.getworkouts"].dataFields).toContain("algo_pause_duration");
  });

  it("routes by service path and action, from its own table", () => {
    expect(findCloudAction("/measure", "getmeas")).toBe("measure.getmeas");
    expect(findCloudAction("/v2/measure", "getactivity")).toBe("measure.getactivity");
    expect(findCloudAction("/measure", "getactivity")).toBeUndefined();
    expect(findCloudAction("/v2/heart", "get")).toBe("heart.get");
    expect(findCloudAction("/v2/sleep", "get")).toBe("sleep.get");
    expect(findCloudAction("/notify", "get")).toBe("notify.get");
    for (const key of Object.keys(CLOUD_ACTIONS) as CloudActionKey[]) {
      const spec: CloudAction = CLOUD_ACTIONS[key];
      expect(findCloudAction(spec.service, spec.action)).toBe(key);
    }
  });

  it("defaults to the observed cloud with every lie off", () => {
    expect(defaultCloudBehaviour(9)).toEqual({
      pageSizes: {
        "measure.getmeas": 4096,
        "measure.getactivity": 200,
        "measure.getworkouts": 300,
        "heart.list": 200,
        "sleep.getsummary": 300,
      },
      sortOrders: {
        "measure.getmeas": "newest-first",
        "measure.getactivity": "oldest-first",
        "measure.getworkouts": "oldest-first",
        "heart.list": "newest-first",
        "sleep.getsummary": "oldest-first",
      },
      offsets: "count",
      hiddenMore: 0,
      omission: 0,
      detailLagSeconds: 0,
      serverSkewSeconds: {
        "/measure": 0,
        "/v2/measure": 0,
        "/v2/heart": 0,
        "/v2/sleep": 0,
        "/v2/user": 0,
      },
      editsRewriteCreated: false,
      getmeasCategory: "both",
      seed: 9,
    });
  });
});
