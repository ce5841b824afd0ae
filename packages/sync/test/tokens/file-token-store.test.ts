import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenSet } from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import { describeTokenStoreContract } from "../../../client/test/helpers/token-store-contract.js";
import { FileTokenStore, isStoreError } from "../../src/index.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "withings-kit-tokens-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SECRET_ACCESS = "access-SECRET-7f3a9c";
const SECRET_REFRESH = "refresh-SECRET-b41e02";

const tokens = (userId: string, access = SECRET_ACCESS): TokenSet => ({
  userId,
  accessToken: access,
  refreshToken: SECRET_REFRESH,
  expiresAt: 1_704_412_800_000,
  scope: ["user.metrics"],
  tokenType: "Bearer",
});

/** Everything an error could show: message, stack, and its causes' too. */
function visible(error: unknown): string {
  let text = "";
  for (
    let e: unknown = error;
    e !== undefined && e !== null;
    e = (e as { cause?: unknown }).cause
  ) {
    text += `${String(e)}\n${(e as { stack?: string }).stack ?? ""}\n${JSON.stringify(e)}\n`;
  }
  return text;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describeTokenStoreContract("FileTokenStore", {
  async create() {
    const path = join(tempDir(), "nested", "tokens.json");
    return { store: new FileTokenStore(path), reopen: async () => new FileTokenStore(path) };
  },
});

describe("FileTokenStore", () => {
  it.skipIf(process.platform === "win32")(
    "writes the file with mode 0600 and its new directory 0700",
    async () => {
      const dir = join(tempDir(), "fresh");
      const path = join(dir, "tokens.json");
      await new FileTokenStore(path).set("1", tokens("1"));
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      // A later write replaces the file, still 0600, even over a file someone widened.
      writeFileSync(path, readFileSync(path), { mode: 0o644 });
      await new FileTokenStore(path).set("2", tokens("2"));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    },
  );

  it("serialises concurrent writes: none is lost, no temporary file is left", async () => {
    const dir = tempDir();
    const store = new FileTokenStore(join(dir, "tokens.json"));
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.set(String(i), tokens(String(i), `a${i}`))),
    );
    await Promise.all([store.delete("3"), store.set("3", tokens("3", "again")), store.delete("4")]);
    const ids = (await new FileTokenStore(join(dir, "tokens.json")).list()).sort(
      (a, b) => Number(a) - Number(b),
    );
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => String(i)).filter((i) => i !== "4"));
    expect((await store.get("3"))?.accessToken).toBe("again");
    expect(readdirSync(dir)).toEqual(["tokens.json"]);
  });

  it("refuses a corrupt file with TOKENS_CORRUPT, never empties it, and never shows a token", async () => {
    const path = join(tempDir(), "tokens.json");
    const cases = [
      // Truncated mid-token: JSON.parse would quote this text in its own message.
      `{"version":1,"users":{"1":{"userId":"1","accessToken":"${SECRET_ACCESS}","refreshToken":"${SECRET_REFRESH}`,
      `{"version":1,"users":{"1":{"userId":"1","accessToken":"${SECRET_ACCESS}","refreshToken":"${SECRET_REFRESH}","expiresAt":"soon","scope":[],"tokenType":"Bearer"}}}`,
      `{"version":2,"users":{}}`,
      `["${SECRET_ACCESS}"]`,
      "",
    ];
    for (const text of cases) {
      writeFileSync(path, text);
      const store = new FileTokenStore(path);
      for (const call of [
        store.get("1"),
        store.list(),
        store.set("2", tokens("2")),
        store.delete("1"),
      ]) {
        const error = await failure(call);
        expect(isStoreError(error) && error.code).toBe("TOKENS_CORRUPT");
        expect(visible(error)).not.toContain(SECRET_ACCESS);
        expect(visible(error)).not.toContain(SECRET_REFRESH);
      }
      expect(readFileSync(path, "utf8")).toBe(text);
    }
  });

  it("never shows a token in the error of a bad token set or of a failed write", async () => {
    const dir = tempDir();
    const store = new FileTokenStore(join(dir, "tokens.json"));
    const bad = { ...tokens("1"), expiresAt: Number.NaN };
    const invalid = await failure(store.set("1", bad));
    expect(isStoreError(invalid) && invalid.code).toBe("STORE_INVALID_ARGUMENT");
    expect(visible(invalid)).not.toContain(SECRET_ACCESS);
    // The "directory" is a file: the write fails with an fs error.
    writeFileSync(join(dir, "blocker"), "x");
    const blocked = new FileTokenStore(join(dir, "blocker", "tokens.json"));
    const io = await failure(blocked.set("1", tokens("1")));
    expect(isStoreError(io)).toBe(true);
    expect(visible(io)).not.toContain(SECRET_ACCESS);
    expect(visible(io)).not.toContain(SECRET_REFRESH);
  });

  it("reads nothing from a missing file and creates none until a set", async () => {
    const dir = tempDir();
    const store = new FileTokenStore(join(dir, "tokens.json"));
    expect(await store.get("1")).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.delete("1");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("FileTokenStore file mode", () => {
  const isRoot = process.getuid?.() === 0;

  it("makes a token file other users can read private on first read, warning once", async () => {
    const path = join(tempDir(), "tokens.json");
    await new FileTokenStore(path).set("42", tokens("42"));
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    const store = new FileTokenStore(path, { onWarning: (m) => warnings.push(m) });
    expect((await store.get("42"))?.userId).toBe("42");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await store.list();
    expect(warnings).toEqual([
      `token file ${path} was readable by other users (mode 0644); it is now 0600`,
    ]);
  });

  // Only root can give the file to another owner.
  it.skipIf(!isRoot)("refuses a token file it cannot make private", async () => {
    const path = join(tempDir(), "tokens.json");
    await new FileTokenStore(path).set("42", tokens("42"));
    chmodSync(path, 0o644);
    chownSync(path, 65534, 65534);
    const error = await new FileTokenStore(path, { onWarning: () => undefined })
      .get("42")
      .catch((e: unknown) => e);
    expect(isStoreError(error) && error.code).toBe("STORE_READONLY");
    expect(visible(error)).toContain("cannot be made private");
    expect(visible(error)).not.toContain(SECRET_ACCESS);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });
});
