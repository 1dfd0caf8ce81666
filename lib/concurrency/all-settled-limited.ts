/**
 * `Promise.allSettled(items.map(run))` with at most `limit` calls running at once, for work that
 * asks someone else (a provider's API) and must not ask too much at a time. Results are in order.
 */
export async function allSettledLimited<I, O>(
  items: readonly I[],
  limit: number,
  run: (item: I) => Promise<O>,
): Promise<PromiseSettledResult<O>[]> {
  const results = new Array<PromiseSettledResult<O>>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await run(items[index]!) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
