/**
 * Time to a drawn 10-year blood-pressure chart in Chromium: the dashboard's user page
 * (server-rendered page, its script, the chart's JSON read from the store and downsampled,
 * drawn by uPlot, beside the page's other charts) against a bare page that draws the same
 * points with the same uPlot from a static JSON file. Both are served by `@hono/node-server`
 * in this process, each round in a fresh browser context (nothing cached), alternating, in
 * one run. The time is from navigation start to uPlot's first draw of the chart, read from
 * the page's own clock. The dashboard is timed cold (a router just made, which reads the
 * store) and warm (the same page again, its chart points cached). Prints one JSON object:
 * per round the times (ms) and ratios, and each one's min, median and max.
 *
 *   node --conditions=source --import tsx bench/dashboard-chart.ts [--years 10] [--rounds 7]
 *
 * The store is SQLite in memory, synced from the sandbox (a vitals-study participant, the
 * measures dataset only, which holds every blood-pressure reading). Chromium is Debian's
 * (`CHROMIUM_PATH`, default /usr/bin/chromium), through playwright-core.
 */
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox } from "@withings-kit/sandbox";
import { dashboardRouter } from "@withings-kit/server";
import { createSyncEngine } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { Hono } from "hono";
import { chromium } from "playwright-core";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: {
    years: { type: "string", default: "10" },
    rounds: { type: "string", default: "7" },
  },
});
const years = Number(values.years);
const rounds = Number(values.rounds);
const WIDTH = 1200;

// A user synced from the sandbox on its virtual clock.
const limit = 1_000_000;
const sandbox = createSandbox({
  seed: 42,
  clock: "virtual",
  startTime: Date.UTC(2026, 0, 14, 12) / 1000,
  rateLimit: { limit, windowSeconds: 60 },
});
const client = createWithingsClient({
  clientId: sandbox.defaultApp.clientId,
  clientSecret: sandbox.defaultApp.clientSecret,
  fetch: (request) => sandbox.fetch(request),
  clock: sandbox.clock,
  rateLimiter: new TokenBucket({ clock: sandbox.clock, limit, windowMs: 60_000 }),
});
const store = openSqliteStore(":memory:");
const tokens = sandbox.createUser({ profile: "vitals-study", years, timezone: "Europe/Paris" });
await client.saveTokens(tokens);
const report = await createSyncEngine({
  client,
  store,
  clock: sandbox.clock,
  datasets: ["measures"],
}).run();
if (!report.ok) throw new Error("sync failed");
const userId = tokens.userid;

// A new router is a cold dashboard: its cache of chart points is empty.
const fresh = () => dashboardRouter({ store, now: () => sandbox.clock.now() / 1000 });
let dashboard = fresh();
const app = new Hono();
let staticJson = "";
// The bare page: uPlot and one chart from a static file, the same series and options.
const BARE_SCRIPT = `
fetch("/bare/bp.json").then(function (r) { return r.json(); }).then(function (p) {
  var el = document.getElementById("plot");
  var series = [{}].concat(p.series.map(function (s, i) {
    return { label: s.label, scale: s.unit, stroke: ["#b3261e", "#0b57d0", "#1e7b34"][i], width: 1.5, spanGaps: true, points: { size: 5 } };
  }));
  new uPlot({
    width: el.clientWidth, height: 260, series: series, legend: { show: false },
    scales: { x: { time: true }, mmHg: {}, bpm: {} },
    axes: [{}, { scale: "mmHg", label: "mmHg", size: 56 }, { scale: "bpm", side: 1, label: "bpm", size: 56, grid: { show: false } }],
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
    hooks: { draw: [function () { if (window.__drawnAt === undefined) window.__drawnAt = performance.now(); }] },
  }, [p.x].concat(p.y), el);
});`;
app.get("/bare", (c) =>
  c.html(
    `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/assets/uPlot.min.css"><script src="/assets/uPlot.iife.min.js" defer></script><script src="/bare/bare.js" defer></script></head><body style="margin:0;padding:0 1rem"><div id="plot" style="width:${WIDTH - 2 - 16 - 32}px"></div></body></html>`,
  ),
);
app.get("/bare/bare.js", (c) => c.body(BARE_SCRIPT, 200, { "content-type": "text/javascript" }));
app.get("/bare/bp.json", (c) => c.body(staticJson, 200, { "content-type": "application/json" }));
app.all("*", (c) => dashboard.fetch(c.req.raw));

const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
});
const { port } = server.address() as { port: number };
const origin = `http://127.0.0.1:${port}`;

const browser = await chromium.launch({
  executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function dashboardRound(): Promise<{
  ms: number;
  points: number;
  total: number;
  width: number;
}> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${origin}/users/${userId}?range=all`);
  await page.waitForFunction(
    () =>
      (
        window as unknown as {
          __charts?: Record<string, { drawnAt: number | null; plot: unknown }>;
        }
      ).__charts?.["blood-pressure"]?.drawnAt != null,
    null,
    { timeout: 120_000 },
  );
  const out = await page.evaluate(() => {
    const c = (
      window as unknown as {
        __charts: Record<
          string,
          { drawnAt: number; points: number; total: number; plot: { width: number } }
        >;
      }
    ).__charts["blood-pressure"]!;
    return {
      ms: c.drawnAt,
      points: c.points,
      total: c.total,
      width: document.querySelector("#chart-blood-pressure .plot")!.clientWidth,
    };
  });
  await context.close();
  return out;
}

async function bareRound(): Promise<number> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${origin}/bare`);
  await page.waitForFunction(
    () => (window as unknown as { __drawnAt?: number }).__drawnAt !== undefined,
    null,
    {
      timeout: 120_000,
    },
  );
  const ms = await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt);
  await context.close();
  return ms;
}

// The static file holds exactly the points the dashboard draws at its plot's width.
const first = await dashboardRound();
staticJson = await (
  await dashboard.request(
    `/users/${userId}/series/blood-pressure.json?range=all&width=${first.width}`,
  )
).text();
const drawnStatic = (JSON.parse(staticJson) as { drawn: number }).drawn;
if (drawnStatic !== first.points)
  throw new Error(`static ${drawnStatic} ≠ dashboard ${first.points}`);
await bareRound(); // warm-up, as the dashboard's first round was

// Each round: the dashboard just started (cold: the store is read), the same page again
// (warm: its points are cached), and the bare page; the order alternates.
const results: { coldMs: number; warmMs: number; bareMs: number; cold: number; warm: number }[] =
  [];
for (let round = 0; round < rounds; round++) {
  let bare = 0;
  if (round % 2 === 1) bare = await bareRound();
  dashboard = fresh();
  const cold = await dashboardRound();
  const warm = await dashboardRound();
  if (round % 2 === 0) bare = await bareRound();
  results.push({
    coldMs: round2(cold.ms),
    warmMs: round2(warm.ms),
    bareMs: round2(bare),
    cold: round2(cold.ms / bare),
    warm: round2(warm.ms / bare),
  });
}
const spread = (values: number[]) => ({
  min: Math.min(...values),
  median: median(values),
  max: Math.max(...values),
});
console.log(
  JSON.stringify(
    {
      years,
      readings: first.total,
      drawn: first.points,
      plotWidth: first.width,
      rounds: results,
      coldRatio: spread(results.map((r) => r.cold)),
      warmRatio: spread(results.map((r) => r.warm)),
      coldMs: spread(results.map((r) => r.coldMs)),
      warmMs: spread(results.map((r) => r.warmMs)),
      bareMs: spread(results.map((r) => r.bareMs)),
    },
    null,
    2,
  ),
);
await browser.close();
server.close();
await store.close();
sandbox.close();

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
