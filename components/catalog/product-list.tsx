import { ProductCard, type ProductCardProps } from "@/components/catalog/product-card";

export function ProductList({ products }: { products: ProductCardProps["product"][] }) {
  if (products.length === 0) {
    return <p className="text-slate-600">No products are on sale yet. Add some with `npm run db:seed`.</p>;
  }
  return (
    <section className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3" aria-label="Products">
      {products.map((product) => (
        <ProductCard key={product.slug} product={product} />
      ))}
    </section>
  );
}
