/** Next.js calls `register` once when the server starts. */
export async function register(): Promise<void> {
  // Read inline so Next drops the import from any edge bundle: jobs run on Node only.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("@/services/jobs");
  startBackgroundJobs();
}
