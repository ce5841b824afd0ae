import { Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type GetIntradayBody, toRows } from "@withings-kit/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportRows, isStoreError, type StoredRow } from "../../src/index.js";
import { sqliteHandle } from "../../src/internal.js";
import { openSqliteStore, type SqliteStore } from "../../src/sqlite.js";
import { longMeasureHistory, realRows } from "../store/real-rows.js";

/** A writable that keeps what it is given; `delay` makes it slow, to exercise `drain`. */
class Sink extends Writable {
  text = "";
  drains = 0;
  constructor(
    options: { highWaterMark?: number; delay?: boolean; onChunk?: (size: number) => void } = {},
  ) {
    super({
      decodeStrings: false,
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      write: (chunk: string, _encoding, done) => {
        options.onChunk?.(chunk.length);
        if (options.onChunk === undefined) this.text += chunk;
        if (options.delay === true) setImmediate(done);
        else done();
      },
    });
    this.on("drain", () => this.drains++);
  }
}

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(":memory:");
});
afterEach(async () => {
  await store.close();
});

const U = "42";

describe("exportRows", () => {
  it("writes exact CSV, NDJSON and JSON for known rows", async () => {
    const goals = realRows().goals;
    await store.apply({ userId: U, dataset: "goals", upsert: goals });
    // Stored order is by key (the goal's name); every cell a plain number or word.
    const sorted = [...goals].sort((a, b) => (a.goal < b.goal ? -1 : 1));
    const cells = (r: (typeof goals)[number]) => [r.goal, r.value, r.unit, r.rawValue, r.rawUnit];
    for (const r of sorted) {
      for (const c of cells(r)) expect(String(c)).toMatch(/^[-\w.]+$/);
    }
    const csv = new Sink();
    expect(await exportRows(store, { dataset: "goals", format: "csv", userId: U }, csv)).toEqual({
      rows: goals.length,
      bytes: csv.text.length,
    });
    expect(csv.text).toBe(
      "userId,goal,value,unit,rawValue,rawUnit\r\n" +
        sorted.map((r) => `${[U, ...cells(r)].join(",")}\r\n`).join(""),
    );
    const lines = sorted.map(
      (r) =>
        `{"userId":"${U}","goal":"${r.goal}","value":${r.value},"unit":"${r.unit}",` +
        `"rawValue":${r.rawValue},"rawUnit":${r.rawUnit}}`,
    );
    const ndjson = new Sink();
    await exportRows(store, { dataset: "goals", format: "ndjson" }, ndjson);
    expect(ndjson.text).toBe(lines.map((line) => `${line}\n`).join(""));
    const json = new Sink();
    await exportRows(store, { dataset: "goals", format: "json" }, json);
    expect(json.text).toBe(`[\n${lines.join(",\n")}\n]\n`);
    expect(JSON.parse(json.text)).toEqual(sorted.map((row) => ({ userId: U, ...row })));
  });

  it("quotes CSV fields per RFC 4180 and prints nulls and booleans plainly", async () => {
    const [device] = realRows().devices as StoredRow[];
    const odd = {
      ...device,
      model: 'Body "Cardio", v2\nEU',
      first_session_date: null,
    } as StoredRow;
    await store.apply({ userId: U, dataset: "devices", upsert: [odd] });
    const out = new Sink();
    await exportRows(store, { dataset: "devices", format: "csv" }, out);
    const [header, line] = out.text.split("\r\n");
    expect(header).toBe(
      "userId,type,model,model_id,modelName,battery,deviceid,hash_deviceid,timezone,first_session_date,last_session_date",
    );
    expect(line).toContain(',"Body ""Cardio"", v2\nEU",');
    expect(line).toContain(",,"); // the null first_session_date
  });

  it("writes a header, an empty array or nothing when there are no rows", async () => {
    const csv = new Sink();
    const json = new Sink();
    const ndjson = new Sink();
    await exportRows(store, { dataset: "goals", format: "csv" }, csv);
    await exportRows(store, { dataset: "goals", format: "json" }, json);
    await exportRows(store, { dataset: "goals", format: "ndjson" }, ndjson);
    expect(csv.text).toBe("userId,goal,value,unit,rawValue,rawUnit\r\n");
    expect(json.text).toBe("[]\n");
    expect(ndjson.text).toBe("");
  });

  it("exports stored rows exactly as toRows made them, filtered by user and time", async () => {
    const history = longMeasureHistory();
    await store.apply({ userId: U, dataset: "measures", upsert: history });
    await store.apply({ userId: "other", dataset: "measures", upsert: history.slice(0, 10) });
    const dates = history.map((r) => Date.parse(r.date as string) / 1000).sort((a, b) => a - b);
    const from = dates[1000] as number;
    const to = dates[4000] as number;
    const out = new Sink();
    const { rows } = await exportRows(
      store,
      { dataset: "measures", format: "ndjson", userId: U, from, to },
      out,
    );
    const fresh = history.filter((r) => {
      const at = Date.parse(r.date as string) / 1000;
      return at >= from && at < to;
    });
    expect(rows).toBeGreaterThan(0);
    const lines = out.text.trimEnd().split("\n");
    expect(new Set(lines)).toEqual(new Set(fresh.map((r) => JSON.stringify({ userId: U, ...r }))));
  });

  it("puts each row's user first, and every user's rows one after another", async () => {
    const goals = realRows().goals;
    await store.apply({ userId: "b", dataset: "goals", upsert: goals.slice(0, 1) });
    await store.apply({ userId: "a", dataset: "goals", upsert: goals });
    const out = new Sink();
    const { rows } = await exportRows(store, { dataset: "goals", format: "csv" }, out);
    const lines = out.text.trimEnd().split("\r\n");
    expect(rows).toBe(goals.length + 1);
    expect(lines[0]?.startsWith("userId,goal,")).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([...goals.map(() => "a"), "b"]);
  });

  it("waits for drain on a slow writable and writes the same bytes", async () => {
    await store.apply({ userId: U, dataset: "measures", upsert: longMeasureHistory() });
    const fast = new Sink();
    await exportRows(store, { dataset: "measures", format: "csv" }, fast);
    const slow = new Sink({ highWaterMark: 1024, delay: true });
    await exportRows(store, { dataset: "measures", format: "csv" }, slow);
    expect(slow.drains).toBeGreaterThan(10);
    expect(slow.text).toBe(fast.text);
    expect(slow.writableFinished).toBe(true);
  });

  it("leaves the writable open with end: false", async () => {
    await store.apply({ userId: U, dataset: "goals", upsert: realRows().goals });
    const out = new Sink();
    await exportRows(store, { dataset: "goals", format: "ndjson", end: false }, out);
    expect(out.writableEnded).toBe(false);
    out.end();
  });

  it("rejects with the writable's error, or STORE_IO when it closes early", async () => {
    await store.apply({ userId: U, dataset: "measures", upsert: longMeasureHistory() });
    const broken = new Writable({
      highWaterMark: 1024,
      write: (_chunk, _encoding, done) => done(new Error("disk full")),
    });
    await expect(exportRows(store, { dataset: "measures", format: "csv" }, broken)).rejects.toThrow(
      "disk full",
    );

    let writes = 0;
    const closing = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        if (++writes === 3) this.destroy();
        else setImmediate(done);
      },
    });
    const error = await exportRows(store, { dataset: "measures", format: "ndjson" }, closing).catch(
      (e) => e,
    );
    expect(isStoreError(error) && error.code).toBe("STORE_IO");
    await expect(
      exportRows(store, { dataset: "measures", format: "xml" as "csv" }, new Sink()),
    ).rejects.toMatchObject({ code: "STORE_INVALID_ARGUMENT" });
  });

  it("exports 500,000 rows with a flat heap", { timeout: 300_000 }, async () => {
    // A year of one-minute intraday samples. Seeded in SQL, not through `apply`, because
    // what is measured is the export; the first row is checked against `toRows` below.
    const total = 500_000;
    const start = 1_704_067_200;
    sqliteHandle(store).database.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${total - 1})
      INSERT INTO intraday (user_id, time, local_date, local_time, offset_minutes, timezone, deviceid,
        model, model_id, steps, heart_rate, duration, at)
      SELECT '${U}', strftime('%Y-%m-%dT%H:%M:%SZ', ${start} + i * 60, 'unixepoch'),
        date(${start} + i * 60, 'unixepoch'), time(${start} + i * 60, 'unixepoch'), 0, 'UTC', 'abc',
        'ScanWatch 2', 94, i % 97, 60 + i % 40, 60, ${start} + i * 60
      FROM n`);
    expect((await store.counts(U)).intraday).toBe(total);
    const sample: GetIntradayBody = {
      series: {
        [String(start)]: {
          steps: 0,
          heart_rate: 60,
          duration: 60,
          model: "ScanWatch 2",
          model_id: 94,
          deviceid: "abc",
        },
      },
    };
    for await (const row of store.rows({ dataset: "intraday", userId: U })) {
      expect(row).toEqual(toRows("intraday", sample)[0]);
      break;
    }

    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let bytes = 0;
    const sink = new Sink({
      highWaterMark: 64 * 1024,
      delay: true,
      onChunk: (size) => {
        bytes += size;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    const result = await exportRows(store, { dataset: "intraday", format: "csv", userId: U }, sink);
    gc();
    const after = process.memoryUsage().heapUsed;
    expect(result.rows).toBe(total);
    expect(bytes).toBeGreaterThan(40_000_000);
    // Held in memory, the rows would take hundreds of MB and the CSV 44 MB. A flat export
    // holds a page of rows and a 64 KiB chunk; the bound is loose for GC timing.
    const growth = peak - before;
    console.log(
      `export of ${total} rows: ${(bytes / 1e6).toFixed(1)} MB, heap before ${(before / 1e6).toFixed(1)} MB, peak +${(growth / 1e6).toFixed(1)} MB, after +${((after - before) / 1e6).toFixed(1)} MB`,
    );
    expect(growth).toBeLessThan(48 * 1024 * 1024);
    expect(after - before).toBeLessThan(8 * 1024 * 1024);
  });
});
