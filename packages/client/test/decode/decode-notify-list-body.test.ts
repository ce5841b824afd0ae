import { describe, expect, it } from "vitest";
import { decodeNotifyListBody } from "../../src/decode/decode-notify-list-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const profile = (over: Record<string, unknown> = {}) => ({
  appli: 50,
  callbackurl: "https://example.com/hook",
  expires: 2147483647,
  comment: null,
  ...over,
});

describe("decodeNotifyListBody", () => {
  it("keeps `expires` as sent: a number, a text or null", () => {
    const input = {
      profiles: [
        profile(),
        profile({ expires: "2019-09-02" }),
        profile({ expires: null }),
        profile({ expires: undefined }),
      ],
    };
    expect(decodeNotifyListBody(input)).toBe(input);
    expect(decodeNotifyListBody({ profiles: [] })).toEqual({ profiles: [] });
  });

  it("reads an appli sent as text", () => {
    expect(decodeNotifyListBody({ profiles: [profile({ appli: "44" })] }).profiles[0]?.appli).toBe(
      44,
    );
  });

  it.each([
    ["expires as an object", [profile({ expires: {} })], "$.body.profiles[0].expires"],
    [
      "a missing callbackurl",
      [profile(), profile({ callbackurl: undefined })],
      "$.body.profiles[1].callbackurl",
    ],
    ["a numeric comment", [profile({ comment: 5 })], "$.body.profiles[0].comment"],
  ])("rejects %s", (_name, profiles, path) => {
    expectShapeError(() => decodeNotifyListBody({ profiles }), path);
  });
});
