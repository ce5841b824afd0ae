import { PostgresRateLimiter } from "@withings-kit/sync/postgres";
import pg from "pg";
import { RateLimiterRes } from "rate-limiter-flexible";
import { afterEach, describe, expect, it } from "vitest";
import { isStoreError } from "../../src/index.js";
import { waitAfterRefusal } from "../../src/quota/postgres-rate-limiter.js";
import { postgresSchema, type TestSchema } from "../helpers/postgres-schema.js";

const schemas: TestSchema[] = [];
const opened: PostgresRateLimiter[] = [];
afterEach(async () => {
  for (const limiter of opened.splice(0)) await limiter.close();
  for (const schema of schemas.splice(0)) await schema.drop();
});
async function limiters(count: number, limit: number): Promise<PostgresRateLimiter[]> {
  const schema = await postgresSchema();
  schemas.push(schema);
  const out: PostgresRateLimiter[] = [];
  // Each with a pool of its own, as separate processes would be.
  for (let i = 0; i < count; i++) {
    const limiter = await PostgresRateLimiter.open(schema.pool(2), { limit, marginMs: 0 });
    opened.push(limiter);
    out.push(limiter);
  }
  return out;
}

// Whether the promise has settled after the event loop had a turn and PostgreSQL answered.
async function settledSoon(promises: readonly Promise<unknown>[], ms: number): Promise<number> {
  let settled = 0;
  for (const p of promises)
    p.then(
      () => settled++,
      () => undefined,
    );
  await new Promise((wake) => setTimeout(wake, ms));
  return settled;
}

describe("PostgresRateLimiter", () => {
  it("admits one slice's points across every limiter of the database, then holds the rest", async () => {
    // A limit of 4 a minute: one per slice of 20 s.
    const [a, b, c] = await limiters(3, 4);
    const { points, sliceMs } = a!.slices;
    expect(sliceMs).toBeGreaterThanOrEqual(15_000);
    const stop = new AbortController();
    const asked = [a!, b!, c!, a!, b!, c!].map((l) => l.acquire(stop.signal));
    // The next admission comes a slice later: none in the next second and a half, however
    // fast or slow this machine runs (the first come, then nothing).
    let admitted = 0;
    for (const p of asked)
      p.then(
        () => admitted++,
        () => undefined,
      );
    while (admitted < points) await new Promise((wake) => setTimeout(wake, 20));
    await new Promise((wake) => setTimeout(wake, 1_500));
    expect(admitted).toBe(points);
    stop.abort(new Error("test over"));
    const outcomes = await Promise.allSettled(asked);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(points);
  });

  it("holds every limiter back after one of them met a 601", async () => {
    const [a, b] = await limiters(2, 600);
    await b!.acquire();
    a!.pause(60_000);
    // The block reaches the table before b asks again.
    await new Promise((wake) => setTimeout(wake, 300));
    const stop = new AbortController();
    const waiting = b!.acquire(stop.signal);
    expect(await settledSoon([waiting], 1_000)).toBe(0);
    stop.abort(new Error("test over"));
    await expect(waiting).rejects.toThrow("test over");
    await expect(a!.acquire(AbortSignal.timeout(200))).rejects.toThrow();
  });

  it("begins a slice when PostgreSQL writes it, not when a question that waited was sent", async () => {
    const schema = await postgresSchema();
    schemas.push(schema);
    const pool = schema.pool(2);
    const limiter = await PostgresRateLimiter.open(pool, { limit: 120 });
    opened.push(limiter);
    await limiter.acquire();
    // Another transaction ends the slice and holds the counter's row for 1.5 s: the next
    // question waits for it.
    const holder = await pool.connect();
    await holder.query("BEGIN");
    await holder.query("UPDATE rate_limits SET expire = 0");
    const asking = limiter.acquire();
    await new Promise((wake) => setTimeout(wake, 1_500));
    const { rows: at } = await holder.query<{ now: string }>(
      "SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS now",
    );
    await holder.query("COMMIT");
    holder.release();
    await asking;
    const { rows } = await pool.query<{ expire: string }>("SELECT expire FROM rate_limits");
    expect(Number(rows[0]!.expire)).toBeGreaterThanOrEqual(
      Number(at[0]!.now) + limiter.slices.sliceMs,
    );
  });

  it("ignores a pause of no time instead of blocking the quota for good", async () => {
    const [a, b] = await limiters(2, 120);
    a!.pause(0);
    a!.pause(Number.NaN);
    await new Promise((wake) => setTimeout(wake, 200));
    await b!.acquire(AbortSignal.timeout(30_000));
    await a!.acquire(AbortSignal.timeout(30_000));
  });

  it("fails to open with a typed error when PostgreSQL cannot be reached", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const error = await PostgresRateLimiter.open(pool).catch((e: unknown) => e);
      expect(isStoreError(error) && error.code).toBe("STORE_IO");
    } finally {
      await pool.end();
    }
  });
});

describe("waitAfterRefusal", () => {
  it("asks again when the slice ends, at once when it ends now, later when it never does", () => {
    expect(waitAfterRefusal(new RateLimiterRes(0, 640, 3), 1_000)).toBe(640);
    expect(waitAfterRefusal(new RateLimiterRes(0, 0, 3), 1_000)).toBe(1);
    expect(waitAfterRefusal(new RateLimiterRes(0, -1, 3), 1_000)).toBe(1_000);
    expect(waitAfterRefusal(new Error("connection refused"), 1_000)).toBe(1_000);
  });
});
