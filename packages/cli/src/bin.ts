#!/usr/bin/env node
import { processIo } from "./process-io.js";
import { runCli } from "./run-cli.js";

// The exit code is set, not forced with process.exit(), so pending output (a large export
// piped to another program) is flushed before the process ends.
process.exitCode = await runCli(process.argv.slice(2), processIo());
