import type { Command } from "commander";
import { parseIntegerOption } from "../options/parse-integer-option.js";

/**
 * Adds the options `serve` and `worker` share: where to listen, the catch-up's period,
 * how many users at once (`minConcurrency` 0 lets `serve` run no job), and the re-read
 * period of merged notifications.
 *
 * @example
 * ```ts
 * addServiceProcessOptions(new Command("worker"), { port: 8788, minConcurrency: 1 });
 * ```
 */
export function addServiceProcessOptions(
  command: Command,
  options: {
    readonly port: number;
    readonly minConcurrency: 0 | 1;
    readonly concurrencyHelp: string;
  },
): Command {
  return command
    .option("--port <n>", "TCP port, 0 for a free one", parseIntegerOption(0, 65_535), options.port)
    .option("--host <host>", "interface to bind (the proxy's side)", "127.0.0.1")
    .option(
      "--catch-up-minutes <n>",
      "minutes between two catch-ups of every user",
      parseIntegerOption(1, 7 * 24 * 60),
      60,
    )
    .option(
      "--concurrency <n>",
      options.concurrencyHelp,
      parseIntegerOption(options.minConcurrency, 64),
      2,
    )
    .option(
      "--merged-reread-minutes <n>",
      "minutes between two re-reads of a participant's recent window when notifications pile up (a deletion among them shows up to that much later)",
      parseIntegerOption(0, 24 * 60),
      10,
    );
}
