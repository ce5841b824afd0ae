/**
 * Whether `--db` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather
 * than an SQLite file.
 *
 * @example
 * ```ts
 * isPostgresUrl("postgres://kit@db.internal/withings"); // true
 * ```
 */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/**
 * A database's place as messages show it: a file's path, or a PostgreSQL URL without its
 * password and query (which can hold one too), so that no secret is ever printed.
 *
 * @example
 * ```ts
 * shownPlace("postgres://kit:secret@db.internal:5432/withings"); // "postgres://kit@db.internal:5432/withings"
 * ```
 */
export function shownPlace(place: string): string {
  if (!isPostgresUrl(place)) return place;
  try {
    const url = new URL(place);
    url.password = "";
    url.search = "";
    url.hash = "";
    return url.toString();
  } catch {
    return "a PostgreSQL database (its URL could not be read)";
  }
}
