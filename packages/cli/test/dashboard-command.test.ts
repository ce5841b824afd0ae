import { join } from "node:path";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox } from "@withings-kit/sandbox";
import { createSyncEngine } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { tempDir, testIo } from "./_helpers.js";

// A database file holding one participant's readings, synced from the sandbox.
async function syncedFile(path: string): Promise<string> {
  const sandbox = createSandbox({
    seed: 3,
    clock: "virtual",
    rateLimit: { limit: 1e6, windowSeconds: 60 },
  });
  const client = createWithingsClient({
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: (request) => sandbox.fetch(request),
    clock: sandbox.clock,
    rateLimiter: new TokenBucket({ clock: sandbox.clock, limit: 1e6, windowMs: 60_000 }),
  });
  const store = openSqliteStore(path);
  const tokens = sandbox.createUser({ profile: "empty", years: 0 });
  await client.saveTokens(tokens);
  await sandbox.editData({
    userid: tokens.userid,
    change: {
      op: "add",
      dataset: "measures",
      record: {
        date: sandbox.clock.nowSeconds() - 60,
        measures: [
          { value: 131, type: 10, unit: 0 },
          { value: 84, type: 9, unit: 0 },
        ],
      },
    },
  });
  await createSyncEngine({ client, store, clock: sandbox.clock, datasets: ["measures"] }).run();
  await store.close();
  sandbox.close();
  return tokens.userid;
}

describe("withings dashboard", () => {
  it("serves the database's pages on loopback until stopped", async () => {
    const dir = await tempDir();
    const db = join(dir, "study.db");
    const userId = await syncedFile(db);
    const controller = new AbortController();
    const io = testIo(dir, { signal: controller.signal });
    const running = runCli(["dashboard", "--db", db, "--port", "0"], io);
    const [, url] = await io.stdout.waitFor(/dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/);
    const study = await fetch(url!);
    expect(study.status).toBe(200);
    expect(study.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await study.text()).toContain("131 mmHg");
    const series = (await (
      await fetch(`${url}users/${userId}/series/blood-pressure.json?range=all`)
    ).json()) as {
      total: number;
      y: number[][];
    };
    expect(series.total).toBe(1);
    expect(series.y[0]).toEqual([131]);
    // It takes no writes: nothing answers anything but a read.
    expect((await fetch(url!, { method: "POST" })).status).toBe(404);
    // A second dashboard on the same port is told so, not shown a stack trace.
    const port = new URL(url!).port;
    const busy = testIo(dir);
    expect(await runCli(["dashboard", "--db", db, "--port", port], busy)).toBe(2);
    expect(busy.stderr.text).toContain(`port ${port} on 127.0.0.1 is in use`);
    const nowhere = testIo(dir);
    expect(
      await runCli(["dashboard", "--db", db, "--port", "0", "--host", "192.0.2.1"], nowhere),
    ).toBe(2);
    expect(nowhere.stderr.text).toContain("--host 192.0.2.1 is not an address of this machine");
    controller.abort();
    expect(await running).toBe(0);
    expect(io.stderr.text).toContain("Dashboard stopped.");
    await expect(fetch(url!)).rejects.toThrow();
  });

  it("refuses a database that does not exist", async () => {
    const dir = await tempDir();
    const io = testIo(dir);
    expect(await runCli(["dashboard", "--db", join(dir, "none.db"), "--port", "0"], io)).toBe(6);
    expect(io.stderr.text).toContain("no database at");
  });
});
