/**
 * Runs `work` on every item with at most `limit` running at once, results in the items' order:
 * a batch of thousands neither goes one by one nor floods the database with thousands at once.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `items` in chunks of `size` (the last may be shorter). */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Starts `work` now and gives what to await for its outcome later, at the point where it is
 * needed: reads that do not depend on each other go at once, while their errors still surface in
 * the order the caller takes them, and an outcome never taken (an early return) is no unhandled
 * rejection.
 */
export function begun<T>(work: Promise<T>): () => Promise<T> {
  const outcome = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return async () => {
    const settled = await outcome;
    if ('error' in settled) throw settled.error;
    return settled.value;
  };
}
