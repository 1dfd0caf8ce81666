import type { JobDefinition } from "@/lib/queue/job-definition";
import { PermanentJobError } from "@/lib/queue/job-definition";

/** The definition for a job name and its parsed data; a permanent failure for anything unknown. */
export function findJob(jobs: readonly JobDefinition[], name: string, data: unknown) {
  const definition = jobs.find((job) => job.name === name);
  if (!definition) throw new PermanentJobError(`No job named "${name}"`);
  const parsed = definition.schema.safeParse(data);
  if (!parsed.success) throw new PermanentJobError(`Invalid data for job "${name}": ${parsed.error.message}`);
  return { definition, data: parsed.data };
}
