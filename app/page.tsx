import { ProductList } from "@/components/catalog";
import { listProducts } from "@/services/catalog";

// The catalog lives in the database, so the page is rendered per request, never at build time.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const products = await listProducts();
  return (
    <main className="mx-auto max-w-5xl px-6 py-12">
      <header className="mb-10">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-600">AgencyOS</p>
        <h1 className="mt-2 text-3xl font-bold">Products and services</h1>
        <p className="mt-2 text-slate-600">Sites, plugins and care plans, licensed per domain.</p>
      </header>
      <ProductList products={products} />
    </main>
  );
}
