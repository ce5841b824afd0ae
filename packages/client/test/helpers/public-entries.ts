import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The repository's root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Every package of the kit, each with public entry points. */
export const PACKAGES = ["client", "sandbox", "sync", "server", "cli"] as const;

/** A public entry point: its import specifier and its source file. */
export interface PublicEntry {
  readonly specifier: string;
  readonly file: string;
}

/** The "source" files of a package's `exports` map, with their specifiers. */
export function publicEntries(pkg: string): PublicEntry[] {
  const dir = resolve(repoRoot, "packages", pkg);
  const manifest = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as {
    exports?: Record<string, { source?: string }>;
  };
  const entries: PublicEntry[] = [];
  for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
    if (entry.source === undefined) continue;
    const specifier = `@withings-kit/${pkg}${subpath === "." ? "" : subpath.slice(1)}`;
    entries.push({ specifier, file: resolve(dir, entry.source) });
  }
  return entries;
}

/** The repository's compiler options (NodeNext, the "source" condition), without emitting. */
export function repoCompilerOptions(): ts.CompilerOptions {
  const configPath = resolve(repoRoot, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { noEmit: true, skipLibCheck: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${configPath}`);
  return parsed.options;
}
