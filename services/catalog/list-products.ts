import { asc, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { products, type Product } from "@/db/schema";

/** Products in the catalog, by name; only those on sale unless `includeInactive`. */
export async function listProducts(
  options: { includeInactive?: boolean } = {},
  db: Executor = getDb(),
): Promise<Product[]> {
  const query = db.select().from(products).orderBy(asc(products.name));
  return options.includeInactive ? query : query.where(eq(products.active, true));
}
