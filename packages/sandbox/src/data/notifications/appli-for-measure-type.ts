/**
 * The notification category (`appli`, reference §3.1) a new or changed measure of this type
 * triggers: 2 for temperatures (12, 71, 73), 4 for blood pressure, heart rate, SpO2 and the
 * ECG-derived values (9, 10, 11, 54, 130–139, all read with getmeas), and 1 for weight, body
 * composition and anything else, since the weight category is the catch-all for getmeas.
 *
 * @example
 * ```ts
 * appliForMeasureType(10); // 4
 * appliForMeasureType(71); // 2
 * appliForMeasureType(1); // 1
 * ```
 */
export function appliForMeasureType(type: number): number {
  if (type === 12 || type === 71 || type === 73) return 2;
  if (type === 9 || type === 10 || type === 11 || type === 54) return 4;
  if (type >= 130 && type <= 139) return 4;
  return 1;
}
