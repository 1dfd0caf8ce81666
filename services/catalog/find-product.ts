import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { products, type Product } from "@/db/schema";

/** The product on sale with this slug, or null. */
export async function findProduct(slug: string, db: Executor = getDb()): Promise<Product | null> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.slug, slug), eq(products.active, true)));
  return product ?? null;
}
