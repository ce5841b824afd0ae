import { readdirSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  PACKAGES,
  type PublicEntry,
  publicEntries,
  repoCompilerOptions,
  repoRoot,
} from "./helpers/public-entries.js";

// Every `@example` of every public export, and every TypeScript block of the READMEs and
// docs, is compiled against the kit's own public entry points, so that a published example cannot call a method that does not
// exist, pass an option that is not there or misname an import. An example is a fragment:
// it may use values it does not define (a client, a store, a user's id). The common ones
// get their real types below, so that what is done with them is checked too; any other
// name it leaves undefined is taken as it comes (`any`), and only the rest is judged.

/** Names examples use without defining them, with the types they have in the kit. */
const TYPED_FREE_NAMES = `
declare const client: WithingsClient;
declare const user: WithingsUserClient;
declare const store: SqliteStore;
declare const sandbox: Sandbox;
declare const engine: SyncEngine;
declare const clientId: string;
declare const clientSecret: string;
declare const redirectUri: string;
declare const webhookToken: string;
declare const tokenStore: TokenStore;
declare const userId: string;
declare const now: number;
declare const lastupdate: number;
declare const leaseSeconds: number;
declare const err: unknown;
declare const error: unknown;
`;

// "Cannot find name", "… Did you mean", "No value exists in scope for the shorthand property".
const FREE_NAME_ERRORS = new Set([2304, 2552, 18004]);

interface Example {
  readonly where: string;
  readonly exportName: string;
  readonly code: string;
}

interface ExportedName {
  readonly name: string;
  readonly isValue: boolean;
}

/** The code of an `@example`: its fenced blocks, or the tag's text (one inline span). */
function exampleCode(text: string): string {
  const fences = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  if (fences.length > 0) return fences.join("\n");
  return text.trim().replace(/^`([\s\S]*)`$/, "$1");
}

function collect(entries: readonly PublicEntry[]): {
  examples: Example[];
  exported: Map<string, ExportedName[]>;
} {
  const program = ts.createProgram({
    rootNames: entries.map((e) => e.file),
    options: repoCompilerOptions(),
  });
  const checker = program.getTypeChecker();
  const examples: Example[] = [];
  const exported = new Map<string, ExportedName[]>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const sourceFile = program.getSourceFile(entry.file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (moduleSymbol === undefined) throw new Error(`${entry.specifier} is not a module`);
    const names: ExportedName[] = [];
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      names.push({ name: symbol.getName(), isValue: (target.flags & ts.SymbolFlags.Value) !== 0 });
      for (const declaration of target.declarations ?? []) {
        const at = declaration.getSourceFile();
        for (const doc of ts.getJSDocCommentsAndTags(declaration)) {
          if (!ts.isJSDoc(doc)) continue;
          for (const tag of doc.tags ?? []) {
            if (tag.tagName.text !== "example") continue;
            const key = `${at.fileName}:${tag.pos}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const line = at.getLineAndCharacterOfPosition(tag.getStart(at)).line + 1;
            examples.push({
              where: `${relative(repoRoot, at.fileName)}:${line}`,
              exportName: symbol.getName(),
              code: exampleCode(ts.getTextOfJSDocComment(tag.comment) ?? ""),
            });
          }
        }
      }
    }
    exported.set(entry.specifier, names);
  }
  return { examples, exported };
}

/** An example as a module: its imports, every public name it does not import, its body. */
function moduleText(
  example: Example,
  exported: ReadonlyMap<string, readonly ExportedName[]>,
  untyped: ReadonlySet<string>,
): string {
  const lines = example.code.split("\n");
  const isImport = (line: string) => /^\s*import\s/.test(line);
  const ownImports = lines.filter(isImport);
  const imported = new Set(ownImports.join(" ").match(/[A-Za-z_$][\w$]*/g) ?? []);
  const kitImports = [...exported].map(([specifier, names]) => {
    const list = names
      .filter((n) => !imported.has(n.name))
      .map((n) => (n.isValue ? n.name : `type ${n.name}`));
    return list.length > 0 ? `import { ${list.join(", ")} } from "${specifier}";` : "";
  });
  const typedNames = TYPED_FREE_NAMES.split("\n").filter(
    (line) => !imported.has(/declare const (\w+)/.exec(line)?.[1] ?? ""),
  );
  return [
    ...ownImports,
    ...kitImports,
    ...typedNames,
    ...[...untyped].map((name) => `declare const ${name}: any;`),
    "export async function example(): Promise<void> {",
    ...lines.filter((line) => !isImport(line)),
    "}",
    "",
  ].join("\n");
}

/** Compiles every example, each with the free names given; diagnostics per example. */
function compile(
  examples: readonly Example[],
  exported: ReadonlyMap<string, readonly ExportedName[]>,
  untyped: ReadonlyMap<number, ReadonlySet<string>>,
): ts.Diagnostic[][] {
  // In the client's test folder, so that the kit's packages resolve as they do for tests.
  const files = examples.map((example, i) => ({
    name: resolve(repoRoot, `packages/client/test/__examples__/example-${i}.ts`),
    text: moduleText(example, exported, untyped.get(i) ?? new Set()),
  }));
  const byName = new Map(files.map((f) => [f.name, f.text]));
  const options: ts.CompilerOptions = {
    ...repoCompilerOptions(),
    // A fragment may leave values undefined and name environment variables as users do.
    noImplicitAny: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
    noPropertyAccessFromIndexSignature: false,
    allowUnreachableCode: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = byName.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, languageVersion, ...rest)
      : ts.createSourceFile(fileName, text, languageVersion);
  };
  host.fileExists = (fileName) => byName.has(fileName) || fileExists(fileName);
  host.readFile = (fileName) => byName.get(fileName) ?? readFile(fileName);
  const program = ts.createProgram({ rootNames: [...byName.keys()], options, host });
  return files.map((file) => {
    const sourceFile = program.getSourceFile(file.name);
    if (sourceFile === undefined) throw new Error(`${file.name} is not in the program`);
    return [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ];
  });
}

function message(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
}

/** The TypeScript blocks of the READMEs and the docs, which users copy as they are. */
function documentExamples(): Example[] {
  const files = [
    "README.md",
    ...PACKAGES.map((p) => `packages/${p}/README.md`),
    ...readdirSync(resolve(repoRoot, "docs"))
      .filter((name) => name.endsWith(".md"))
      .map((name) => `docs/${name}`),
  ];
  const examples: Example[] = [];
  for (const file of files) {
    const text = readFileSync(resolve(repoRoot, file), "utf8");
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, match.index).split("\n").length;
      examples.push({ where: `${file}:${line}`, exportName: "document", code: match[1] ?? "" });
    }
  }
  return examples;
}

describe("public API examples", () => {
  it("compile against the kit's public entry points", { timeout: 300_000 }, () => {
    const collected = collect(PACKAGES.flatMap(publicEntries));
    const { exported } = collected;
    const fromDocuments = documentExamples();
    expect(collected.examples.length).toBeGreaterThan(300);
    expect(fromDocuments.length).toBeGreaterThan(5);
    const examples = [...collected.examples, ...fromDocuments];

    // First pass: find the names each example leaves undefined.
    const untyped = new Map<number, Set<string>>();
    compile(examples, exported, untyped).forEach((diagnostics, i) => {
      for (const d of diagnostics) {
        if (!FREE_NAME_ERRORS.has(d.code)) continue;
        const name = /'([A-Za-z_$][\w$]*)'/.exec(message(d))?.[1];
        if (name === undefined) continue;
        const names = untyped.get(i) ?? new Set<string>();
        names.add(name);
        untyped.set(i, names);
      }
    });

    // Second pass: with those names as they come, anything left is a wrong example.
    const problems: string[] = [];
    compile(examples, exported, untyped).forEach((diagnostics, i) => {
      const example = examples[i]!;
      for (const d of diagnostics) {
        const lines = d.file?.text.split("\n") ?? [];
        const at =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
        // Lines after the function's opening are the example's own; before it, the preamble.
        const own = at > lines.indexOf("export async function example(): Promise<void> {");
        const line = own ? (lines[at] ?? "").trim() : "(the imports and names around it)";
        problems.push(
          `${example.where} (${example.exportName}): TS${d.code} ${message(d)} | ${line}`,
        );
      }
    });
    expect(problems).toEqual([]);
  });
});
