/**
 * Requests per second the sandbox serves over real HTTP (loopback) for a small getmeas page and
 * for a 4,096-group page, next to a bare `node:http` server answering a constant JSON of the same
 * size, measured in the same run. Prints both rates and their ratio.
 *
 *   node --conditions=source --import tsx bench/sandbox-throughput.ts
 *     [--requests N] [--large-requests N] [--concurrency C] [--rounds R]
 *
 * The servers run in a child process (this script, forked with the same flags) so that the load
 * generator does not share their event loop. The load generator is plain `http.request` over a
 * keep-alive agent, sends a bounded number of requests and stops by itself.
 */
import { type ChildProcess, fork } from "node:child_process";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { startSandboxServer } from "../packages/sandbox/src/server.js";

interface Scenario {
  readonly name: string;
  /** Path and query on the sandbox, without the varying part. */
  readonly sandboxPath: string;
  /** Path on the bare server answering the same bytes. */
  readonly barePath: string;
  readonly bytes: number;
  readonly groups: number;
}

interface Ready {
  readonly sandboxUrl: string;
  readonly bareUrl: string;
  readonly scenarios: readonly Scenario[];
  readonly setupMs: number;
}

if (process.argv[2] === "--serve") {
  void serve();
} else {
  void main();
}

/** Child: the sandbox server and the bare server, answering over loopback. */
async function serve(): Promise<void> {
  const started = performance.now();
  // The quota would refuse a benchmark; the duplicate guard stays on (each request differs).
  const server = await startSandboxServer({ port: 0, seed: 42, rateLimit: false });
  const tokens = server.sandbox.createUser({ profile: "vitals-study", years: 10 });
  const setupMs = performance.now() - started;
  const auth = `access_token=${tokens.access_token}`;
  const now = server.sandbox.clock.nowSeconds();
  const paths = {
    // One day of measures: a handful of groups.
    small: `/measure?action=getmeas&${auth}&startdate=${now - 86_400}&enddate=${now}`,
    // No range: the newest full page of 4,096 groups.
    large: `/measure?action=getmeas&${auth}`,
  };
  const bodies = new Map<string, Buffer>();
  const scenarios: Scenario[] = [];
  for (const [name, path] of Object.entries(paths)) {
    const res = await fetch(`${server.url}${path}&i=warm`);
    const body = Buffer.from(await res.arrayBuffer());
    const parsed = JSON.parse(body.toString()) as {
      status: number;
      body: { measuregrps?: unknown[] };
    };
    if (parsed.status !== 0) throw new Error(`${name}: status ${parsed.status}`);
    bodies.set(`/${name}`, body);
    scenarios.push({
      name,
      sandboxPath: path,
      barePath: `/${name}`,
      bytes: body.length,
      groups: parsed.body.measuregrps?.length ?? 0,
    });
  }
  const bare = createServer((req, res) => {
    const body = bodies.get(req.url ?? "") ?? Buffer.from("{}");
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const ready: Ready = {
    sandboxUrl: server.url,
    bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    scenarios,
    setupMs,
  };
  process.send?.(ready);
  process.on("disconnect", () => {
    bare.close();
    void server.close().then(() => process.exit(0));
  });
}

/** Parent: drives load at each server in turn and prints the figures. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "3000" },
      "large-requests": { type: "string", default: "600" },
      concurrency: { type: "string", default: "8" },
      rounds: { type: "string", default: "3" },
    },
  });
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const child: ChildProcess = fork(process.argv[1] ?? "", ["--serve"], { stdio: "inherit" });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Ready));
      child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    });
    console.log(
      `sandbox ready in ${ready.setupMs.toFixed(0)} ms (10-year vitals-study user); concurrency ${concurrency}`,
    );
    const rows: string[] = [];
    for (const scenario of ready.scenarios) {
      const total = Number(scenario.name === "large" ? values["large-requests"] : values.requests);
      const warm = Math.max(50, Math.floor(total / 10));
      // Each sandbox request carries a distinct, ignored `i`, so none is an identical repeat.
      const sandboxUrl = (i: number) => `${ready.sandboxUrl}${scenario.sandboxPath}&i=${i}`;
      const bareUrl = () => `${ready.bareUrl}${scenario.barePath}`;
      await load(bareUrl, warm, concurrency);
      await load((i) => sandboxUrl(-1 - i), warm, concurrency);
      // Alternate the two servers over several rounds and keep the medians, so that drift in the
      // machine's load does not favour one side.
      const bare: number[] = [];
      const sandbox: number[] = [];
      for (let round = 0; round < rounds; round++) {
        bare.push(await load(bareUrl, total, concurrency));
        sandbox.push(await load((i) => sandboxUrl(round * total + i), total, concurrency));
      }
      const bareRps = median(bare);
      const sandboxRps = median(sandbox);
      rows.push(
        `${scenario.name.padEnd(6)} ${String(scenario.groups).padStart(5)} groups ${(scenario.bytes / 1024).toFixed(1).padStart(8)} KiB` +
          `  sandbox ${sandboxRps.toFixed(0).padStart(6)} req/s  bare ${bareRps.toFixed(0).padStart(6)} req/s` +
          `  ratio ${(sandboxRps / bareRps).toFixed(2)}`,
      );
    }
    for (const row of rows) console.log(row);
  } finally {
    child.disconnect();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Sends `total` GETs with `concurrency` in flight; answers requests per second. */
async function load(
  url: (i: number) => string,
  total: number,
  concurrency: number,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const status = await getOnce(url(i), agent);
      if (status !== 200) throw new Error(`HTTP ${status} for request ${i}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}

function getOnce(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
