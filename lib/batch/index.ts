export { createBatcher, type Batcher, type BatcherOptions } from "@/lib/batch/create-batcher";
