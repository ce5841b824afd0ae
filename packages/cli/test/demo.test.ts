import { join } from "node:path";
import { SYNC_DATASETS } from "@withings-kit/sync";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { run, tempDir, testIo } from "./_helpers.js";

describe("withings demo", () => {
  it("starts a sandbox, logs in through its consent page, syncs and shows the data", async () => {
    const dir = await tempDir();
    const db = join(dir, "demo.db");
    // Half a year: the synthetic user resets a weight objective every 150 days, so every
    // dataset, objectives included, is sure to hold rows.
    const result = await run(["demo", "--years", "0.5", "--db", db], testIo(dir));
    expect(result.stderr).not.toContain("withings:");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /sandbox\s+http:\/\/127\.0\.0\.1:\d+ \(seed 42\), app quota raised to 3,000 requests\/min/,
    );
    expect(out).toMatch(
      /login\s+consent page approved for \d+ → redirect to http:\/\/127\.0\.0\.1:\d+\/callback/,
    );
    for (const dataset of SYNC_DATASETS) {
      expect(out).toMatch(new RegExp(`^\\s+${dataset}\\s+[1-9][\\d,]*\\s+\\d+$`, "m"));
    }
    for (const vital of ["blood pressure", "pulse", "SpO2", "temperature", "weight"]) {
      expect(out).toMatch(new RegExp(`^\\s+${vital}\\s+\\d`, "m"));
    }
    expect(out).toMatch(/Requests: \d+ sent by the client .* 0 answered 601/);

    // The demo database is a normal database: status reads it.
    const status = await run(["status", "--db", db, "--json"], testIo(dir));
    expect(status.code).toBe(0);
    const { users } = JSON.parse(status.stdout) as {
      users: { datasets: Record<string, { rows: number }> }[];
    };
    expect(users).toHaveLength(1);
    for (const dataset of SYNC_DATASETS) {
      expect(users[0]?.datasets[dataset]?.rows).toBeGreaterThan(0);
    }

    // An existing --db is never replaced without --force.
    const again = await run(["demo", "--years", "0.05", "--db", db], testIo(dir));
    expect(again.code).toBe(EXIT_CODES.USAGE);
    expect(again.stderr).toContain("pass --force");
  });
});
