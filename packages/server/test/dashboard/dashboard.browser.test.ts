// The dashboard in a real browser (Debian's Chromium through playwright-core), on a store
// synced from the sandbox: every chart holds the readings the store has, a hover and the
// keyboard read exact stored values at their local time, the ECG is drawn at 25 mm/s and
// 10 mm/mV, the study view flags what is out of range, and nothing is fetched from
// elsewhere. Screenshots go to WITHINGS_KIT_SCREENSHOT_DIR, or to a temporary directory.
import { mkdir, mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { DataChange } from "@withings-kit/sandbox";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardRouter } from "../../src/index.js";
import { START, type SyncedStore, syncedStore } from "./helpers/synced-store.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const YEAR = 366 * 86_400;
const MM = 96 / 25.4;

const high: DataChange = {
  op: "add",
  dataset: "measures",
  record: {
    date: START - 600,
    measures: [
      { value: 165, type: 10, unit: 0 },
      { value: 101, type: 9, unit: 0 },
      { value: 77, type: 11, unit: 0 },
    ],
  },
};

let browser: Browser;
let world: SyncedStore;
let origin: string;
let shots: string;
let study: string;
let flagged: string;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  world = await syncedStore([
    { profile: "vitals-study", years: 1 },
    { profile: "empty", years: 0, timezone: "America/New_York", changes: [high] },
  ]);
  [study, flagged] = world.userIds as [string, string];
  const app = dashboardRouter({ store: world.store, now: () => world.now });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  shots =
    process.env["WITHINGS_KIT_SCREENSHOT_DIR"] ??
    (await mkdtemp(join(tmpdir(), "dashboard-shots-")));
  await mkdir(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  for (const close of closers.splice(0).reverse()) await close();
  await world?.close();
});

/** A page that records console errors, page errors and every request's origin. */
async function open(
  path: string,
  options: { width?: number; height?: number; dark?: boolean } = {},
): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
    colorScheme: options.dark === true ? "dark" : "light",
    deviceScaleFactor: 1,
  });
  closers.push(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  const answer = await page.goto(`${origin}${path}`);
  expect(answer?.status()).toBe(200);
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("figure[data-src], figure[data-ecg-src]")).every(
      (f) => f.getAttribute("data-state") === "ready",
    ),
  );
  return { page, errors, foreign };
}

async function storedRows(
  dataset: "measures" | "ecg" | "ecg_signal",
  userId: string,
  from?: number,
) {
  const out: Record<string, unknown>[] = [];
  for await (const row of world.store.rows({
    dataset,
    userId,
    ...(from === undefined ? {} : { from }),
  })) {
    out.push(row as Record<string, unknown>);
  }
  return out;
}

describe("the dashboard in Chromium", () => {
  it("draws every blood-pressure reading of the year, and a hover shows one exactly, at its local time", async () => {
    const { page, errors, foreign } = await open(`/users/${study}?range=year`);
    const measures = await storedRows("measures", study, START - YEAR);
    const groups = new Set(
      measures
        .filter((r) => (r["type"] === 10 || r["type"] === 9) && r["category"] === 1)
        .map((r) => r["grpid"]),
    );
    const bp = page.locator("#chart-blood-pressure");
    expect(Number(await bp.getAttribute("data-points"))).toBe(groups.size);
    const held = await page.evaluate(() => {
      const charts = (
        window as unknown as {
          __charts: Record<
            string,
            { plot: { data: unknown[][] } | null; points: number; total: number }
          >;
        }
      ).__charts;
      return Object.fromEntries(
        Object.entries(charts).map(([id, c]) => [
          id,
          { held: c.plot?.data[0]?.length ?? 0, points: c.points, total: c.total },
        ]),
      );
    });
    expect(held["blood-pressure"]).toEqual({
      held: groups.size,
      points: groups.size,
      total: groups.size,
    });
    for (const [id, c] of Object.entries(held)) {
      expect(c.held, id).toBe(c.points);
      expect(c.points, id).toBeLessThanOrEqual(c.total);
      expect(c.total, id).toBeGreaterThan(0);
    }
    // The watch's heart rate is too dense for the plot's width: drawn from fewer, real readings.
    expect(held["heart-rate"]!.points).toBeLessThan(held["heart-rate"]!.total);

    // Hover the highest systolic reading.
    const target = await page.evaluate(() => {
      const c = (
        window as unknown as {
          __charts: Record<
            string,
            {
              plot: { data: number[][]; valToPos(v: number, s: string): number; over: HTMLElement };
            }
          >;
        }
      ).__charts["blood-pressure"]!;
      const u = c.plot;
      const sys = u.data[1]!;
      let i = 0;
      sys.forEach((v, j) => {
        if (v !== null && v > sys[i]!) i = j;
      });
      const box = u.over.getBoundingClientRect();
      return {
        x: box.left + u.valToPos(u.data[0]![i]!, "x"),
        y: box.top + u.valToPos(sys[i]!, "mmHg"),
      };
    });
    await page.mouse.move(target.x, target.y);
    const readout = page.locator("#chart-blood-pressure-readout");
    await expect
      .poll(() => readout.innerText())
      .toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC[+-]\d{2}:\d{2} Europe\/Paris · Systolic /);
    const text = await readout.innerText();
    const [, date, time, sys, dia] =
      /^(\S+) (\S+) .* Systolic (\S+) mmHg · Diastolic (\S+) mmHg/.exec(text)!;
    const at = (type: number) =>
      measures.find(
        (r) => r["type"] === type && r["localDate"] === date && r["localTime"] === time,
      )?.["value"];
    expect(String(at(10))).toBe(sys);
    expect(String(at(9))).toBe(dia);
    expect(Number(sys)).toBe(
      Math.max(...measures.filter((r) => r["type"] === 10).map((r) => r["value"] as number)),
    );

    await page.screenshot({ path: join(shots, "dashboard-user-light.png"), fullPage: false });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it("is used with the keyboard: the chart takes focus after the presets and the arrows step through readings", async () => {
    const { page, errors } = await open(`/users/${study}?range=week`);
    await page.getByRole("link", { name: "All" }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chart-blood-pressure");
    await page.keyboard.press("End");
    const last = await page.locator("#chart-blood-pressure-readout").innerText();
    await page.keyboard.press("ArrowLeft");
    const before = await page.locator("#chart-blood-pressure-readout").innerText();
    expect(before).not.toBe(last);
    const expected = await page.evaluate(() => {
      const p = (window as unknown as { __charts: Record<string, { payload: { when: string[] } }> })
        .__charts["blood-pressure"]!.payload;
      return [p.when.at(-1), p.when.at(-2)];
    });
    expect(last.startsWith(expected[0]!)).toBe(true);
    expect(before.startsWith(expected[1]!)).toBe(true);
    expect(errors).toEqual([]);
  });

  it("zooms by dragging, then draws every reading of the zoomed span", async () => {
    const { page, errors } = await open(`/users/${study}?range=month`);
    await page.locator("#chart-heart-rate").scrollIntoViewIfNeeded();
    type Charts = {
      __charts: Record<string, { points: number; total: number; plot: { over: HTMLElement } }>;
    };
    const before = await page.evaluate(() => {
      const c = (window as unknown as Charts).__charts["heart-rate"]!;
      const box = c.plot.over.getBoundingClientRect();
      return {
        points: c.points,
        total: c.total,
        left: box.left,
        top: box.top,
        width: box.width,
        height: box.height,
      };
    });
    expect(before.points).toBeLessThan(before.total);
    const y = before.top + before.height / 2;
    await page.mouse.move(before.left + before.width * 0.45, y);
    await page.mouse.down();
    await page.mouse.move(before.left + before.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Charts).__charts["heart-rate"]!.total))
      .toBeLessThan(before.total);
    const after = await page.evaluate(() => {
      const c = (window as unknown as Charts).__charts["heart-rate"]!;
      return { points: c.points, total: c.total };
    });
    expect(after.total).toBeGreaterThan(0);
    expect(after.points).toBe(after.total);
    expect(errors).toEqual([]);
  });

  it("fits a phone in dark mode", async () => {
    const { page, errors } = await open(`/users/${study}?range=month`, {
      width: 390,
      height: 844,
      dark: true,
    });
    const fit = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
      bg: getComputedStyle(document.body).backgroundColor,
    }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.width);
    expect(fit.bg).toBe("rgb(18, 18, 18)");
    await page.locator("#chart-blood-pressure").evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: join(shots, "dashboard-phone-dark.png"), fullPage: false });
    expect(errors).toEqual([]);
  });

  it("draws an ECG at 25 mm/s and 10 mm/mV from every stored sample", async () => {
    const ecg = await storedRows("ecg", study);
    const recording = ecg.at(-1)!;
    const signalid = recording["signalid"] as number;
    const { page, errors, foreign } = await open(`/users/${study}/ecg/${signalid}`);
    const samples = (await storedRows("ecg_signal", study)).filter(
      (r) => r["signalid"] === signalid,
    );
    const fig = page.locator("#ecg");
    expect(Number(await fig.getAttribute("data-points"))).toBe(samples.length);
    expect(await page.locator("#ecg-facts strong").innerText()).toBe(String(recording["afibKey"]));
    const scale = await page.evaluate(() => {
      const u = (
        window as unknown as {
          __charts: { ecg: { plot: { valToPos(v: number, s: string): number; data: number[][] } } };
        }
      ).__charts.ecg.plot;
      return {
        perSecond: u.valToPos(1, "x") - u.valToPos(0, "x"),
        perMv: u.valToPos(0, "y") - u.valToPos(1, "y"),
        held: u.data[0]!.length,
        last: u.data[0]!.at(-1)!,
      };
    });
    expect(scale.perSecond).toBeCloseTo(25 * MM, 6);
    expect(scale.perMv).toBeCloseTo(10 * MM, 6);
    expect(scale.held).toBe(samples.length);
    const hz = samples[0]!["sampling_frequency"] as number;
    expect(scale.last).toBeCloseTo((samples.length - 1) / hz, 9);
    await page.screenshot({ path: join(shots, "dashboard-ecg.png"), fullPage: false });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it("flags the study's out-of-range readings", async () => {
    const { page, errors, foreign } = await open("/");
    const row = page.locator(`tr[data-user="${flagged}"]`);
    await expect
      .poll(() => row.locator('td[data-vital="systolic"]').getAttribute("class"))
      .toBe("flag");
    expect(await row.locator('td[data-vital="systolic"]').innerText()).toBe(
      "165 mmHg (out of range)",
    );
    expect(await row.locator('td[data-vital="pulse"]').getAttribute("class")).toBe("");
    expect(await row.locator("td[data-out-of-range]").getAttribute("data-out-of-range")).toBe("2");
    expect(await page.locator(`tr[data-user="${study}"] th a`).innerText()).toBe(study);
    await page.screenshot({ path: join(shots, "dashboard-study.png"), fullPage: false });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
