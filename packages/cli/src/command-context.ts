import type { CliIo } from "./cli-io.js";

/**
 * What every command gets: the I/O of the run, and what error reporting needs to know about
 * it (secrets to redact, the API the run talks to).
 *
 * @example
 * ```ts
 * export function statusCommand(ctx: CommandContext): Command {
 *   return new Command("status").action(async () => ctx.io.stdout.write("…"));
 * }
 * ```
 */
export interface CommandContext {
  readonly io: CliIo;
  /**
   * Secret values met during the run (client secret, imported tokens, a pasted code),
   * removed from anything printed. Tokens the client handles never reach the CLI's output
   * in the first place.
   */
  readonly secrets: Set<string>;
  /** The API base URL once known, so that "cannot reach" messages name it. */
  apiUrl: string | undefined;
}
