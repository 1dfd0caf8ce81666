import { notFound } from "next/navigation";
import { answerSimulatedCheckout } from "@/app/simulated/checkout/[order]/actions";
import { formatMoney } from "@/lib/money";
import { findCheckoutOrder } from "@/services/payment";

export const dynamic = "force-dynamic";

/** The simulated provider's hosted checkout: the buyer approves or declines; nothing is charged. */
export default async function SimulatedCheckoutPage({ params }: { params: Promise<{ order: string }> }) {
  const { order: orderId } = await params;
  const found = await findCheckoutOrder(orderId);
  if (!found || found.order.provider !== "simulated") notFound();
  const { order, product } = found;
  const price = formatMoney({ amountMinor: order.amountMinor, currency: order.currency });
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-amber-600">Simulated payment — no money moves</p>
      <h1 className="mt-2 text-2xl font-bold">{product.name}</h1>
      <p className="mt-1 text-slate-600">
        {price}
        {product.billingInterval ? ` every ${product.billingInterval}` : ""} · {order.email}
      </p>
      {order.status === "pending" ? (
        <form action={answerSimulatedCheckout} className="mt-8 flex gap-3">
          <input type="hidden" name="orderId" value={order.id} />
          <button
            name="outcome"
            value="approved"
            className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700"
          >
            Approve payment
          </button>
          <button
            name="outcome"
            value="declined"
            className="rounded-lg border border-slate-300 px-4 py-2 font-semibold hover:bg-slate-50"
          >
            Decline
          </button>
        </form>
      ) : (
        <p className="mt-8" data-testid="order-status">
          This order is {order.status}.
        </p>
      )}
    </main>
  );
}
