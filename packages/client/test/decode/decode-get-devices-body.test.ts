import { describe, expect, it } from "vitest";
import { decodeGetDevicesBody } from "../../src/decode/decode-get-devices-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const device = (over: Record<string, unknown> = {}) => ({
  type: "Sleep Monitor",
  battery: "unknown",
  model: "",
  model_id: 13,
  timezone: "Europe/Amsterdam",
  first_session_date: null,
  last_session_date: 1693867179,
  deviceid: "f998be4b",
  hash_deviceid: "f998be4b",
  ...over,
});

describe("decodeGetDevicesBody", () => {
  it("returns a clean body as is: empty model, unknown battery, null sessions (quirk Q13)", () => {
    const input = { devices: [device(), device({ last_session_date: null, mac_address: "x" })] };
    expect(decodeGetDevicesBody(input)).toBe(input);
  });

  it("accepts a device with only a type, and turns a numeric deviceid into text", () => {
    const out = decodeGetDevicesBody({
      devices: [{ type: "Something New" }, device({ deviceid: 42 })],
    });
    expect(out.devices[0]).toEqual({ type: "Something New" });
    expect(out.devices[1]?.deviceid).toBe("42");
  });

  it.each([
    ["a missing type", [device({ type: undefined })], "$.body.devices[0].type"],
    ["a numeric model", [device(), device({ model: 13 })], "$.body.devices[1].model"],
    ["a null deviceid", [device({ deviceid: null })], "$.body.devices[0].deviceid"],
    [
      "a text session date",
      [device({ first_session_date: "2023-09-04" })],
      "$.body.devices[0].first_session_date",
    ],
  ])("rejects %s", (_name, devices, path) => {
    expectShapeError(() => decodeGetDevicesBody({ devices }), path);
  });

  it("rejects a body without devices", () => {
    expectShapeError(() => decodeGetDevicesBody({ device: [] }), "$.body.devices");
  });
});
