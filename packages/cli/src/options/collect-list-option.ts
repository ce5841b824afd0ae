/**
 * A commander parser for a repeatable, comma-separated option: `--user 1 --user 2,3` gives
 * `["1", "2", "3"]`, without duplicates.
 *
 * @example
 * ```ts
 * command.option("--user <id>", "only this user (repeatable)", collectListOption);
 * ```
 */
export function collectListOption(value: string, previous: readonly string[] = []): string[] {
  const out = [...previous];
  for (const item of value.split(",")) {
    const trimmed = item.trim();
    if (trimmed !== "" && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}
