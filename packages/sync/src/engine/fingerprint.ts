/**
 * A short print of a list item in one state: a 53-bit hash of its JSON. Two prints are
 * equal when the record is the same and unchanged (its content is the whole record, ids
 * included), which is what a walk compares across pages and across reads. Kept short so
 * that a ten-year walk's set of prints stays a few megabytes.
 *
 * @example
 * ```ts
 * fingerprint({ grpid: 1, modified: 2 }) === fingerprint({ grpid: 1, modified: 2 }); // true
 * ```
 */
export function fingerprint(item: unknown): string {
  const text = JSON.stringify(item) ?? "";
  // cyrb53: two 32-bit lanes mixed per UTF-16 unit, then folded to 53 bits.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
