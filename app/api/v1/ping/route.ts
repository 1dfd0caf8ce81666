import { defineRoute } from "@/app/door";

export const dynamic = "force-dynamic";

/**
 * Liveness without touching the database or Redis, and no limit: it does no work. POST answers the
 * same without reading the body: the license benchmark's baseline, the same door under exactly the
 * requests `validate` gets, with nothing behind it.
 */
export const GET = defineRoute({ access: "public", handle: () => Promise.resolve({ ok: true }) });

export const POST = GET;
