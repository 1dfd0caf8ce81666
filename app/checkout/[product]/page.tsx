import { notFound } from "next/navigation";
import { startCheckout } from "@/app/checkout/[product]/actions";
import { CheckoutForm } from "@/components/checkout";
import { formatMoney } from "@/lib/money";
import { findProduct } from "@/services/catalog";
import { listCheckoutProviders } from "@/services/payment";

export const dynamic = "force-dynamic";

/** Checkout for one product: the buyer gives an email, optionally a site, and picks a provider. */
export default async function CheckoutPage({ params }: { params: Promise<{ product: string }> }) {
  const { product: slug } = await params;
  const product = await findProduct(slug);
  if (!product) notFound();
  const providers = listCheckoutProviders(product);
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="text-2xl font-bold">{product.name}</h1>
      <p className="mt-1 text-slate-600">
        {formatMoney({ amountMinor: product.priceMinor, currency: product.currency })}
        {product.billingInterval ? ` every ${product.billingInterval}` : ""}
      </p>
      {providers.length > 0 ? (
        <CheckoutForm productSlug={product.slug} providers={providers} action={startCheckout} />
      ) : (
        <p role="status" data-testid="checkout-unavailable" className="mt-8 text-slate-700">
          {product.name} cannot be bought online right now. Please get in touch to order it.
        </p>
      )}
    </main>
  );
}
