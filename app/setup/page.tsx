import Link from "next/link";
import { setUpOwner } from "@/app/setup/actions";
import { SetupForm } from "@/components/auth";
import { findOwnerAccount } from "@/services/auth";
import { getDb } from "@/services/setup";

export const metadata = { title: "Set up" };

/** First run: the owner's email and password, allowed by a one-time setup token. */
export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { token } = await searchParams;
  const ownerExists = (await findOwnerAccount(getDb())) !== null;
  return (
    <main className="mx-auto max-w-sm px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-700">AgencyOS</p>
      <h1 className="mt-2 mb-8 text-2xl font-bold">Set up the console</h1>
      {ownerExists ? (
        <p data-testid="already-set-up" className="text-slate-700">
          The console is already set up.{" "}
          <Link href="/login" className="font-semibold text-indigo-700 underline">
            Sign in
          </Link>
          , or reset the owner from a terminal with <code className="text-sm">cc auth set-owner --email …</code>.
        </p>
      ) : (
        <SetupForm token={typeof token === "string" ? token.slice(0, 200) : ""} action={setUpOwner} />
      )}
    </main>
  );
}
