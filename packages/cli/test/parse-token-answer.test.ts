import { describe, expect, it } from "vitest";
import { CliError } from "../src/cli-error.js";
import { EXIT_CODES } from "../src/exit-codes.js";
import { parseTokenAnswer } from "../src/login/parse-token-answer.js";

const BODY = {
  userid: "42",
  access_token: "access-token-value",
  refresh_token: "refresh-token-value",
  expires_in: 10800,
  scope: "user.info,user.metrics",
  token_type: "Bearer",
};

describe("parseTokenAnswer", () => {
  it("takes a requesttoken body, its envelope, or a numeric userid", () => {
    expect(parseTokenAnswer(JSON.stringify(BODY))).toEqual(BODY);
    expect(parseTokenAnswer(JSON.stringify({ status: 0, body: BODY }))).toEqual(BODY);
    expect(parseTokenAnswer(JSON.stringify({ ...BODY, userid: 42 })).userid).toBe("42");
    const minimal = { userid: 7, access_token: "a", refresh_token: "r" };
    expect(parseTokenAnswer(JSON.stringify(minimal))).toEqual({
      userid: "7",
      access_token: "a",
      refresh_token: "r",
    });
  });

  it.each([
    ["not json", "not valid JSON"],
    ["[1,2]", "not a JSON object"],
    ['{"status":503,"body":{},"error":"invalid"}', "an error answer (status 503)"],
    ['{"access_token":"a","refresh_token":"r"}', 'no "userid"'],
    ['{"userid":1,"access_token":"secret-a"}', 'no "refresh_token"'],
    ['{"userid":1,"access_token":"a","refresh_token":"r","expires_in":"soon"}', '"expires_in"'],
  ])("refuses %s as a usage error without echoing it", (text, reason) => {
    let error: unknown;
    try {
      parseTokenAnswer(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_CODES.USAGE);
    expect((error as CliError).message).toContain(reason);
    expect((error as CliError).message).not.toContain("secret-a");
  });
});
