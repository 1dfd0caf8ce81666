import Link from "next/link";
import { requireOwnerPage } from "@/app/door";

export const metadata = { title: "Overview" };

/** The overview: the business at a glance. Its figures arrive with the console's read model. */
export default async function OverviewPage() {
  await requireOwnerPage("/dashboard");
  return (
    <section aria-labelledby="overview-title" className="flex flex-col gap-6">
      <h1 id="overview-title" className="text-2xl font-bold">
        Overview
      </h1>
      <div data-testid="overview-empty" className="rounded-xl border border-dashed border-slate-300 bg-white p-8">
        <h2 className="text-lg font-semibold">Your sales will show here</h2>
        <p className="mt-2 max-w-prose text-slate-700">
          Revenue, subscriptions and the latest transactions across Stripe, PayPal and Gumroad appear on this page as
          payments land. To get there: configure a provider in the environment (see the README), paste its webhook URL
          into the provider&apos;s dashboard, and make a test purchase from the{" "}
          <Link href="/" className="font-semibold text-indigo-700 underline">
            catalog
          </Link>
          .
        </p>
        <p className="mt-2 max-w-prose text-slate-700">
          Meanwhile, secure the console:{" "}
          <Link href="/dashboard/settings" className="font-semibold text-indigo-700 underline">
            turn on two-factor
          </Link>
          .
        </p>
      </div>
    </section>
  );
}
