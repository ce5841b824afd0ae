/**
 * Webhook answer time of the service under a steady stream of notifications, against a
 * bare Hono handler that answers 200 without storing anything, side by side: both served
 * by `@hono/node-server` in this process, both sent the same paced stream over real HTTP
 * (keep-alive), alternating rounds. Each notification the service answers is committed
 * (with a full fsync) to an SQLite file on disk before the answer. Prints one JSON object:
 * p50 and p99 of each side, in ms, and their ratios, per round and overall.
 *
 *   node --conditions=source --import tsx bench/webhook-answer.ts [--rate 200] [--seconds 5] [--rounds 3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { createWithingsClient } from "@withings-kit/client";
import { createService } from "@withings-kit/server";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { Hono } from "hono";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const TOKEN = "bench-webhook-token-0123456789abcdef";

function listen(
  fetch: (r: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      }),
    );
  });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Sends `rate` notifications a second for `seconds`, paced; answers the latencies in ms.
async function stream(url: string): Promise<number[]> {
  const total = rate * seconds;
  const latencies: number[] = [];
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `userid=${1000 + (i % 50)}&appli=4&startdate=${1_700_000_000 + i}&enddate=${1_700_000_060 + i}`,
      }).then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        latencies.push(performance.now() - sent);
      }),
    );
  }
  await Promise.all(pending);
  return latencies;
}

const dir = mkdtempSync(join(tmpdir(), "withings-kit-webhook-bench-"));
const store = openSqliteStore(join(dir, "service.db"));
const client = createWithingsClient({ clientId: "app", clientSecret: "secret" });
// Unknown users are answered and recorded like known ones (one transaction each): the
// receiver's cost without a sync behind it.
const service = createService({ store, client, webhookToken: TOKEN });
const bare = new Hono().post("/webhooks/withings/:token", (c) => c.text("ok"));
const ours = await listen(service.fetch);
const theirs = await listen((r) => bare.fetch(r));
const path = `/webhooks/withings/${TOKEN}`;

// Warm-up, then alternating rounds.
await stream(ours.url + path);
await stream(theirs.url + path);
const results = [];
const all = { ours: [] as number[], bare: [] as number[] };
for (let r = 0; r < rounds; r++) {
  const a = await stream(ours.url + path);
  const b = await stream(theirs.url + path);
  all.ours.push(...a);
  all.bare.push(...b);
  results.push({
    round: r + 1,
    p50: {
      ours: percentile(a, 50),
      bare: percentile(b, 50),
      ratio: percentile(a, 50) / percentile(b, 50),
    },
    p99: {
      ours: percentile(a, 99),
      bare: percentile(b, 99),
      ratio: percentile(a, 99) / percentile(b, 99),
    },
  });
}
const stored = sqliteHandle(store)
  .database.prepare("SELECT count(*) FROM service_notifications")
  .pluck()
  .get();
await ours.close();
await theirs.close();
await service.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
const round = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify(
    {
      rate,
      seconds,
      rounds,
      stored,
      p50: {
        ours: round(percentile(all.ours, 50)),
        bare: round(percentile(all.bare, 50)),
        ratio: round(percentile(all.ours, 50) / percentile(all.bare, 50)),
      },
      p99: {
        ours: round(percentile(all.ours, 99)),
        bare: round(percentile(all.bare, 99)),
        ratio: round(percentile(all.ours, 99) / percentile(all.bare, 99)),
      },
      perRound: results.map((r) => ({
        round: r.round,
        p50Ratio: round(r.p50.ratio),
        p99Ratio: round(r.p99.ratio),
      })),
    },
    null,
    2,
  ),
);
