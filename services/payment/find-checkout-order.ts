import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "@/db/client";
import { checkoutOrders, products, type CheckoutOrder, type Product } from "@/db/schema";

export interface CheckoutOrderView {
  order: CheckoutOrder;
  product: Pick<Product, "slug" | "name" | "kind" | "billingInterval">;
}

const OrderIdSchema = z.uuid();

/** The checkout order with this id and the product it sells, or null (also for an id that is not one). */
export async function findCheckoutOrder(orderId: string, db: Executor = getDb()): Promise<CheckoutOrderView | null> {
  if (!OrderIdSchema.safeParse(orderId).success) return null;
  const [row] = await db
    .select({
      order: checkoutOrders,
      product: {
        slug: products.slug,
        name: products.name,
        kind: products.kind,
        billingInterval: products.billingInterval,
      },
    })
    .from(checkoutOrders)
    .innerJoin(products, eq(products.id, checkoutOrders.productId))
    .where(eq(checkoutOrders.id, orderId));
  return row ?? null;
}
