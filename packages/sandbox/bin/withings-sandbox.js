#!/usr/bin/env node
import { fileURLToPath } from "node:url";

// npm links a package's commands when it is installed, and in a clone of the repository that
// happens before anything is built: the command must be a file that exists then. It runs the
// built program, or says how to build it when that program is what is missing.
const entry = new URL("../dist/bin.js", import.meta.url);
import(entry.href).catch((error) => {
  const missing =
    error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(fileURLToPath(entry));
  if (!missing) throw error;
  process.stderr.write(
    "withings-sandbox: not built yet: run `npm run build` in the repository first\n",
  );
  process.exitCode = 1;
});
