import { createWithingsClient, MemoryTokenStore } from "@withings-kit/client";
import { describe, expect, it } from "vitest";
import { CliError } from "../src/cli-error.js";
import { EXIT_CODES } from "../src/exit-codes.js";
import { importTokenAnswer } from "../src/login/import-token-answer.js";

const BODY = {
  userid: "42",
  access_token: "access-token-value",
  refresh_token: "refresh-token-value",
  expires_in: 10800,
  scope: "user.info,user.metrics",
  token_type: "Bearer",
};

function client() {
  const tokenStore = new MemoryTokenStore();
  return {
    tokenStore,
    client: createWithingsClient({ clientId: "app", clientSecret: "s", tokenStore }),
  };
}

describe("importTokenAnswer", () => {
  it("stores a requesttoken body, its envelope, or one with a numeric userid", async () => {
    const { client: c, tokenStore } = client();
    expect((await importTokenAnswer(c, JSON.stringify(BODY))).refreshToken).toBe(
      "refresh-token-value",
    );
    const envelope = JSON.stringify({ status: 0, body: { ...BODY, userid: 43 } });
    expect((await importTokenAnswer(c, envelope)).userId).toBe("43");
    const minimal = { userid: 7, access_token: "a", refresh_token: "r" };
    expect(await importTokenAnswer(c, JSON.stringify(minimal))).toMatchObject({
      userId: "7",
      accessToken: "a",
      refreshToken: "r",
    });
    expect((await tokenStore.list()).sort()).toEqual(["42", "43", "7"]);
  });

  it.each([
    ["not json", "not valid JSON"],
    ["[1,2]", "$.body"],
    ['{"status":503,"body":{},"error":"invalid"}', "an error answer (status 503)"],
    ['{"access_token":"secret-a","refresh_token":"secret-r"}', "$.body.userid"],
    ['{"userid":1,"access_token":"secret-a"}', "$.body.refresh_token"],
    [
      '{"userid":1,"access_token":"a","refresh_token":"r","expires_in":"soon"}',
      "$.body.expires_in",
    ],
  ])("refuses %s as a usage error without echoing it, storing nothing", async (text, reason) => {
    const { client: c, tokenStore } = client();
    const error = await importTokenAnswer(c, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_CODES.USAGE);
    expect((error as CliError).message).toContain(reason);
    expect((error as CliError).message).not.toMatch(/secret-/);
    expect(await tokenStore.list()).toEqual([]);
  });
});
