import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import { FileTokenStore } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffRows, expectedRows, storedRows } from "./helpers/row-sets.js";
import { sandboxUser } from "./helpers/sandbox-user.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const child = join(here, "fixtures", "sync-child.ts");
const SEED = 31;
const START = Date.UTC(2026, 5, 9, 12, 0, 0) / 1000;

interface Outcome {
  readonly killed: boolean;
  readonly code: number | null;
  readonly result?: { ok: boolean; totals: { requests: number }; errors: unknown[] };
  readonly stderr: string;
}

// Runs the child sync; with `killAfterMs`, SIGKILLs it that long after it started syncing.
function runChild(args: readonly string[], killAfterMs?: number): Promise<Outcome> {
  return new Promise((done, fail) => {
    const proc: ChildProcess = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", child, ...args],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    let killed = false;
    proc.stdout?.on("data", (chunk: Buffer) => {
      const first = !out.includes("started\n");
      out += chunk.toString();
      if (first && out.includes("started\n") && killAfterMs !== undefined) {
        setTimeout(() => {
          killed = proc.exitCode === null && proc.kill("SIGKILL");
        }, killAfterMs);
      }
    });
    proc.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on("error", fail);
    proc.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      done({ killed, code, stderr: err, ...(line ? { result: JSON.parse(line) } : {}) });
    });
  });
}

describe("a sync killed with SIGKILL", () => {
  let server: SandboxServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "withings-kit-crash-"));
    server = await startSandboxServer({
      seed: SEED,
      port: 0,
      startTime: START,
      clock: "realtime",
      rateLimit: { limit: 100_000, windowSeconds: 60 },
    });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("ends, rerun, equal to an uninterrupted run, with the login intact", async () => {
    const { sandbox } = server;
    const answer = sandbox.createUser({ profile: "vitals-study", years: 0.6 });
    const userId = answer.userid;
    const tokensPath = join(dir, "tokens.json");
    const crashedDb = join(dir, "crashed.db");
    const referenceDb = join(dir, "reference.db");
    const app = sandbox.defaultApp;
    const client = createWithingsClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      cloud: server.url,
      tokenStore: new FileTokenStore(tokensPath),
      rateLimiter: new TokenBucket({ limit: 100_000 }),
    });
    await client.saveTokens(answer);
    const args = (db: string) => [server.url, db, tokensPath, app.clientId, app.clientSecret];

    let kills = 0;
    for (let cycle = 0; kills < 10 && cycle < 30; cycle++) {
      // Twice, let the access token expire at the cloud: the child then refreshes
      // (rotating the refresh token) in the middle of a sync that may be killed.
      if (cycle === 2 || cycle === 6) sandbox.clock.advance(3 * 3600 + 60);
      // Past the 10 s duplicate guard: a rerun repeats the killed run's first requests.
      sandbox.clock.advance(11);
      // An uninterrupted run takes several seconds: ten kills within 0.1–0.5 s of sync each
      // land at ten different points before it can finish. The delays are spread by a fixed
      // rule, not at random, so that a failure replays with the same kill points.
      const outcome = await runChild(args(crashedDb), 100 + ((cycle * 137) % 400));
      if (outcome.killed) kills++;
      else expect(outcome.result?.ok, outcome.stderr).toBe(true);
    }
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(sandbox.stats().refreshes).toBeGreaterThanOrEqual(1);
    sandbox.clock.advance(11);
    const completed = await runChild(args(crashedDb));
    expect(completed.result?.ok, completed.stderr).toBe(true);

    // Compare at one instant of the cloud, chosen so that no record arrives in the few
    // minutes both final runs take: the synthetic user keeps producing data as time flows.
    const cloud = sandboxUser(sandbox, 0);
    let at = sandbox.clock.nowSeconds() + 600;
    const snap = (t: number) => JSON.stringify(cloud.data.snapshot(t));
    while (snap(at) !== snap(at + 300)) at += 300;

    sandbox.clock.set(at);
    const caughtUp = await runChild(args(crashedDb));
    expect(caughtUp.result?.ok, caughtUp.stderr).toBe(true);

    // The login still works: the stored refresh token is the live one.
    await client.refresh(userId);
    expect((await client.user(userId).getDevice()).devices.length).toBeGreaterThan(0);

    // The reference: one uninterrupted run into a fresh database, at the same instant.
    sandbox.clock.set(at);
    const reference = await runChild(args(referenceDb));
    expect(reference.result?.ok, reference.stderr).toBe(true);
    expect(sandbox.clock.nowSeconds()).toBeLessThan(at + 300);

    const crashed = openSqliteStore(crashedDb);
    const clean = openSqliteStore(referenceDb);
    try {
      expect(await diffRows(storedRows(crashed, userId), storedRows(clean, userId))).toEqual([]);
      expect(await diffRows(storedRows(crashed, userId), expectedRows(cloud.data, at))).toEqual([]);
    } finally {
      await crashed.close();
      await clean.close();
    }
  }, 110_000);
});
