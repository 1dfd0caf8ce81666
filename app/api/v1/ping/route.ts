export const dynamic = "force-dynamic";

/**
 * Liveness without touching the database or Redis. POST answers the same without reading the
 * body: the license benchmark's baseline, an empty handler under exactly the requests `validate` gets.
 */
export function GET(): Response {
  return Response.json({ ok: true });
}

export const POST = GET;
