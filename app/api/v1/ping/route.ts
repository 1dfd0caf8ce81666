export const dynamic = "force-dynamic";

/** Liveness without touching the database or Redis; also the baseline of the license benchmark. */
export function GET(): Response {
  return Response.json({ ok: true });
}
