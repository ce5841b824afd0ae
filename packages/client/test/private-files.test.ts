import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The house rule for a file whose name starts with an underscore: it is private to its
// folder. Only files in that folder or below it import it, and the tests of that folder
// (the same path under test/ instead of src/). Anything wider must drop the underscore and
// say what it is for, so that a reader can tell a folder's inside from its surface.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const packagesDir = join(repoRoot, "packages");

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (/\.ts$/.test(entry.name)) found.push(path);
  }
  return found;
}

// Static imports, re-exports and dynamic imports of a relative path.
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** The folder a private file may be imported from, and the same folder among the tests. */
function allowedRoots(privateFile: string): string[] {
  const folder = dirname(privateFile);
  const mirrored = folder
    .replace(`${sep}src${sep}`, `${sep}test${sep}`)
    .replace(/[/\\]src$/, `${sep}test`);
  return [folder, mirrored];
}

function within(file: string, root: string): boolean {
  const rel = relative(root, file);
  return !rel.startsWith("..") && !rel.startsWith(sep);
}

describe("private files", () => {
  it("are imported only from their own folder and its tests", () => {
    const files = sourceFiles(packagesDir);
    expect(files.length).toBeGreaterThan(100);
    const privateSeen = new Set<string>();
    const breaches: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(RELATIVE_IMPORT)) {
        const target = resolve(dirname(file), match[1]!).replace(/\.js$/, ".ts");
        if (!target.split(sep).at(-1)!.startsWith("_")) continue;
        privateSeen.add(target);
        if (allowedRoots(target).some((root) => within(file, root))) continue;
        breaches.push(`${relative(repoRoot, file)} imports ${relative(repoRoot, target)}`);
      }
    }
    // The rule is in use (so that a broken pattern cannot make this pass on nothing).
    expect(privateSeen.size).toBeGreaterThan(20);
    expect(breaches).toEqual([]);
  });
});
