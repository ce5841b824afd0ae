import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { tempDir, testIo } from "./_helpers.js";

describe("withings sandbox", () => {
  it("serves the sandbox until stopped and prints its URL and credentials", async () => {
    const controller = new AbortController();
    const io = testIo(await tempDir(), { signal: controller.signal });
    const running = runCli(["sandbox", "--port", "0", "--seed", "7", "--rate-limit", "3000"], io);
    const [, url] = await io.stdout.waitFor(/running at (http:\/\/127\.0\.0\.1:\d+)/);
    // The environment it prints paces the other commands to its own quota, not the default.
    expect(io.stdout.text).toMatch(/export WITHINGS_CLOUD=http\S+ .*WITHINGS_RATE_LIMIT=3000\n/);
    expect(io.stdout.text).toContain("client id      withings-kit-sandbox");
    expect(io.stdout.text).toContain("client secret  sandbox-secret");

    const created = await fetch(`${url}/_sandbox/users`, {
      method: "POST",
      body: JSON.stringify({ profile: "empty", years: 0 }),
    });
    expect(created.status).toBe(201);
    const stats = (await (await fetch(`${url}/_sandbox/stats`)).json()) as { tokensIssued: number };
    expect(stats.tokensIssued).toBe(1);

    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/_sandbox/stats`)).rejects.toThrow();
  });
});
