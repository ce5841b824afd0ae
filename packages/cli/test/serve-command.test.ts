import { startSandboxServer } from "@withings-kit/sandbox/server";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { run, tempDir, testIo } from "./_helpers.js";

const TOKEN = "a-webhook-token-of-some-length-0123456789";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function cloudEnv(dir: string) {
  const sandbox = await startSandboxServer({ port: 0 });
  closers.push(() => sandbox.close());
  const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
  return {
    XDG_CONFIG_HOME: `${dir}/config`,
    XDG_DATA_HOME: `${dir}/data`,
    WITHINGS_CLOUD: sandbox.url,
    WITHINGS_CLIENT_ID: clientId,
    WITHINGS_CLIENT_SECRET: clientSecret,
  };
}

describe("withings serve", () => {
  it("refuses to start without a long random webhook token, and never prints one", async () => {
    const dir = await tempDir();
    const env = { ...(await cloudEnv(dir)), WITHINGS_WEBHOOK_TOKEN: "short" };
    const result = await run(["serve", "--db", `${dir}/s.db`, "--port", "0"], testIo(dir, { env }));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("WITHINGS_WEBHOOK_TOKEN must be at least 24");
    expect(result.stderr).not.toContain("short");
  });

  it("refuses --allow-withings-ips on a cloud that is not Withings'", async () => {
    const dir = await tempDir();
    const env = { ...(await cloudEnv(dir)), WITHINGS_WEBHOOK_TOKEN: TOKEN };
    const result = await run(
      ["serve", "--db", `${dir}/s.db`, "--port", "0", "--allow-withings-ips"],
      testIo(dir, { env }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--allow-withings-ips lists the addresses of Withings' own");
  });

  it("answers the webhook's probe and notifications, and its health checks, until stopped", async () => {
    const dir = await tempDir();
    const env = { ...(await cloudEnv(dir)), WITHINGS_WEBHOOK_TOKEN: TOKEN };
    const controller = new AbortController();
    const io = testIo(dir, { env, signal: controller.signal });
    const running = runCli(
      ["serve", "--db", `${dir}/s.db`, "--port", "0", "--public-url", "https://kit.example.org/"],
      io,
    );
    const [, url] = await io.stdout.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(io.stdout.text).toContain(
      "callback URL  https://kit.example.org/webhooks/withings/<WITHINGS_WEBHOOK_TOKEN>",
    );
    const hook = `${url}/webhooks/withings/${TOKEN}`;
    expect((await fetch(hook, { method: "HEAD" })).status).toBe(200);
    expect((await fetch(`${url}/webhooks/withings/wrong`, { method: "HEAD" })).status).toBe(404);
    const posted = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "userid=12345&appli=4",
    });
    expect(posted.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Logs are JSON lines on stderr: the unknown user's notification is one.
    const logged = io.stderr.text
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; outcome?: string });
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: "notification recorded, nothing to sync",
        outcome: "unknown-user",
      }),
    );
    // Ready but for the public callback: kit.example.org is not this service.
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: "unavailable",
      checks: {
        database: "ok",
        queue: "ok",
        callback: "the public callback URL does not answer HEAD",
      },
    });
    controller.abort();
    expect(await running).toBe(0);
    expect(io.stdout.text + io.stderr.text).not.toContain(TOKEN);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
