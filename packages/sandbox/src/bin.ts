#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startSandboxServer } from "./server.js";
import type { CloudBehaviour } from "./types/cloud-behaviour.js";

const USAGE = `Usage: withings-sandbox [--port N] [--host H] [--seed N] [--rate-limit N] [--clock realtime|virtual]
                        [--cloud JSON]

Starts a local Withings cloud: the API, the consent page (/oauth2_user/authorize2) and the
control API (/_sandbox/...). Binds 127.0.0.1 unless --host says otherwise. --cloud sets how
the cloud behaves, e.g. --cloud '{"offsets":"token","hiddenMore":0.2}' (see the README,
"Behaviours"; change it later with POST /_sandbox/cloud).`;

/** Parses the command line, starts the server and prints how to use it. */
async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      "rate-limit": { type: "string" },
      clock: { type: "string", default: "realtime" },
      cloud: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integerArg(values.port, "--port", 0, 65_535);
  const seed = integerArg(values.seed, "--seed", 0, 2 ** 32 - 1);
  const limit =
    values["rate-limit"] === undefined
      ? undefined
      : integerArg(values["rate-limit"], "--rate-limit", 1, 1_000_000);
  if (values.clock !== "realtime" && values.clock !== "virtual") {
    throw new UsageError('--clock must be "realtime" or "virtual"');
  }
  const cloud = values.cloud === undefined ? undefined : cloudArg(values.cloud);
  let server: Awaited<ReturnType<typeof startSandboxServer>>;
  try {
    server = await startSandboxServer({
      port,
      host: values.host,
      seed,
      clock: values.clock,
      ...(limit === undefined ? {} : { rateLimit: { limit } }),
      ...(cloud === undefined ? {} : { cloud }),
    });
  } catch (error) {
    // A bad --cloud switch is the only option error left at this point.
    if (error instanceof TypeError && error.message.startsWith("cloud")) {
      throw new UsageError(`--cloud: ${error.message}`);
    }
    throw error;
  }
  const { clientId, clientSecret } = server.sandbox.defaultApp;
  console.log(`Withings sandbox listening on ${server.url}
  default app: client_id=${clientId} client_secret=${clientSecret}
  (redirect URIs: any http://127.0.0.1:<port>/... or http://localhost:<port>/...)
  create a user and get tokens:
    curl -s -X POST ${server.url}/_sandbox/users -H 'content-type: application/json' -d '{"profile":"vitals-study","years":1}'
  consent page: ${server.url}/oauth2_user/authorize2
  stats: ${server.url}/_sandbox/stats`);
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

class UsageError extends Error {}

function cloudArg(text: string): CloudBehaviour {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError("--cloud must be a JSON object");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError("--cloud must be a JSON object");
  }
  return value as CloudBehaviour;
}

function integerArg(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
    console.error(`withings-sandbox: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
