import type { Instrumentation } from "next";

/** Next.js calls `register` once when the server starts. */
export async function register(): Promise<void> {
  // Read inline so Next drops the import from any edge bundle: jobs run on Node only.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("@/services/jobs");
  startBackgroundJobs();
}

/**
 * What fails where no door catches it (a page's render, Next's own handling of a request) is
 * logged here, once, with the request id proxy.ts gave the request and its answer carries. Doors
 * answer their own failures and log them themselves, so nothing is logged twice.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getLogger } = await import("@/lib/logger");
  const requestId = request.headers["x-request-id"];
  getLogger().error(
    {
      requestId: Array.isArray(requestId) ? requestId[0] : requestId,
      method: request.method,
      path: request.path,
      route: context.routePath,
      routeType: context.routeType,
      err: error,
    },
    "request failed",
  );
};
