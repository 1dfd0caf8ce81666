import Link from "next/link";
import { formatMoney } from "@/lib/money";

export interface ProductCardProps {
  product: {
    slug: string;
    name: string;
    description: string;
    kind: "one_time" | "subscription";
    priceMinor: number;
    currency: string;
    billingInterval: "month" | "year" | null;
  };
}

const INTERVAL_LABEL = { month: "/ month", year: "/ year" } as const;

export function ProductCard({ product }: ProductCardProps) {
  const price = formatMoney({ amountMinor: product.priceMinor, currency: product.currency });
  return (
    <article
      data-testid="product-card"
      className="flex flex-col rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
        {product.kind === "subscription" ? "Subscription" : "One-time"}
      </p>
      <h2 className="mt-1 text-lg font-semibold">{product.name}</h2>
      <p className="mt-2 flex-1 text-sm text-slate-600">{product.description}</p>
      <p className="mt-4 text-xl font-bold" data-testid="product-price">
        {price}
        {product.billingInterval ? (
          <span className="ml-1 text-sm font-normal text-slate-500">{INTERVAL_LABEL[product.billingInterval]}</span>
        ) : null}
      </p>
      <Link
        href={`/checkout/${product.slug}`}
        className="mt-4 rounded-lg bg-indigo-600 px-4 py-2 text-center font-semibold text-white hover:bg-indigo-700"
      >
        Buy {product.name}
      </Link>
    </article>
  );
}
