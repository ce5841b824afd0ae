import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { text } from "node:stream/consumers";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { EXIT_CODES } from "../exit-codes.js";

/**
 * Reads the text given to `--import-tokens`: a file, or standard input for `-`.
 *
 * @throws {CliError} `USAGE` when the file cannot be read.
 * @example
 * ```ts
 * const tokens = await importTokenAnswer(client, await readTokenInput("-", io));
 * ```
 */
export async function readTokenInput(source: string, io: CliIo): Promise<string> {
  if (source === "-") return text(io.stdin);
  const path = resolve(io.cwd ?? process.cwd(), source);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(
      EXIT_CODES.USAGE,
      `--import-tokens: cannot read ${path} (${typeof code === "string" ? code : "failed"})`,
    );
  }
}
