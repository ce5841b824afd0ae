import { describe, expect, it } from "vitest";
import { decodeTokenResponseBody } from "../../src/decode/decode-token-response-body.js";
import { expectShapeError } from "./expect-shape-error.js";

const token = (over: Record<string, unknown> = {}) => ({
  userid: "12345",
  access_token: "a7b3c9d1e5f0a7b3c9d1e5f0a7b3c9d1e5f0a7b3",
  refresh_token: "f0e5d1c9b3a7f0e5d1c9b3a7f0e5d1c9b3a7f0e5",
  expires_in: 10800,
  scope: "user.info,user.metrics",
  csrf_token: "x",
  token_type: "Bearer",
  ...over,
});

describe("decodeTokenResponseBody", () => {
  it("returns a clean answer as is", () => {
    const input = token();
    expect(decodeTokenResponseBody(input)).toBe(input);
  });

  it("always gives userid as text (quirk Q21) and reads expires_in sent as text", () => {
    const out = decodeTokenResponseBody(token({ userid: 12345, expires_in: "10800" }));
    expect(out.userid).toBe("12345");
    expect(out.expires_in).toBe(10800);
  });

  it("leaves expires_in, scope and userid absent when the answer lacks them", () => {
    const out = decodeTokenResponseBody({ access_token: "new", refresh_token: "new-r" });
    expect(out).toEqual({ access_token: "new", refresh_token: "new-r" });
    expect("userid" in out).toBe(false);
  });

  it.each([
    ["a missing access token", token({ access_token: undefined }), "$.body.access_token"],
    ["an empty refresh token", token({ refresh_token: "" }), "$.body.refresh_token"],
    ["a fractional userid", token({ userid: 1.5 }), "$.body.userid"],
    ["a null userid", token({ userid: null }), "$.body.userid"],
    ["a text expires_in", token({ expires_in: "3h" }), "$.body.expires_in"],
    ["an array scope", token({ scope: ["user.info"] }), "$.body.scope"],
  ])("rejects %s", (_name, input, path) => {
    expectShapeError(() => decodeTokenResponseBody(input), path);
  });

  it("never quotes a token in the error", () => {
    const error = expectShapeError(
      () => decodeTokenResponseBody(token({ refresh_token: 987654321987 })),
      "$.body.refresh_token",
    );
    expect(error.message).not.toContain("987654321987");
    expect(error.message).toContain("got an integer");
  });
});
