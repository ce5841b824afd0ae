// JSON text of deeply frozen records, keyed by the record itself. A frozen record cannot change,
// so its text cannot either; the data layer keeps its stored records frozen and hands the same
// instances to every answer, so each record is stringified once, not on every request. Weak keys:
// the text goes when the record does.
const textOf = new WeakMap<object, string>();
// Frozen records already found to hold a non-frozen object somewhere (never cached).
const notDeeplyFrozen = new WeakSet<object>();
// The UTF-8 bytes of recently served arrays of cached records (a page is a fresh array each time,
// but of the same record instances), keyed by their first record: checking 4,096 identities costs
// far less than joining and encoding 2 MB of text. Bounded, most recently used last.
const recentArrays = new Map<
  object,
  { readonly items: readonly unknown[]; readonly bytes: Uint8Array<ArrayBuffer> }
>();
const RECENT_ARRAYS = 16;
const encoder = new TextEncoder();

/**
 * The JSON of an answer body as chunks, text or ready UTF-8 bytes, whose concatenation is exactly
 * `JSON.stringify(body)`. Items of top-level arrays that are deeply frozen (the data layer's
 * stored records) have their text remembered, and a recently served array of them its bytes, so a
 * 4,096-group page costs a copy rather than a stringify and an encode.
 *
 * @example
 * ```ts
 * bodyChunks({ more: 0, measuregrps: [Object.freeze({ grpid: 1 })] });
 * // ['{"more":0,"measuregrps":', '[{"grpid":1}]', "}"]
 * ```
 */
export function bodyChunks(body: unknown): (string | Uint8Array<ArrayBuffer>)[] {
  if (!isPlainObject(body)) return [JSON.stringify(body) ?? "{}"];
  const chunks: (string | Uint8Array<ArrayBuffer>)[] = [];
  let text = "{";
  let first = true;
  for (const key of Object.keys(body)) {
    const value = (body as Record<string, unknown>)[key];
    if (value === undefined || typeof value === "function" || typeof value === "symbol") continue;
    text += `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) {
      const array = arrayJson(value);
      if (typeof array === "string") {
        text += array;
      } else {
        chunks.push(text, array);
        text = "";
      }
    } else {
      text += JSON.stringify(value);
    }
  }
  chunks.push(`${text}}`);
  return chunks;
}

/**
 * Joins chunks into one UTF-8 buffer.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(joinChunks(["{", new TextEncoder().encode('"a":1'), "}"])); // '{"a":1}'
 * ```
 */
export function joinChunks(
  chunks: readonly (string | Uint8Array<ArrayBuffer>)[],
): Uint8Array<ArrayBuffer> {
  const parts = chunks.map((chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk));
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function arrayJson(items: readonly unknown[]): string | Uint8Array<ArrayBuffer> {
  const head = items[0];
  if (typeof head === "object" && head !== null && textOf.has(head)) {
    const recent = recentArrays.get(head);
    if (recent !== undefined && sameItems(recent.items, items)) {
      recentArrays.delete(head);
      recentArrays.set(head, recent);
      return recent.bytes;
    }
  }
  const parts = new Array<string>(items.length);
  let stable = true;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") {
      parts[i] = "null";
    } else if (typeof item === "object" && item !== null && Object.isFrozen(item)) {
      parts[i] = frozenText(item);
      stable &&= textOf.has(item);
    } else {
      parts[i] = JSON.stringify(item);
      stable &&= typeof item !== "object" || item === null;
    }
  }
  const text = `[${parts.join(",")}]`;
  // Only arrays made entirely of immutable items are remembered, and only big ones are worth it.
  if (!stable || typeof head !== "object" || head === null || items.length < 64) return text;
  const bytes = encoder.encode(text);
  recentArrays.delete(head);
  recentArrays.set(head, { items: [...items], bytes });
  if (recentArrays.size > RECENT_ARRAYS) {
    const oldest = recentArrays.keys().next().value;
    if (oldest !== undefined) recentArrays.delete(oldest);
  }
  return bytes;
}

function frozenText(item: object): string {
  const cached = textOf.get(item);
  if (cached !== undefined) return cached;
  const text = JSON.stringify(item);
  if (!notDeeplyFrozen.has(item)) {
    if (deeplyFrozen(item)) textOf.set(item, text);
    else notDeeplyFrozen.add(item);
  }
  return text;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function deeplyFrozen(value: object): boolean {
  if (!Object.isFrozen(value) || "toJSON" in value) return false;
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null && !deeplyFrozen(child)) return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}
