import Link from "next/link";
import { redirect } from "next/navigation";
import { signIn } from "@/app/login/actions";
import { findSignedInOwner } from "@/app/door";
import { SignInForm } from "@/components/auth";
import { safeNextPath } from "@/lib/http";
import { findOwnerAccount } from "@/services/auth";
import { getDb } from "@/services/setup";

export const metadata = { title: "Sign in" };

/** The owner's sign-in. Already signed in: straight on. No owner yet: the way to first-run setup. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { next } = await searchParams;
  const destination = safeNextPath(typeof next === "string" ? next : undefined);
  if (await findSignedInOwner()) redirect(destination);
  const ownerExists = (await findOwnerAccount(getDb())) !== null;
  return (
    <main className="mx-auto max-w-sm px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-indigo-700">AgencyOS</p>
      <h1 className="mt-2 mb-8 text-2xl font-bold">Sign in to the console</h1>
      {ownerExists ? (
        <SignInForm next={destination} action={signIn} />
      ) : (
        <p data-testid="no-owner" className="text-slate-700">
          The console has no owner yet.{" "}
          <Link href="/setup" className="font-semibold text-indigo-700 underline">
            Set it up
          </Link>{" "}
          with the setup token printed in the log when the app started (or from{" "}
          <code className="text-sm">cc auth setup-token</code>).
        </p>
      )}
    </main>
  );
}
