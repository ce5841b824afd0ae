/**
 * Peak memory of a full sync plus a CSV export of every dataset, for a 10-year vitals-study
 * user against a 1-year one: the ratio should stay ≤ 1.3, since a sync holds at most two
 * pages of a list and the parents of one dense dataset, and an export streams.
 *
 *   node --conditions=source --import tsx bench/sync-memory.ts [--small 1] [--large 10]
 *
 * The sandbox runs as an HTTP server in this process (its data for ten years lives here,
 * not in the measured process); each case runs in a fresh child process (this script with
 * `--child`), syncing into a new SQLite file and exporting to files in a temporary
 * directory. Three figures per case:
 * - `peakRssMB`: the kernel's high-water mark of the child's resident set
 *   (`process.resourceUsage().maxRSS`), the memory the OS really gave it;
 * - `peakHeapMB`: the largest V8 `heapUsed` sampled every 10 ms, garbage included, so it
 *   also reflects how lazily the collector ran;
 * - `retainedHeapMB`: the largest heap left after a full collection, forced every 250
 *   progress events and at the end of every dataset and export: what the sync really holds.
 * The quota is raised on both sides (this measures memory, not the rate limit). Prints one
 * JSON object.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createWithingsClient, TokenBucket, type TokenResponseBody } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { createSyncEngine, exportRows, SYNC_DATASETS } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";

interface Measured {
  readonly years: number;
  readonly ok: boolean;
  readonly peakRssMB: number;
  readonly peakHeapMB: number;
  readonly retainedHeapMB: number;
  readonly requests: number;
  readonly rowsStored: number;
  readonly rowsExported: number;
  readonly exportMB: number;
  readonly seconds: number;
}

const LIMIT = 1_000_000;

if (process.argv[2] === "--child") {
  await child(process.argv.slice(3));
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { small: { type: "string", default: "1" }, large: { type: "string", default: "10" } },
  });
  const server = await startSandboxServer({
    seed: 42,
    port: 0,
    rateLimit: { limit: LIMIT, windowSeconds: 60 },
    startTime: Date.UTC(2026, 0, 14, 12) / 1000,
  });
  const results: Measured[] = [];
  try {
    for (const years of [Number(values.small), Number(values.large)]) {
      const tokens = server.sandbox.createUser({ profile: "vitals-study", years });
      results.push(await measure(server.url, tokens, years));
    }
  } finally {
    await server.close();
  }
  const [small, large] = results as [Measured, Measured];
  console.log(
    JSON.stringify(
      {
        benchmark: "sync-memory",
        small,
        large,
        rssRatio: Number((large.peakRssMB / small.peakRssMB).toFixed(3)),
        heapRatio: Number((large.peakHeapMB / small.peakHeapMB).toFixed(3)),
        retainedHeapRatio: Number((large.retainedHeapMB / small.retainedHeapMB).toFixed(3)),
        node: process.version,
      },
      null,
      2,
    ),
  );
}

function measure(url: string, tokens: TokenResponseBody, years: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        "--expose-gc",
        ...process.execArgv,
        process.argv[1]!,
        "--child",
        url,
        JSON.stringify(tokens),
        String(years),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code !== 0 || line === undefined)
        reject(new Error(`child for ${years} years exited with ${code}`));
      else resolve(JSON.parse(line) as Measured);
    });
  });
}

async function child([url, tokenJson, yearsText]: string[]): Promise<void> {
  let peakHeap = 0;
  let retained = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const collect = () => {
    sample();
    gc?.();
    retained = Math.max(retained, process.memoryUsage().heapUsed);
  };
  let events = 0;
  const onProgress = (p: { phase: string }) => {
    sample();
    if (p.phase === "done" || ++events % 250 === 0) collect();
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "withings-kit-memory-"));
  try {
    const tokens = JSON.parse(tokenJson!) as TokenResponseBody;
    const client = createWithingsClient({
      clientId: "withings-kit-sandbox",
      clientSecret: "sandbox-secret",
      cloud: url!,
      rateLimiter: new TokenBucket({ limit: LIMIT }),
    });
    await client.saveTokens(tokens);
    const store = openSqliteStore(join(dir, "sync.db"));
    const report = await createSyncEngine({ client, store, onProgress }).run();
    let rowsExported = 0;
    let bytes = 0;
    for (const dataset of SYNC_DATASETS) {
      const result = await exportRows(
        store,
        { dataset, format: "csv" },
        createWriteStream(join(dir, `${dataset}.csv`)),
      );
      rowsExported += result.rows;
      bytes += result.bytes;
      collect();
    }
    const counts = await store.counts();
    await store.close();
    clearInterval(sampler);
    sample();
    const measured: Measured = {
      years: Number(yearsText),
      ok: report.ok,
      peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
      peakHeapMB: Number((peakHeap / 2 ** 20).toFixed(1)),
      retainedHeapMB: Number((retained / 2 ** 20).toFixed(1)),
      requests: report.totals.requests,
      rowsStored: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
      rowsExported,
      exportMB: Number((bytes / 2 ** 20).toFixed(1)),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(measured)}\n`);
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
}
