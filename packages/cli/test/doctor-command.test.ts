import { createWithingsClient } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../src/database/open-database.js";
import { run, tempDir, testIo } from "./_helpers.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setUp(options: { deadLogin?: boolean } = {}) {
  const dir = await tempDir();
  const sandbox = await startSandboxServer({ port: 0 });
  closers.push(() => sandbox.close());
  const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
  const dbPath = `${dir}/d.db`;
  const db = await openDatabase(dbPath, { create: true });
  const client = createWithingsClient({
    clientId,
    clientSecret,
    cloud: sandbox.url,
    tokenStore: db.tokens,
  });
  const answer = sandbox.sandbox.createUser({ profile: "empty", years: 0 });
  await client.saveTokens(answer);
  if (options.deadLogin) {
    await client.saveTokens({
      ...answer,
      userid: "31999999",
      access_token: "gone",
      refresh_token: "gone",
      expires_in: 1,
    });
  }
  await db.close();
  const env = {
    XDG_CONFIG_HOME: `${dir}/config`,
    XDG_DATA_HOME: `${dir}/data`,
    WITHINGS_CLOUD: sandbox.url,
    WITHINGS_CLIENT_ID: clientId,
    WITHINGS_CLIENT_SECRET: clientSecret,
  };
  return { dir, dbPath, env, clientSecret, answer };
}

describe("withings doctor", () => {
  it("passes a working deployment", async () => {
    const s = await setUp();
    const r = await run(["doctor", "--db", s.dbPath], testIo(s.dir, { env: s.env }));
    expect(r.stdout).toContain("ok credentials: the app's client id and secret are accepted");
    expect(r.stdout).toContain(`ok login: user ${s.answer.userid}: the login works`);
    expect(r.stdout).toContain("All checks passed.");
    expect(r.code).toBe(0);
  });

  it("says in plain words what to fix, and never prints a secret", async () => {
    const s = await setUp({ deadLogin: true });
    const token = "doctor-webhook-token-0123456789abcdef";
    const env = {
      ...s.env,
      WITHINGS_CLIENT_SECRET: "a-wrong-secret-value",
      WITHINGS_WEBHOOK_TOKEN: token,
    };
    const r = await run(
      ["doctor", "--db", s.dbPath, "--public-url", "http://127.0.0.1:9"],
      testIo(s.dir, { env }),
    );
    expect(r.stdout).toContain("!! credentials: the Withings API refused the app's credentials");
    expect(r.stdout).toContain("Withings only calls https URLs on port 443 of a real domain");
    expect(r.stdout).toContain(
      "!! callback: the callback cannot be reached through the public URL",
    );
    expect(r.stdout).toContain("user 31999999: the login is dead");
    expect(r.code).toBe(3);
    for (const secret of [
      token,
      "a-wrong-secret-value",
      s.answer.access_token,
      s.answer.refresh_token,
    ]) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });
});
