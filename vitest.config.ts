import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const resultsFile = process.env["WITHINGS_KIT_TEST_RESULTS"];

const ALL = ["packages/*/test/**/*.test.ts"];
const EXCLUDED = ["**/node_modules/**", "**/dist/**"];
const SLOW = [
  "packages/sync/test/model/**/*.test.ts",
  "packages/sync/test/engine/sync-engine.e2e.test.ts",
  "packages/sync/test/engine/sync-faults.test.ts",
  "packages/sync/test/engine/sync-crash.test.ts",
  "packages/cli/test/workers-on-postgres.test.ts",
  "packages/cli/test/serve-kill.test.ts",
  "packages/cli/test/postgres-restart.test.ts",
  "packages/cli/test/several-machines.test.ts",
  "packages/cli/test/readme-commands.test.ts",
];

// Tests run against the TypeScript sources of every workspace package through the
// "source" export condition, so no build is needed before `npm test`.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    projects: [
      // The feedback loop (`npm run test:quick`): every test but the long ones below.
      { extends: true, test: { name: "quick", include: ALL, exclude: [...SLOW, ...EXCLUDED] } },
      // Minutes each: end-to-end runs, kills and restarts of real processes, the model
      // check's time-boxed search. `npm test` and CI run them; none depends on speed.
      { extends: true, test: { name: "slow", include: [...SLOW] } },
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
