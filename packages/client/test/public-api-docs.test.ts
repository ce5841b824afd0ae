import { relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  PACKAGES,
  publicEntries,
  repoCompilerOptions,
  repoRoot,
} from "./helpers/public-entries.js";

// Every export of every package's public entry points must carry a TSDoc comment with a
// summary and an `@example` (the project rule). Members of exported classes and interfaces
// are not checked, only the exports themselves.

// "Cannot find module", "has no exported member", "has no exported member named ... Did you mean".
const RESOLUTION_ERRORS = new Set([2307, 2305, 2724]);

/** The source files of a package's public entry points, its index first. */
function entryPoints(pkg: string): string[] {
  const files = publicEntries(pkg).map((entry) => entry.file);
  const index = resolve(repoRoot, "packages", pkg, "src/index.ts");
  return files.includes(index) ? files : [index, ...files];
}

/** One Program for every entry point, with the repo's compiler options (NodeNext, "source"). */
function createProgram(rootNames: readonly string[]): ts.Program {
  return ts.createProgram({ rootNames, options: repoCompilerOptions() });
}

function jsDocText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  return (ts.getTextOfJSDocComment(comment) ?? "").trim();
}

/** What a declaration's doc comments lack: a summary, an `@example`, or both. */
function missingDocs(declaration: ts.Declaration): string[] {
  let summary = false;
  let example = false;
  for (const node of ts.getJSDocCommentsAndTags(declaration)) {
    if (!ts.isJSDoc(node)) continue;
    if (jsDocText(node.comment) !== "") summary = true;
    for (const tag of node.tags ?? []) {
      if (tag.tagName.text === "example" && jsDocText(tag.comment) !== "") example = true;
    }
  }
  return [...(summary ? [] : ["summary"]), ...(example ? [] : ["@example"])];
}

interface Problem {
  readonly entry: string;
  readonly name: string;
  readonly where: string;
  readonly missing: readonly string[];
}

function checkEntry(program: ts.Program, checker: ts.TypeChecker, file: string): Problem[] {
  const entry = relative(repoRoot, file);
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) throw new Error(`${entry} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (moduleSymbol === undefined) throw new Error(`${entry} is not a module`);
  const exports = checker.getExportsOfModule(moduleSymbol);
  if (exports.length === 0) throw new Error(`${entry} exports nothing`);

  const problems: Problem[] = [];
  for (const exported of exports) {
    const name = exported.getName();
    const target =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = target.declarations ?? [];
    if (declarations.length === 0) {
      problems.push({ entry, name, where: "(unresolved)", missing: ["declaration"] });
      continue;
    }
    // Overloads and merged declarations pass when any one of them is documented.
    const lacks = declarations.map(missingDocs);
    if (lacks.some((missing) => missing.length === 0)) continue;
    const first = declarations[0]!;
    const at = first.getSourceFile();
    const line = at.getLineAndCharacterOfPosition(first.getStart(at)).line + 1;
    problems.push({
      entry,
      name,
      where: `${relative(repoRoot, at.fileName)}:${line}`,
      missing: lacks[0]!,
    });
  }
  return problems;
}

describe("public API docs", () => {
  it("gives every export of every package a TSDoc summary and an @example", () => {
    const entries = PACKAGES.flatMap(entryPoints);
    const program = createProgram(entries);
    const checker = program.getTypeChecker();

    // Every relative import of the entry points must resolve, or exports go missing silently.
    // Only the entry files are checked: a full type check would be slow, and an alias that
    // fails deeper down has no declaration, which checkEntry reports.
    const unresolved = entries
      .flatMap((file) => program.getSemanticDiagnostics(program.getSourceFile(file)))
      .filter((d) => RESOLUTION_ERRORS.has(d.code))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(unresolved).toEqual([]);

    const problems = entries.flatMap((file) => checkEntry(program, checker, file));
    const report = problems.map(
      (p) => `${p.entry}: ${p.name} (${p.where}) lacks ${p.missing.join(" and ")}`,
    );
    expect(report).toEqual([]);
  });
});
