import { defineRoute } from "@/app/door";
import { getHealth, publicHealth } from "@/services/health";

export const dynamic = "force-dynamic";

/**
 * Up or not: 200 `{ status: "ok" }`, 503 while the database or queue is down, with which one. The
 * owner (`Authorization: Bearer <owner key>`) also gets engines, latency and configured providers.
 */
export const GET = defineRoute({
  access: "public",
  limit: "health",
  async handle({ caller }) {
    const health = await getHealth();
    return Response.json(caller.kind === "owner" ? health : publicHealth(health), {
      status: health.status === "ok" ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  },
});
