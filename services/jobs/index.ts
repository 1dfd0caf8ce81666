export { closeJobQueue, getJobQueue } from "@/services/jobs/get-job-queue";
export { JOBS } from "@/services/jobs/job-registry";
export { startJobWorkers } from "@/services/jobs/start-job-workers";
export { startBackgroundJobs } from "@/services/jobs/start-background-jobs";
