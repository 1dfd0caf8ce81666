import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** The parts of pglite-socket's (internal) query queue this patch replaces. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  db: PGlite;
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Parse, Bind, Describe, Execute, Flush, Close: the messages of an extended-protocol query, which
// the server answers only at the Sync that ends it.
const EXTENDED_QUERY_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x48, 0x43]);

/**
 * All socket connections share PGlite's one session. pglite-socket 0.2.17 keeps a connection's
 * messages together only inside a transaction; outside one, two connections' Parse/Bind/Execute
 * sequences interleave, and the unnamed statement one of them prepared is bound with the other's
 * parameters ("bind message supplies 6 parameters, but prepared statement requires 2"). This keeps
 * the connection that began a sequence in front until its Sync, and un-pins a connection that
 * goes away mid-sequence so the others never wait for it.
 */
export function keepProtocolSequencesWhole(server: PGLiteSocketServer): void {
  const queryQueue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (typeof queryQueue?.processQueue !== "function" || !Array.isArray(queryQueue.queue)) {
    throw new Error("pglite-socket's query queue changed shape; check keepProtocolSequencesWhole against it");
  }
  let midSequence = false;

  queryQueue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = midSequence || this.db.isInTransaction() ? this.lastHandlerId : null;
        const index = pinned === null ? 0 : this.queue.findIndex((item) => item.handlerId === pinned);
        if (index === -1) break; // the pinned connection's next message has not arrived yet
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        midSequence = EXTENDED_QUERY_MESSAGES.has(item.message[0] ?? 0);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueueForHandler = queryQueue.clearQueueForHandler.bind(queryQueue);
  queryQueue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    if (queryQueue.lastHandlerId === handlerId && midSequence) {
      midSequence = false;
      void queryQueue.processQueue();
    }
  };
}
