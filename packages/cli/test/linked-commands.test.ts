// In a clone, `npm ci` links each package's command into node_modules/.bin before anything
// is built, so the command must be a file that exists then (a link to dist/ would be
// skipped). These run the linked commands as the README's set-up leaves them.
import { execFile } from "node:child_process";
import { realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const run = promisify(execFile);

describe("the commands npm links in a clone", () => {
  it.each([
    ["withings", "packages/cli/bin/withings.js", ["--version"], /^\d+\.\d+\.\d+/],
    [
      "withings-sandbox",
      "packages/sandbox/bin/withings-sandbox.js",
      ["--help"],
      /^Usage: withings-sandbox/,
    ],
  ])("%s is linked to a committed file and runs", async (name, file, args, answer) => {
    const linked = join(root, "node_modules", ".bin", name);
    expect(await realpath(linked)).toBe(await realpath(join(root, file)));
    const { stdout } = await run(linked, args, { cwd: root });
    expect(stdout).toMatch(answer);
  });
});
