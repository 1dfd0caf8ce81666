export interface BatcherOptions {
  /** Most items one flush takes. */
  maxSize?: number;
  /** Flushes allowed in flight at once; calls made meanwhile wait for the next one. */
  concurrency?: number;
  /**
   * How long the first call of an idle batcher waits for company (default 0: the end of its turn
   * of the event loop). Worth a few milliseconds where each flush has a high fixed cost.
   */
  lingerMs?: number;
}

export interface Batcher<I, O> {
  add(item: I): Promise<O>;
}

interface Pending<I, O> {
  item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}

/**
 * Groups concurrent calls into one `flush` of many items: the calls of one turn of the event loop,
 * and, while flushes are in flight, everything that arrives until one finishes. Idle, a call waits
 * only for the end of its turn; under load, one round trip serves many callers. `flush` returns
 * one result per item, in order; if it throws, every caller in that batch gets the error.
 */
export function createBatcher<I, O>(
  flush: (items: I[]) => Promise<O[]>,
  { maxSize = 500, concurrency = 2, lingerMs = 0 }: BatcherOptions = {},
): Batcher<I, O> {
  let waiting: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function run(batch: Pending<I, O>[]): Promise<void> {
    inFlight++;
    try {
      const results = await flush(batch.map((pending) => pending.item));
      if (results.length !== batch.length)
        throw new Error(`flush returned ${results.length} of ${batch.length} results`);
      batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      inFlight--;
      drain();
    }
  }

  function drain(): void {
    while (waiting.length > 0 && inFlight < concurrency) {
      const batch = waiting.slice(0, maxSize);
      waiting = waiting.slice(maxSize);
      void run(batch);
    }
  }

  return {
    add(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (scheduled) return;
        scheduled = true;
        const flushWaiting = () => {
          scheduled = false;
          drain();
        };
        if (lingerMs > 0) setTimeout(flushWaiting, lingerMs);
        else setImmediate(flushWaiting);
      });
    },
  };
}
