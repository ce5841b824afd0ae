import { describe, expect, it } from "vitest";
import { decodeNonceBody } from "../../src/decode/decode-nonce-body.js";
import { expectShapeError } from "./expect-shape-error.js";

describe("decodeNonceBody", () => {
  it("returns the body as is", () => {
    const input = { nonce: "9f86d081884c7d659a2feaa0c55ad015" };
    expect(decodeNonceBody(input)).toBe(input);
  });

  it.each([
    ["a missing nonce", {}],
    ["an empty nonce", { nonce: "" }],
    ["a numeric nonce", { nonce: 5 }],
  ])("rejects %s", (_name, input) => {
    expectShapeError(
      () => decodeNonceBody(input, { action: "signature.getnonce" }),
      "$.body.nonce",
    );
  });
});
