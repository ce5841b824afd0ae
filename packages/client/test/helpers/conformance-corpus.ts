// The one place that finds the conformance corpus: answers other projects captured or wrote
// for their own tests, kept outside this repository (their licences are not ours, so no
// file of it is ever copied in). Suites that read it are an extra layer over our own
// fixtures: they run when the corpus is there, say once that they were skipped when it is
// not, and fail instead when WITHINGS_KIT_REQUIRE_CONFORMANCE=1 (CI always has it).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, it } from "vitest";

/** Beside the repository's root: packages/client/test/helpers → ../../../../.. */
const BESIDE_REPOSITORY = new URL("../../../../../shared/conformance/", import.meta.url);

function corpusUrl(): URL {
  const override = process.env["WITHINGS_KIT_CONFORMANCE_DIR"];
  if (override === undefined || override === "") return BESIDE_REPOSITORY;
  const url = pathToFileURL(resolve(override));
  // A directory URL must end in a slash, or relative paths resolve beside it.
  return url.href.endsWith("/") ? url : new URL(`${url.href}/`);
}

function isDirectory(url: URL): boolean {
  try {
    return statSync(url).isDirectory();
  } catch {
    return false;
  }
}

/** Where the corpus is looked for, whether it is there, and whether this run requires it. */
export const conformanceCorpus = (() => {
  const url = corpusUrl();
  return Object.freeze({
    url,
    path: fileURLToPath(url),
    present: isDirectory(url),
    required: process.env["WITHINGS_KIT_REQUIRE_CONFORMANCE"] === "1",
  });
})();

const WHERE =
  "set WITHINGS_KIT_CONFORMANCE_DIR or place it beside the repository (../shared/conformance)";

/** The URL of a file or folder (ending in `/`) inside the corpus. */
export function corpusFile(relative: string): URL {
  return new URL(relative, conformanceCorpus.url);
}

/** A corpus file's text. */
export function readCorpus(relative: string): string {
  return readFileSync(corpusFile(relative), "utf8");
}

/** The names in a corpus folder ("" for the top), sorted. */
export function listCorpus(folder = ""): string[] {
  return readdirSync(corpusFile(folder === "" ? "./" : `${folder}/`)).sort();
}

/**
 * A suite over the conformance corpus. Its body runs only when the corpus is there, so it
 * may read corpus files while it declares its tests. Without the corpus the suite is one
 * skipped placeholder and one warning, or, when the run requires the corpus, one failing test
 * that says where it looked.
 */
export function describeConformance(name: string, body: () => void): void {
  const title = `conformance corpus: ${name}`;
  if (conformanceCorpus.present) {
    describe(title, body);
    return;
  }
  if (conformanceCorpus.required) {
    describe(title, () => {
      it("finds the corpus (WITHINGS_KIT_REQUIRE_CONFORMANCE=1)", () => {
        throw new Error(
          `conformance corpus not found at ${conformanceCorpus.path}, and ` +
            `WITHINGS_KIT_REQUIRE_CONFORMANCE=1 requires it: ${WHERE}`,
        );
      });
    });
    return;
  }
  console.warn(
    `conformance corpus not found at ${conformanceCorpus.path}: "${name}" skipped; ${WHERE}`,
  );
  describe.skip(title, () => {
    it(`skipped: conformance corpus not found at ${conformanceCorpus.path}`, () => {});
  });
}
