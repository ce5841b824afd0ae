import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { TokenSet, TokenStore } from "@withings-kit/client";
import { isStoreError, StoreError } from "../store/store-error.js";
import { checkTokenSet, knownScopes } from "./_token-set.js";

/** The file's layout. `version` lets a later format be told apart instead of misread. */
interface TokenFile {
  readonly version: 1;
  readonly users: Readonly<Record<string, TokenSet>>;
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function ioError(what: string, path: string, error: unknown): StoreError {
  const errno = errnoOf(error);
  const code =
    errno === "EACCES" || errno === "EPERM" || errno === "EROFS" ? "STORE_READONLY" : "STORE_IO";
  // fs errors carry the path and errno, never file contents, so the cause is safe to keep.
  return new StoreError(code, `${what} token file ${path}: ${errno ?? "failed"}`, { cause: error });
}

function corrupt(path: string, detail: string): StoreError {
  return new StoreError(
    "TOKENS_CORRUPT",
    `token file ${path} is not a Withings Kit token file (${detail}); it was left untouched — fix or move it, then log in again`,
  );
}

/** Parses and checks the file. Never attaches the `JSON.parse` error: its message quotes the input. */
function parse(text: string, path: string): Map<string, TokenSet> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt(path, "not valid JSON");
  }
  const file = data as Partial<TokenFile> | null;
  if (typeof file !== "object" || file === null || Array.isArray(file))
    throw corrupt(path, "not an object");
  if (file.version !== 1) throw corrupt(path, "unknown version");
  if (typeof file.users !== "object" || file.users === null || Array.isArray(file.users)) {
    throw corrupt(path, "no users object");
  }
  const users = new Map<string, TokenSet>();
  for (const [userId, value] of Object.entries(file.users)) {
    const t = value as unknown as Record<string, unknown> | null;
    const fine =
      typeof t === "object" &&
      t !== null &&
      typeof t["userId"] === "string" &&
      typeof t["accessToken"] === "string" &&
      typeof t["refreshToken"] === "string" &&
      typeof t["expiresAt"] === "number" &&
      typeof t["tokenType"] === "string" &&
      Array.isArray(t["scope"]);
    // The user id is not a secret and says where to look; the values stay out of it.
    if (!fine) throw corrupt(path, `the entry of user ${JSON.stringify(userId)} is malformed`);
    users.set(userId, {
      userId: t["userId"] as string,
      accessToken: t["accessToken"] as string,
      refreshToken: t["refreshToken"] as string,
      expiresAt: t["expiresAt"] as number,
      scope: knownScopes(t["scope"] as unknown[]),
      tokenType: t["tokenType"] as string,
    });
  }
  return users;
}

/** Flushes a directory entry (the rename) to disk; some platforms cannot, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const errno = errnoOf(error);
    // Windows cannot open or fsync a directory; there the rename is already durable.
    if (errno !== "EISDIR" && errno !== "EINVAL" && errno !== "EPERM" && errno !== "EBADF") {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}

/**
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * const options: FileTokenStoreOptions = { onWarning: (message) => console.error(message) };
 * ```
 */
export interface FileTokenStoreOptions {
  /**
   * Told once when an existing token file that other users could read was made private
   * (mode 0600).
   * @default process.emitWarning
   */
  readonly onWarning?: (message: string) => void;
}

/**
 * A {@link TokenStore} in one JSON file for all users, for the CLI and single-process
 * servers. Every `set` and `delete` writes the whole file to a temporary file in the same
 * directory (mode 0600), fsyncs it, renames it over the old one and fsyncs the directory
 * before it resolves, so a crash at any point leaves either the old file or the new one,
 * never a torn or empty one — and a rotated refresh token is on disk before it is used.
 *
 * Writes from this instance are serialised; several processes writing the same file are
 * not coordinated (the last rename wins). A file that is not valid fails every call with
 * `TOKENS_CORRUPT` and is never overwritten. An existing file that other users can read
 * (a copy made with the default umask, mode 0644) is made 0600 when first read, with a
 * warning; one this process cannot change (another owner, a read-only mount) is refused
 * with `STORE_READONLY` rather than used.
 *
 * @example
 * ```ts
 * const client = createWithingsClient({ clientId, clientSecret, tokenStore: new FileTokenStore(".withings/tokens.json") });
 * ```
 */
export class FileTokenStore implements TokenStore {
  readonly #path: string;
  readonly #onWarning: (message: string) => void;
  #tail: Promise<void> = Promise.resolve();

  /**
   * @param path The token file; created with its directory (mode 0700) on the first `set`.
   * @param options See {@link FileTokenStoreOptions}.
   */
  constructor(path: string, options: FileTokenStoreOptions = {}) {
    if (typeof path !== "string" || path === "") {
      throw new StoreError("STORE_INVALID_ARGUMENT", "FileTokenStore: path must be a file path");
    }
    this.#path = path;
    this.#onWarning = options.onWarning ?? ((message) => process.emitWarning(message));
  }

  /** The token file. */
  get path(): string {
    return this.#path;
  }

  // One operation at a time: a read-modify-write must not interleave with another.
  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(operation);
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #read(): Promise<Map<string, TokenSet>> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.#path, "r");
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return new Map();
      throw ioError("read", this.#path, error);
    }
    let text: string;
    try {
      await this.#keepPrivate(handle);
      text = await handle.readFile("utf8");
    } catch (error) {
      throw isStoreError(error) ? error : ioError("read", this.#path, error);
    } finally {
      await handle.close();
    }
    return parse(text, this.#path);
  }

  // Every write leaves the file 0600, but one copied or restored from elsewhere may be
  // readable by the machine's other users: tokens are as good as the user's password.
  async #keepPrivate(handle: Awaited<ReturnType<typeof open>>): Promise<void> {
    if (process.platform === "win32") return; // no POSIX modes to check there
    const { mode, uid } = await handle.stat();
    if ((mode & 0o077) === 0) return;
    const shown = (mode & 0o777).toString(8).padStart(4, "0");
    let reason = "it belongs to another user";
    if (process.getuid?.() === uid) {
      try {
        await handle.chmod(0o600);
        this.#onWarning(
          `token file ${this.#path} was readable by other users (mode ${shown}); it is now 0600`,
        );
        return;
      } catch (error) {
        reason = errnoOf(error) ?? "chmod failed";
      }
    }
    throw new StoreError(
      "STORE_READONLY",
      `token file ${this.#path} is readable by other users (mode ${shown}) and cannot be made private (${reason}); chmod 600 it as its owner`,
    );
  }

  async #write(users: ReadonlyMap<string, TokenSet>): Promise<void> {
    const file: TokenFile = { version: 1, users: Object.fromEntries(users) };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    const dir = dirname(this.#path);
    const temp = join(dir, `.${basename(this.#path)}.${process.pid}.${randomUUID()}.tmp`);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // `wx`: never follow or reuse an existing file; 0600 from the first byte written.
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.chmod(0o600); // the umask can only narrow the mode given to open
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.#path);
      await syncDirectory(dir);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw ioError("write", this.#path, error);
    }
  }

  async get(userId: string): Promise<TokenSet | undefined> {
    return this.#exclusive(async () => (await this.#read()).get(userId));
  }

  async set(userId: string, tokens: TokenSet): Promise<void> {
    const copy = checkTokenSet(userId, tokens, "FileTokenStore.set");
    return this.#exclusive(async () => {
      const users = await this.#read();
      users.set(userId, copy);
      await this.#write(users);
    });
  }

  async delete(userId: string): Promise<void> {
    return this.#exclusive(async () => {
      const users = await this.#read();
      if (!users.delete(userId)) return;
      await this.#write(users);
    });
  }

  async list(): Promise<string[]> {
    return this.#exclusive(async () => [...(await this.#read()).keys()]);
  }
}
