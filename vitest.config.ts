import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const resultsFile = process.env["WITHINGS_KIT_TEST_RESULTS"];

// Tests run against the TypeScript sources of every workspace package through the
// "source" export condition, so no build is needed before `npm test`.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    projects: [
      { extends: true, test: { name: "all", include: ["packages/*/test/**/*.test.ts"] } },
      // The engine's suites once more on the PostgreSQL store: one product, two databases,
      // the same tests.
      {
        extends: true,
        test: {
          name: "engine on PostgreSQL",
          include: ["packages/sync/test/engine/**/*.test.ts"],
          env: { WITHINGS_KIT_TEST_STORE: "postgres" },
        },
      },
    ],
    // At least two files at once, also on a two-core machine (vitest would take one): the
    // two parts of the sync model check search side by side, and the rest interleaves.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: resultsFile ? ["default", ["json", { outputFile: resultsFile }]] : ["default"],
  },
});
