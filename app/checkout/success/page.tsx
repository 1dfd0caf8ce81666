import { notFound } from "next/navigation";
import { revealLicense } from "@/app/checkout/success/actions";
import { OrderLicense } from "@/components/checkout";
import { formatMoney } from "@/lib/money";
import { findCheckoutOrder } from "@/services/payment";

export const dynamic = "force-dynamic";

/** Where the buyer lands after a provider's checkout: the order's state. */
export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<{ order?: string; capture?: string }>;
}) {
  const { order: orderId, capture } = await searchParams;
  const found = orderId ? await findCheckoutOrder(orderId) : null;
  if (!found) notFound();
  const { order, product } = found;
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-bold">{product.name}</h1>
      <p className="mt-1 text-slate-600">
        {formatMoney({ amountMinor: order.amountMinor, currency: order.currency })} · {order.email}
      </p>
      <OrderLicense orderId={order.id} initialStatus={order.status} reveal={revealLicense} />
      {capture === "failed" && order.status === "pending" ? (
        <p role="status" className="mt-4 text-sm text-red-700">
          PayPal could not confirm the payment just now; nothing is charged twice.{" "}
          <a className="underline" href={`/api/v1/payments/paypal/return?order=${order.id}`}>
            Try again
          </a>
        </p>
      ) : null}
    </main>
  );
}
