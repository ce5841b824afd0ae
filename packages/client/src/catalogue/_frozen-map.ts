/**
 * Builds a read-only map whose entries cannot be changed through its own methods, with
 * every value frozen. `Object.freeze` alone does not stop `Map#set`, so the mutators are
 * shadowed on the instance: a catalogue shared by the client, the sandbox and the sync
 * engine must not be patched by one of them at run time.
 *
 * @example
 * ```ts
 * const m = frozenMap([[1, { name: "one" }]]);
 * m.get(1)?.name; // "one"
 * ```
 */
export function frozenMap<K, V extends object>(
  entries: Iterable<readonly [K, V]>,
): ReadonlyMap<K, V> {
  const map = new Map<K, V>();
  for (const [key, value] of entries) map.set(key, Object.freeze(value));
  const refuse = (): never => {
    throw new TypeError("This catalogue is read-only.");
  };
  Object.defineProperties(map, {
    set: { value: refuse },
    delete: { value: refuse },
    clear: { value: refuse },
  });
  return Object.freeze(map);
}
