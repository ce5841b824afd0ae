import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const resultsFile = process.env["WITHINGS_KIT_TEST_RESULTS"];

// Tests run against the TypeScript sources of every workspace package through the
// "source" export condition, so no build is needed before `npm test`.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // At least two files at once, also on a two-core machine (vitest would take one): the
    // two parts of the sync model check search side by side, and the rest interleaves.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: resultsFile ? ["default", ["json", { outputFile: resultsFile }]] : ["default"],
  },
});
