import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportParquet, isStoreError, type Store } from "../../../src/index.js";
import { sqliteHandle } from "../../../src/internal.js";
import { openSqliteStore, type SqliteStore } from "../../../src/sqlite.js";

const U = "42";
const START = 1_704_067_200;

/** One-minute intraday samples seeded in SQL: what is tested is the export, not `apply`. */
function seedIntraday(store: SqliteStore, total: number): void {
  sqliteHandle(store).database.exec(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${total - 1})
    INSERT INTO intraday (user_id, time, local_date, local_time, offset_minutes, timezone, deviceid,
      model, model_id, steps, heart_rate, duration, at)
    SELECT '${U}', strftime('%Y-%m-%dT%H:%M:%SZ', ${START} + i * 60, 'unixepoch'),
      date(${START} + i * 60, 'unixepoch'), time(${START} + i * 60, 'unixepoch'), 0, 'UTC', 'abc',
      'ScanWatch 2', 94, i % 97, 60 + i % 40, 60, ${START} + i * 60
    FROM n`);
}

/** A log of what happened in order: rows the store handed out, chunks the output took. */
type Event =
  | { readonly kind: "chunk"; readonly size: number; readonly rowsRead: number }
  | { readonly kind: "rows-done"; readonly rowsRead: number };

/** The store, with every row it yields counted. */
function counting(store: Store, log: Event[]): Store & { readonly read: () => number } {
  let read = 0;
  return {
    ...store,
    users: () => store.users(),
    async *rows(query) {
      for await (const row of store.rows(query)) {
        read++;
        yield row;
      }
      log.push({ kind: "rows-done", rowsRead: read });
    },
    read: () => read,
  };
}

/** A writable that logs each chunk; `slow` acknowledges on a later turn, so `drain` is used. */
function recorder(log: Event[], rowsRead: () => number, slow = false) {
  let drains = 0;
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      log.push({ kind: "chunk", size: chunk.length, rowsRead: rowsRead() });
      if (slow) setImmediate(done);
      else done();
    },
  });
  out.on("drain", () => drains++);
  return { out, drains: () => drains };
}

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(":memory:");
});
afterEach(async () => {
  await store.close();
});

describe("exportParquet streams with bounded memory", () => {
  it("writes each row group before reading past it, in chunks that do not grow with the history", async () => {
    const rowGroupRows = 10_000;
    const largest: number[] = [];
    for (const total of [40_000, 160_000]) {
      await store.close();
      store = openSqliteStore(":memory:");
      seedIntraday(store, total);
      const log: Event[] = [];
      const source = counting(store, log);
      const { out, drains } = recorder(log, source.read, true);
      const result = await exportParquet(source, { dataset: "intraday", rowGroupRows }, out);
      expect(result.rows).toBe(total);

      const chunks = log.flatMap((e) => (e.kind === "chunk" ? [e] : []));
      const done = log.findIndex((e) => e.kind === "rows-done");
      // Bytes reached the output long before the store's iterator finished…
      expect(log.findIndex((e) => e.kind === "chunk")).toBeLessThan(done);
      expect(log.slice(0, done).filter((e) => e.kind === "chunk").length).toBeGreaterThanOrEqual(
        total / rowGroupRows - 1,
      );
      // …and the k-th row group was written before row (k + 1) × rowGroupRows + 1 was read:
      // the export never held more than one row group of rows.
      chunks.slice(0, total / rowGroupRows).forEach((chunk, k) => {
        expect(chunk.rowsRead).toBeLessThanOrEqual((k + 1) * rowGroupRows);
      });
      expect(drains()).toBeGreaterThan(0);
      largest.push(Math.max(...chunks.map((c) => c.size)));
    }
    // Four times the history, the same largest chunk (within a row group's variation):
    // what is held scales with rowGroupRows, not with the rows exported.
    const [small, large] = largest as [number, number];
    expect(large).toBeLessThan(small * 1.5);
  }, 120_000);

  it("writes a valid header-and-footer file for an empty dataset", async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    expect(await exportParquet(store, { dataset: "goals" }, out)).toMatchObject({ rows: 0 });
    const file = Buffer.concat(chunks);
    expect(file.subarray(0, 4).toString()).toBe("PAR1");
    expect(file.subarray(-4).toString()).toBe("PAR1");
  });
});

describe("exportParquet refuses bad input with typed errors", () => {
  const sink = () =>
    new Writable({
      write: (_chunk, _encoding, done) => done(),
    });

  it.each([
    [{ dataset: "nope" }],
    [{ dataset: "subscriptions" }],
    [{ dataset: "goals", rowGroupRows: 0 }],
    [{ dataset: "goals", rowGroupRows: 1.5 }],
    [{ dataset: "goals", rowGroupRows: Number.NaN }],
    [{ dataset: "goals", rowGroupRows: "10" }],
    [{ dataset: "goals", rowGroupRows: 2_000_000 }],
    [{ dataset: "goals", userId: "" }],
    [{ dataset: "goals", from: Number.POSITIVE_INFINITY }],
  ])("STORE_INVALID_ARGUMENT for %j", async (options) => {
    const out = sink();
    const error = await exportParquet(store, options as never, out).catch((e: unknown) => e);
    expect(isStoreError(error) && error.code).toBe("STORE_INVALID_ARGUMENT");
    expect(out.writableLength + (out.writableEnded ? 1 : 0)).toBe(0);
  });

  it("STORE_IO when the output errors, is closed already, or closes part-way", async () => {
    seedIntraday(store, 30_000);
    const failing = new Writable({
      write: (_chunk, _encoding, done) => done(new Error("disk full")),
    });
    const failed = await exportParquet(
      store,
      { dataset: "intraday", rowGroupRows: 1000 },
      failing,
    ).catch((e: unknown) => e);
    expect(isStoreError(failed) && failed.code).toBe("STORE_IO");
    expect((failed as Error).cause).toMatchObject({ message: "disk full" });

    const closed = sink();
    closed.destroy();
    await expect(exportParquet(store, { dataset: "intraday" }, closed)).rejects.toMatchObject({
      code: "STORE_IO",
    });

    let writes = 0;
    const closing = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, done) {
        if (++writes === 3) this.destroy();
        else setImmediate(done);
      },
    });
    await expect(
      exportParquet(store, { dataset: "intraday", rowGroupRows: 1000 }, closing),
    ).rejects.toMatchObject({ code: "STORE_IO" });
    // The export only reads: the store is as it was.
    expect((await store.counts(U)).intraday).toBe(30_000);
  });
});
