export { getQueueMode, pingRedis, type QueueMode } from "@/lib/queue/queue-mode";
