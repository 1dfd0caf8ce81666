import type { ReactNode } from "react";
import { signOut } from "@/app/dashboard/actions";
import { requireOwnerPage } from "@/app/door";
import { ConsoleNav } from "@/components/console";

export const metadata = {
  title: { default: "Console", template: "%s · Console · AgencyOS" },
  robots: { index: false },
};

/** The console's frame: who is signed in, the sections, sign out. Each page checks the session itself too. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const owner = await requireOwnerPage("/dashboard");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex items-center gap-4">
            <span className="text-sm font-bold uppercase tracking-wide text-indigo-700">AgencyOS</span>
            <ConsoleNav />
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span data-testid="signed-in-as" className="text-slate-700">
              {owner.email}
            </span>
            <form action={signOut}>
              <button className="rounded-md border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
