import { errorResponse } from "@/lib/errors";
import { getHealth } from "@/services/health";

export const dynamic = "force-dynamic";

/** Engines, reachability and configured providers; 503 while the database or queue is down. */
export async function GET(): Promise<Response> {
  try {
    const health = await getHealth();
    return Response.json(health, {
      status: health.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
