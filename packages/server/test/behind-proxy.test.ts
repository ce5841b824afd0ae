// The service behind the reverse proxy docs/deploy.md shows: nginx, from the document's own
// block (plain HTTP on loopback instead of TLS on 443). Withings' probe and notifications
// pass through it, and with --trust-proxy the allow-list judges the address nginx saw.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWithingsClient } from "@withings-kit/client";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { startService } from "../src/index.js";
import { freePort } from "./helpers/free-port.js";

const TOKEN = "proxy-test-webhook-token-0123456789";
const NGINX = process.env["NGINX_PATH"] ?? "/usr/sbin/nginx";
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

// The nginx server block of docs/deploy.md, listening on loopback without TLS, in front of
// the service's port.
async function documentedServerBlock(listen: number, upstream: number): Promise<string> {
  const doc = await readFile(new URL("../../../docs/deploy.md", import.meta.url), "utf8");
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1];
  if (block === undefined) throw new Error("docs/deploy.md has no nginx block");
  return block
    .replace(/listen 443 ssl;/, `listen 127.0.0.1:${listen};`)
    .replace(/^\s*ssl_certificate.*$/gm, "")
    .replaceAll("127.0.0.1:8787", `127.0.0.1:${upstream}`);
}

async function startNginx(serverBlock: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "withings-kit-nginx-"));
  const conf = join(dir, "nginx.conf");
  await writeFile(
    conf,
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
error_log ${dir}/error.log;
pid ${dir}/nginx.pid;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  ${serverBlock}
}
`,
  );
  const nginx = spawn(NGINX, ["-p", dir, "-c", conf, "-g", "daemon off;"], { stdio: "pipe" });
  let stderr = "";
  nginx.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  closers.push(
    () =>
      new Promise<void>((done) => {
        if (nginx.exitCode !== null) return done();
        nginx.once("exit", () => done());
        nginx.kill("SIGQUIT");
      }),
  );
  const exited = new Promise<never>((_, fail) =>
    nginx.once("exit", (code) => fail(new Error(`nginx exited with ${code}: ${stderr}`))),
  );
  const listening = (async () => {
    for (let i = 0; i < 100; i++) {
      if (
        /listen [^;]+;/.test(serverBlock) &&
        (await readFile(`${dir}/nginx.pid`).catch(() => null))
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nginx did not start: ${stderr}`);
  })();
  await Promise.race([listening, exited]);
}

// A request from a given loopback address (the whole of 127/8 is this machine).
function send(
  url: string,
  method: string,
  from: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, localAddress: from }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += String(chunk);
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", fail);
    if (body !== undefined) {
      req.setHeader("content-type", "application/x-www-form-urlencoded");
      req.end(body);
    } else req.end();
  });
}

describe("the service behind the documented nginx", () => {
  it("passes Withings' probe through, and judges callers by the address nginx saw", async () => {
    const store = openSqliteStore(":memory:");
    closers.push(() => store.close());
    const upstream = await freePort();
    const running = await startService({
      store,
      client: createWithingsClient({ clientId: "app", clientSecret: "secret" }),
      webhookToken: TOKEN,
      port: upstream,
      trustProxy: true,
      // Stands for Withings' ranges: one loopback address that nginx sees calling.
      withingsSources: { resolveTxt: async () => [["127.0.0.2/32"]] },
    });
    closers.push(() => running.close());
    const listen = await freePort();
    await startNginx(await documentedServerBlock(listen, upstream));
    const hook = `http://127.0.0.1:${listen}/webhooks/withings/${TOKEN}`;

    expect((await send(hook, "HEAD", "127.0.0.3")).status).toBe(200);
    expect(await send(hook, "POST", "127.0.0.2", "userid=42&appli=4")).toEqual({
      status: 200,
      body: "ok",
    });
    expect((await send(hook, "POST", "127.0.0.3", "userid=42&appli=4")).status).toBe(403);
    // The service itself, reached without the proxy, sees nginx's absence: no header, no entry.
    expect(
      (
        await send(
          `http://127.0.0.1:${upstream}/webhooks/withings/${TOKEN}`,
          "POST",
          "127.0.0.2",
          "userid=42&appli=4",
        )
      ).status,
    ).toBe(403);
    const stored = sqliteHandle(store)
      .database.prepare("SELECT count(*) FROM service_notifications")
      .pluck()
      .get() as number;
    expect(stored).toBe(1);
  });
});
