/**
 * Runs `task` over `items` with at most `concurrency` running at once, and returns the
 * results in the order of `items`. Tasks are expected not to throw (the engine turns every
 * failure into a report); if one does, the pool stops starting new ones and rethrows.
 *
 * @example
 * ```ts
 * const reports = await runPool(userIds, 4, (id) => syncUser(id));
 * ```
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
