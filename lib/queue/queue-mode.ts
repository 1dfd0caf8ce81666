import { getEnv } from "@/lib/env";

export type QueueMode = "bullmq" | "in-process";

/** BullMQ on Redis when REDIS_URL is set; otherwise jobs run inside the app process. */
export function getQueueMode(): QueueMode {
  return getEnv().REDIS_URL ? "bullmq" : "in-process";
}
