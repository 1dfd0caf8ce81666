import Link from "next/link";
import { requireOwnerPage } from "@/app/door";
import { AuditPageQuerySchema, listAuditEvents } from "@/services/auth";
import { getDb } from "@/services/setup";

export const metadata = { title: "Audit log" };

const ACTORS: Record<string, string> = {
  session: "Console",
  api_key: "API key",
  owner_api_key: "Bootstrap key",
  cli: "Terminal",
  anonymous: "Not signed in",
};

/** The owner's record: who did what, when and from where, newest first. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  await requireOwnerPage("/dashboard/audit");
  const parsed = AuditPageQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : {};
  const { events, nextCursor } = await listAuditEvents(getDb(), query);
  const nextHref = nextCursor
    ? `/dashboard/audit?${new URLSearchParams({ ...(query.action ? { action: query.action } : {}), before: nextCursor })}`
    : null;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="max-w-prose text-sm text-slate-700">
        Every sign-in (and every failed one), settings and key change, refund and cancellation, with who did it and from
        where. Lines are never changed or deleted.
      </p>
      {parsed.success ? null : (
        <p role="alert" className="text-sm text-red-700">
          That link&apos;s position in the log could not be read; showing the newest lines.
        </p>
      )}
      {events.length === 0 ? (
        <p className="text-slate-700">Nothing here yet: the first sign-in writes the first line.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Owner actions, newest first</caption>
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2">
                  When (UTC)
                </th>
                <th scope="col" className="px-4 py-2">
                  Who
                </th>
                <th scope="col" className="px-4 py-2">
                  What
                </th>
                <th scope="col" className="px-4 py-2">
                  Outcome
                </th>
                <th scope="col" className="px-4 py-2">
                  On
                </th>
                <th scope="col" className="px-4 py-2">
                  From
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} data-testid="audit-row" className="border-t border-slate-200 align-top">
                  <td className="px-4 py-2 whitespace-nowrap">
                    {event.occurredAt.toISOString().slice(0, 19).replace("T", " ")}
                  </td>
                  <td className="px-4 py-2">
                    {ACTORS[event.actor] ?? event.actor}
                    {event.actorId ? <span className="block text-xs text-slate-600">{event.actorId}</span> : null}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{event.action}</td>
                  <td className={`px-4 py-2 ${event.outcome === "failed" ? "text-red-700" : "text-emerald-800"}`}>
                    {event.outcome}
                    {typeof event.details.reason === "string" ? (
                      <span className="block text-xs text-slate-600">{event.details.reason}</span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs break-all">{event.target ?? ""}</td>
                  <td className="px-4 py-2 font-mono text-xs">{event.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref ? (
        <Link href={nextHref} className="self-start text-sm font-semibold text-indigo-700 underline">
          Older lines
        </Link>
      ) : null}
    </div>
  );
}
