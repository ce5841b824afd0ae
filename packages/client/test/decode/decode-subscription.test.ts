import { describe, expect, it } from "vitest";
import { decodeSubscription } from "../../src/decode/decode-subscription.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeSubscription", () => {
  it("returns a clean subscription as is", () => {
    const input = { callbackurl: "http://localhost/callback", appli: 16, comment: "comment1" };
    expect(decodeSubscription(input)).toBe(input);
  });

  it.each([
    ["a null callbackurl", { appli: 16, callbackurl: null }, "$.body.callbackurl"],
    ["a missing appli", { callbackurl: "https://example.com" }, "$.body.appli"],
    ["a list", [], "$.body"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeSubscription(input, { action: "notify.get" }), path);
  });
});
