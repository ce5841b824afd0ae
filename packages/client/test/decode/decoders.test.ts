import { describe, expect, it } from "vitest";
import { decoders } from "../../src/decode/decoders.js";
import { endpoints } from "../../src/endpoints.js";

describe("decoders", () => {
  it("has one frozen decoder per action of the endpoint table", () => {
    expect(Object.keys(decoders).sort()).toEqual(Object.keys(endpoints).sort());
    expect(Object.isFrozen(decoders)).toBe(true);
  });

  it("passes the context on to the errors", () => {
    let thrown: unknown;
    try {
      decoders["sleep.get"]({ series: "none" }, { action: "sleep.get", endpoint: "/v2/sleep" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      action: "sleep.get",
      endpoint: "/v2/sleep",
      path: "$.body.series",
    });
  });
});
