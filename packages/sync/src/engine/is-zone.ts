/**
 * Whether `zone` is an IANA zone this runtime knows: zones come from the API (getmeas
 * `timezone`, a device's, an activity day's) and an unknown one must not stop a sync.
 *
 * @example
 * ```ts
 * isZone("Europe/Paris"); // true
 * isZone("Mars/Olympus"); // false
 * ```
 */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
