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
  let known = zones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    // A formatter per call costs more than the row it labels; the answers are few and
    // fixed, but a hostile API could send any string, so the memory is bounded.
    if (zones.size >= 1024) zones.clear();
    zones.set(zone, known);
  }
  return known;
}

const zones = new Map<string, boolean>();
