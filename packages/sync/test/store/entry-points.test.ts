import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Which packages each public entry of @withings-kit/sync loads when it is imported: the
// main entry must load no database driver, so that a program using PostgreSQL never needs
// better-sqlite3's native build, and one using SQLite never loads `pg`. Walks the sources'
// runtime imports as the compiler emits them (with `verbatimModuleSyntax`, only
// `import type`/`export type` declarations are erased).

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** The bare packages an entry loads, following its relative imports. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly !== true) {
        specifier = statement.moduleSpecifier;
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        specifier = statement.moduleSpecifier;
      }
      if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
      const name = specifier.text;
      if (name.startsWith(".")) visit(resolve(dirname(file), name.replace(/\.js$/, ".ts")));
      else
        packages.add(
          name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]!,
        );
    }
  };
  visit(resolve(src, entry));
  return packages;
}

describe("entry points of @withings-kit/sync", () => {
  it("loads no database driver from the main entry", () => {
    const loaded = packagesLoadedBy("index.ts");
    expect(loaded.has("better-sqlite3")).toBe(false);
    expect(loaded.has("pg")).toBe(false);
    expect(loaded.has("kysely")).toBe(false);
  });

  it("loads better-sqlite3 from the sqlite entry only, and pg from the postgres entry only", () => {
    const sqlite = packagesLoadedBy("sqlite.ts");
    expect(sqlite.has("better-sqlite3")).toBe(true);
    expect(sqlite.has("pg")).toBe(false);
    const postgres = packagesLoadedBy("postgres.ts");
    expect(postgres.has("pg")).toBe(true);
    expect(postgres.has("better-sqlite3")).toBe(false);
    expect(packagesLoadedBy("internal.ts").has("pg")).toBe(false);
  });
});
